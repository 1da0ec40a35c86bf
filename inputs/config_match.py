"""Matching the years, roles, missions and funding streams a register names against the config."""

from __future__ import annotations

from inputs.config import Config
from inputs.models import Project
from inputs.problems import Problem, Severity
from inputs.values import normalise_token
from inputs.years import year_slug


def match_to_config(
    file: str,
    years: tuple[str, ...],
    roles: tuple[str, ...],
    missions: tuple[str, ...],
    config: Config,
) -> list[Problem]:
    """Warnings for every year, role or mission named on one side and not the other; an error
    when the register's years and the config's do not overlap at all (nothing would count)."""
    apart = []
    if years and not set(years) & set(config.years):
        apart.append(
            Problem(
                severity=Severity.ERROR,
                file=file,
                message=f"none of the register's years ({', '.join(years)}) is among the "
                f"config's ({', '.join(config.years)}): no benefit or cost would count",
                fix="set `years` in the config to the years the register's columns name, or "
                "give the register columns for the config's years",
            )
        )
    return [
        *apart,
        *_mismatch(
            file,
            "year",
            years,
            config.years,
            "benefits and costs for {k} fall outside the config's years and are not counted",
            "add {k} to `years` in the config, or remove the column",
            "config year {k} has no benefit or cost column in the register",
            "add benefit_{slug}_low/_high and cost_{slug} columns",
        ),
        *_mismatch(
            file,
            "role",
            roles,
            config.roles,
            "role {k} has no capacity in the config, so it will not limit the plan",
            "add `{k} = <FTE available>` under [capacity]",
            "config has capacity for {k} but the register has no fte_{k} column",
            "add an fte_{k} column, or remove {k} from [capacity]",
        ),
        *_mismatch(
            file,
            "mission",
            missions,
            tuple(config.missions),
            "mission {k} is not in the config's [missions], so it is not scored",
            'add `{k} = "<display name>"` under [missions]',
            "config mission {k} has no align_{k} column: every project scores 0 on it",
            "add an align_{k} column, or remove {k} from [missions]",
        ),
    ]


def _mismatch(
    file: str,
    what: str,
    in_register: tuple[str, ...],
    in_config: tuple[str, ...],
    register_only: str,
    register_fix: str,
    config_only: str,
    config_fix: str,
) -> list[Problem]:
    problems = []
    for key in sorted(set(in_register) - set(in_config)):
        slug = year_slug(key)
        problems.append(
            _warning(
                file, register_only.format(k=key), register_fix.format(k=key, slug=slug), what, key
            )
        )
    for key in sorted(set(in_config) - set(in_register)):
        slug = year_slug(key)
        problems.append(
            _warning(
                file, config_only.format(k=key), config_fix.format(k=key, slug=slug), what, key
            )
        )
    return problems


def _warning(file: str, message: str, fix: str, what: str, key: str) -> Problem:
    return Problem(
        severity=Severity.WARNING, file=file, message=message, fix=fix, key=f"{what}:{key}"
    )


def stream_problems(projects: tuple[Project, ...], file: str, config: Config) -> list[Problem]:
    """An error at every funding_stream cell that names no stream of the config's [streams]."""
    known = sorted(config.streams)
    problems = []
    for project in projects:
        stream = project.funding_stream
        if stream is None or normalise_token(stream) in config.streams:
            continue
        problems.append(
            Problem(
                severity=Severity.ERROR,
                file=file,
                row=project.source_row,
                column="funding_stream",
                value=stream,
                project_id=project.id,
                message="is not a funding stream of the config",
                fix=(
                    f"use one of {', '.join(known)}, leave it blank for the general fund, "
                    f"or add [streams.{normalise_token(stream)}] with its budget to the config"
                    if known
                    else "leave it blank for the general fund, or add "
                    f"[streams.{normalise_token(stream)}] with its budget to the config"
                ),
            )
        )
    return problems
