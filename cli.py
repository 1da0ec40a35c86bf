"""The `prioritise` command line: parses arguments, calls the library, prints or writes results.

Only click is imported up front: each command imports what it needs, so `--help` and a refusal
of a bad option cost nothing, and scoring, plotting, solver and workbook libraries load only in
the commands that use them.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from inputs.config import Config
    from inputs.decisions import Lock
    from inputs.header_map import HeaderMap
    from inputs.models import Register
    from outputs.stamp import Stamp
    from reset.decide import SolverOptions

Command = TypeVar("Command", bound=Callable[..., Any])

REGISTER = click.argument(
    "register", required=False, type=click.Path(path_type=Path, dir_okay=False)
)
CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Config TOML. Default: the sample's config when no register is given.",
)
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
WORKERS = click.option(
    "--workers",
    type=click.IntRange(min=0),
    help="Processes for independent re-solves (core index, scenarios); 0: every core. "
    "Default: every core for large registers and scenario files, one process for small ones.",
)
DASK = click.option(
    "--dask",
    metavar="ADDRESS",
    help="Run independent re-solves on the Dask cluster at ADDRESS (tcp://host:8786).",
)
SHEET = click.option("--sheet", help="Sheet of an .xlsx register to read (default: the first).")
MAP = click.option(
    "--map",
    "map_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Column map TOML (`prioritise map` proposes one): read the register's headings "
    "through it.",
)
SERVE_THREADS = 8
"""Requests the workspace answers at once; what-if solves queue behind two of them."""
QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
SOLVER = click.option(
    "--solver",
    type=click.Choice(["auto", "cbc", "highs"]),
    help="Default: the config's (auto: CBC below 10,000 projects, HiGHS from there).",
)
TIME_LIMIT = click.option(
    "--time-limit", type=click.FloatRange(min=0.1), help="Seconds per solve (default 60)."
)
GAP = click.option(
    "--gap",
    "gap_rel",
    type=click.FloatRange(0, 0.5),
    help="Relative optimality gap to stop at (default 0.005; 0 = prove optimal).",
)


def user_errors(command: Command) -> Command:
    """Every error the product raises for the user's input becomes a message, never a traceback.

    Anything else is a bug: `main` shows it as one line (PRIORITISE_DEBUG=1 for the traceback).
    """

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from inputs.errors import PortfolioError

        try:
            return command(*args, **kwargs)
        except PortfolioError as error:
            from outputs.terminal import terminal_text

            raise click.ClickException(terminal_text(str(error))) from error

    return guarded  # type: ignore[return-value]


def _load_config(config_path: Path | None, register: Path | None) -> Config | None:
    from inputs.config import read_config
    from inputs.sample import sample_config_path

    if config_path is None and register is None:
        config_path = sample_config_path()
    return None if config_path is None else read_config(config_path)


def _load_map(map_path: Path | None) -> HeaderMap | None:
    from inputs.header_map import read_header_map

    return None if map_path is None else read_header_map(map_path)


def _load_register(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    config_required: bool = False,
) -> tuple[Register, Config]:
    """The validated register (headings read through the --map file, if given) and its config
    (the sample's when neither is given)."""
    from inputs.config import config_for_register
    from inputs.errors import InputError
    from inputs.register import read_register
    from inputs.sample import sample_config_path, sample_register_path

    config = _load_config(config_path, register)
    header_map = _load_map(map_path)
    if config is None and config_required:
        raise click.UsageError(
            "deciding the reset needs the council's limits: give --config with [budget_gap], "
            "[capacity] and [budget] (see README, The config; the sample's is "
            f"{sample_config_path()})"
        )
    try:
        loaded = read_register(
            register or sample_register_path(), sheet=sheet, config=config, header_map=header_map
        )
    except InputError as failed:
        raise click.ClickException(
            f"{failed}\nRun `prioritise validate` for the full list with warnings."
        ) from failed
    if config is None:
        _echo(
            "No --config given: scoring with default weights and equal mission weights.", err=True
        )
        config = config_for_register(loaded.years, loaded.missions)
    return loaded, config


@contextlib.contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the current step; silent with --quiet or off a terminal."""
    if quiet or not sys.stderr.isatty():
        yield lambda message: None
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("Starting") as status:

        def show(message: str) -> None:
            status.update(message)
            console.print(message, style="dim", highlight=False)

        yield show


def _write(path: Path, write: Callable[[Path], object]) -> None:
    """`write(temporary)`, then the file into place: the old file or the new, never half."""
    from outputs.output_set import replace_file

    try:
        replace_file(path, write)
    except OSError as error:
        raise click.ClickException(f"cannot write {path}: {error.strerror or error}") from error


def _write_set(
    folder: Path, stamp: Stamp, write: Callable[[Path], list[Path]], known: Iterable[str]
) -> list[Path]:
    """A command's files as one set: all of them replace the previous set, or none does."""
    from outputs.output_set import write_set

    try:
        return write_set(folder, stamp, write, known)
    except OSError as error:
        raise click.ClickException(
            f"cannot write {folder} (the previous files are left as they were): "
            f"{error.strerror or error}"
        ) from error


def _options(
    loaded: Register,
    config: Config,
    solver: str | None,
    time_limit: float | None = None,
    gap_rel: float | None = None,
) -> SolverOptions:
    from reset.decide import solver_options

    return solver_options(config, solver, time_limit, gap_rel, size=len(loaded.projects))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portfolio-reset")
def cli() -> None:
    """Score, check and reset a council's transformation portfolio.

    With no REGISTER, commands use the bundled ~570-project sample portfolio.
    """


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@FORMAT
@user_errors
def validate(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    fmt: str,
) -> None:
    """Check a register; list every problem. Exit 0 if usable, 1 if not (warnings never fail)."""
    from inputs.register import validate_register
    from inputs.sample import sample_register_path
    from outputs.validation_report import format_validation_json, format_validation_text

    config = _load_config(config_path, register)
    report = validate_register(
        register or sample_register_path(),
        sheet=sheet,
        config=config,
        header_map=_load_map(map_path),
    )
    _echo(format_validation_json(report) if fmt == "json" else format_validation_text(report))
    sys.exit(0 if report.ok else 1)


@cli.command("map")
@click.argument("register", type=click.Path(path_type=Path, dir_okay=False))
@SHEET
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The map file to write. Default: <register stem>-map.toml in this folder.",
)
@user_errors
def map_register(register: Path, sheet: str | None, out: Path | None) -> None:
    """Propose a column map for a register headed in its own words: a TOML file for a person
    to check, then pass as --map to every command that reads the register."""
    from inputs.mapping_proposal import propose_mapping

    target = out or Path(f"{register.stem}-map.toml")
    if target.exists():
        raise click.ClickException(
            f"{target} exists and may hold checked edits: give --out another file, or delete it"
        )
    proposal = propose_mapping(register, sheet)
    _write(target, lambda path: path.write_text(proposal.to_toml(), encoding="utf-8"))
    _echo(proposal.describe())
    _echo(
        f"Wrote {target}: check every line, then run prioritise validate {register} --map {target}"
    )


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the full ranking (every project, every number) to this CSV.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="How many projects to print.",
)
@click.option("--no-stability", is_flag=True, help="Skip the Monte Carlo rank bands.")
@user_errors
def score(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    out: Path | None,
    top: int,
    no_stability: bool,
) -> None:
    """Score and rank every project, with the breakdown and rank stability bands."""
    from outputs.ranking import format_ranking, write_ranking
    from outputs.stamp import new_stamp
    from portfolio import build_portfolio
    from prioritise import score_portfolio

    loaded, config = _load_register(register, config_path, sheet, map_path)
    result = score_portfolio(build_portfolio(loaded, config), stability=not no_stability)
    _echo(format_ranking(result, top))
    if out is not None:
        stamp = new_stamp(loaded, config)
        _write(out, lambda path: write_ranking(result, path, stamp))
        _echo(f"Wrote the full ranking of {len(result.projects)} projects to {out}")


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@FORMAT
@user_errors
def check(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    fmt: str,
) -> None:
    """Dependency checks: prerequisites, clashes, double counting, duplicates, enablers."""
    from dependencies.report import check_portfolio
    from outputs.findings_report import format_findings_json, format_findings_text
    from portfolio import build_portfolio

    loaded, config = _load_register(register, config_path, sheet, map_path)
    report = check_portfolio(build_portfolio(loaded, config))
    _echo(format_findings_json(report) if fmt == "json" else format_findings_text(report))


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default="graph.html",
    show_default=True,
    help="The interactive page (.html), or .graphml / .json.",
)
@click.option(
    "--colour-by",
    type=click.Choice(["programme", "directorate"]),
    default="programme",
    show_default=True,
)
@user_errors
def graph(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    out: Path,
    colour_by: str,
) -> None:
    """Write the dependency graph: an offline interactive page, GraphML or node-link JSON."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".graphml", ".json"):
        raise click.BadParameter("name the file .html, .graphml or .json", param_hint="--out")
    from dependencies.export import write_graphml, write_node_link_json
    from dependencies.report import check_portfolio
    from outputs.graph_page import write_graph_page
    from outputs.stamp import new_stamp
    from portfolio import build_portfolio

    loaded, config = _load_register(register, config_path, sheet, map_path)
    network = check_portfolio(build_portfolio(loaded, config)).graph
    stamp = new_stamp(loaded, config)
    network.graph.update(stamp.as_dict())  # GraphML and JSON keep graph attributes
    writers = {
        ".html": lambda path: write_graph_page(network, path, stamp, colour_by),
        ".graphml": lambda path: write_graphml(network, path),
        ".json": lambda path: write_node_link_json(network, path),
    }
    _write(out, writers[suffix])
    _echo(f"Wrote {out}: {network.number_of_nodes()} projects, {network.number_of_edges()} links")


class LockParam(click.ParamType):
    """ID=DECISION, e.g. SC5=pause; DECISION one of accelerate, continue, keep, pause, terminate."""

    name = "ID=DECISION"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Lock]:
        if isinstance(value, tuple):
            return value
        from inputs.decisions import Lock  # here, not at start-up: only a command with a lock

        project, sep, decision = str(value).partition("=")
        try:
            lock = Lock.parse(decision)
        except ValueError:
            choices = ", ".join(lock.value for lock in Lock)
            self.fail(f"'{value}' is not ID=DECISION with DECISION one of {choices}")
        if not sep or not project.strip():
            self.fail(f"'{value}' is not ID=DECISION, e.g. SC5=pause")
        return project.strip(), lock


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="reset-output",
    show_default=True,
    help="Folder for decisions.csv, decisions.xlsx, summary.json and report.html.",
)
@SOLVER
@TIME_LIMIT
@GAP
@click.option(
    "--lock", "locks", type=LockParam(), multiple=True, help="Force a decision: ID=pause."
)
@click.option(
    "--frontier/--no-frontier",
    default=None,
    help="The efficient frontier (default: on up to 10,000 projects).",
)
@click.option(
    "--stability/--no-stability",
    default=None,
    help="Monte Carlo rank bands (default: on up to 5,000 projects).",
)
@click.option(
    "--core/--no-core",
    default=None,
    help="Each project's core index: the share of good plans over sampled futures it is in "
    "(default: on up to 2,000 projects).",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="Also find the plan that closes each year's gap with this chance (e.g. 0.8), and "
    "what that confidence costs against the recommended plan.",
)
@WORKERS
@DASK
@FORMAT
@QUIET
@user_errors
def run(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    out: Path,
    solver: str | None,
    time_limit: float | None,
    gap_rel: float | None,
    locks: tuple[tuple[str, Lock], ...],
    frontier: bool | None,
    stability: bool | None,
    core: bool | None,
    confidence: float | None,
    workers: int | None,
    dask: str | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Decide accelerate, continue, pause or terminate for every project, with reasons."""
    from outputs.reset_files import RUN_FILES, format_run_text, write_run_files
    from outputs.run_tables import RunTables
    from parallel import executor_for
    from reset.decide import Choices
    from reset.run import run_reset

    loaded, config = _load_register(register, config_path, sheet, map_path, config_required=True)
    options = _options(loaded, config, solver, time_limit, gap_rel)
    choices = Choices(locks=dict(locks))
    with _progress(quiet or fmt == "json") as step:
        result = run_reset(
            loaded,
            config,
            choices,
            options,
            frontier=frontier,
            progress=step,
            stability=stability,
            core=core,
            executor=executor_for(dask, workers),
            confidence=confidence,
        )
        tables = RunTables(result)
        step("Writing the decisions, the workbook and the board pack")
        written = _write_set(
            out, tables.stamp, lambda folder: write_run_files(tables, folder), RUN_FILES
        )
    if fmt == "json":
        _echo(json.dumps(tables.summary, indent=2, default=str))
    else:
        _echo(format_run_text(tables))
        _echo(f"Wrote {', '.join(str(path) for path in written)}")


class ResumeParam(click.ParamType):
    """ID=YEAR: pause the project now and resume it in that year."""

    name = "ID=YEAR"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        from inputs.years import parse_year

        project, sep, year = str(value).partition("=")
        if not sep or not project.strip():
            self.fail(f"'{value}' is not ID=YEAR, e.g. SC5=2026/27")
        try:
            return project.strip(), parse_year(year.strip())
        except ValueError as error:
            self.fail(f"{error}, e.g. SC5=2026/27")


class ChangeParam(click.ParamType):
    """KEY=+N or KEY=-N: extra FTE of a role (ROLE@YEAR: in that year only), or (with `year`)
    extra £k in a financial year."""

    name = "KEY=+N"

    def __init__(self, year: bool = False) -> None:
        self.year = year

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, float]:
        if isinstance(value, tuple):
            return value
        key, sep, amount = str(value).partition("=")
        try:
            number = float(amount.replace(",", "").replace("£", "").removesuffix("k"))
        except ValueError:
            number = None
        if not sep or not key.strip() or number is None or not math.isfinite(number):
            self.fail(f"'{value}' is not KEY=+N, e.g. business_analyst=+2 or 2025/26=+500")
        from inputs.years import parse_year, role_year_key

        if not self.year:
            try:
                return role_year_key(key), number
            except ValueError as error:
                self.fail(f"{error}, e.g. ict@2025/26=+2")
        try:
            return parse_year(key), number
        except ValueError as error:
            self.fail(f"{error}, e.g. 2025/26=+500")


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option("--pause", multiple=True, metavar="ID", help="Pause this project (repeatable).")
@click.option("--keep", multiple=True, metavar="ID", help="Keep this project going.")
@click.option("--accelerate", multiple=True, metavar="ID", help="Accelerate this project.")
@click.option("--terminate", multiple=True, metavar="ID", help="Terminate this project.")
@click.option(
    "--resume",
    multiple=True,
    type=ResumeParam(),
    help="ID=YEAR: pause this project now and resume it in that year.",
)
@click.option(
    "--capacity",
    multiple=True,
    type=ChangeParam(),
    help="ROLE=+N extra FTE every year, or ROLE@YEAR=+N in that year.",
)
@click.option("--budget", multiple=True, type=ChangeParam(year=True), help="YEAR=+N extra £k.")
@click.option(
    "--scenarios",
    "scenarios_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML file of named scenarios, compared side by side.",
)
@click.option(
    "--from-workbook",
    "workbooks",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A decisions workbook edited by a director: changed decisions become locks. Repeat "
    "it for each directorate's return; two returns that edit a project differently are refused.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="whatif-output",
    show_default=True,
    help="Folder for comparison.csv, comparison.json, comparison.html and scenarios.csv.",
)
@SOLVER
@TIME_LIMIT
@GAP
@WORKERS
@DASK
@FORMAT
@QUIET
@user_errors
def whatif(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    pause: tuple[str, ...],
    keep: tuple[str, ...],
    accelerate: tuple[str, ...],
    terminate: tuple[str, ...],
    resume: tuple[tuple[str, str], ...],
    capacity: tuple[tuple[str, float], ...],
    budget: tuple[tuple[str, float], ...],
    scenarios_path: Path | None,
    workbooks: tuple[Path, ...],
    out: Path,
    solver: str | None,
    time_limit: float | None,
    gap_rel: float | None,
    workers: int | None,
    dask: str | None,
    fmt: str,
    quiet: bool,
) -> None:
    """Lock decisions or add people or money, re-optimise, and compare with the baseline."""
    from inputs.scenarios import Scenario, read_scenarios
    from outputs.comparison_files import (
        COMPARISON_FILES,
        comparison_stamp,
        format_comparison_text,
        write_comparison,
    )
    from outputs.workbook_edits import merge_decision_locks, workbook_labels
    from parallel import executor_for
    from reset.whatif import run_scenarios

    if workbooks and register is None:
        from inputs.sample import sample_register_path

        raise click.UsageError(
            "the edits in a --from-workbook belong to the register it was exported from: give "
            "that REGISTER, e.g. prioritise whatif register.xlsx --config council.toml "
            f"--from-workbook {workbooks[0].name} (the bundled sample is {sample_register_path()})"
        )
    loaded, config = _load_register(register, config_path, sheet, map_path, config_required=True)
    options = _options(loaded, config, solver, time_limit, gap_rel)
    scenarios = read_scenarios(scenarios_path) if scenarios_path else []
    edited = merge_decision_locks(workbooks)
    asked = Scenario(
        name=f"edits in {', '.join(workbook_labels(workbooks))}" if workbooks else "what-if",
        pause=pause,
        keep=keep,
        accelerate=accelerate,
        terminate=terminate,
        capacity=dict(capacity),
        budget=dict(budget),
        resume=dict(resume),
    ).with_locks(edited)
    if asked.describe() != "no changes" or not scenarios:
        scenarios.insert(0, asked)
    with _progress(quiet or fmt == "json") as step:
        executor = executor_for(dask, 0 if workers is None else workers)
        if len(scenarios) <= 1 and not dask:
            executor = None
        comparisons = run_scenarios(loaded, config, scenarios, options, step, executor=executor)
    stamp = comparison_stamp(comparisons)
    paths = _write_set(
        out, stamp, lambda folder: write_comparison(comparisons, folder, stamp), COMPARISON_FILES
    )
    if fmt == "json":
        _echo(json.dumps([c.to_dict() for c in comparisons], indent=2, default=float))
        return
    for comparison in comparisons:
        _echo(format_comparison_text(comparison))
    _echo("Wrote " + ", ".join(str(p) for p in paths))


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option(
    "--by",
    type=click.Choice(["directorate", "programme"]),
    default="directorate",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default="validation-workbooks",
    show_default=True,
    help="Folder for the workbooks.",
)
@click.option("--single-file", is_flag=True, help="One workbook with a sheet per group.")
@SOLVER
@QUIET
@user_errors
def export(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    by: str,
    out: Path,
    single_file: bool,
    solver: str | None,
    quiet: bool,
) -> None:
    """Ranked decisions per directorate (or programme) for validation, one file or sheet each."""
    from outputs.run_tables import RunTables
    from outputs.workbook import GroupBy, write_group_workbooks
    from reset.run import run_reset

    loaded, config = _load_register(register, config_path, sheet, map_path, config_required=True)
    with _progress(quiet) as step:
        result = run_reset(
            loaded,
            config,
            options=_options(loaded, config, solver),
            frontier=False,
            progress=step,
            stability=False,
        )
    tables = RunTables(result)
    grouped = cast(GroupBy, by)
    paths = _write_set(
        out,
        tables.stamp,
        lambda folder: write_group_workbooks(tables, folder, grouped, single_file),
        [path.name for path in out.glob("decisions-*.xlsx")] if out.is_dir() else [],
    )
    _echo(f"Wrote {len(paths)} workbook(s) by {by} to {out}:")
    for path in paths:
        _echo(f"  {path}")


@cli.command()
@click.option(
    "--what",
    type=click.Choice(["register", "project", "config"]),
    default="register",
    show_default=True,
    help="Which model's schema to print.",
)
def schema(what: str) -> None:
    """Print the JSON Schema of the validated register (or project, or config) for integrators."""
    from pydantic import BaseModel

    from inputs.config import Config
    from inputs.models import Project, Register

    models: dict[str, type[BaseModel]] = {
        "register": Register,
        "project": Project,
        "config": Config,
    }
    _echo(json.dumps(models[what].model_json_schema(), indent=2))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@user_errors
def verify(folder: Path) -> None:
    """Check an output folder (of run, whatif or export) is one whole set from one run, as its
    run.json lists it, before it is sent on or read back."""
    from outputs.output_set import check_set, set_stamp

    problems = check_set(folder)
    if problems:
        raise click.ClickException(
            f"{folder} is not one whole set:\n" + "\n".join(f"  {p}" for p in problems)
        )
    stamp = set_stamp(folder)
    _echo(f"{folder}: one whole set. {stamp.text()}")


@cli.command()
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@CONFIG
@user_errors
def template(out: Path, config_path: Path | None) -> None:
    """Write an empty register workbook (OUT.xlsx) with drop-downs and a notes sheet."""
    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            "the template is an Excel workbook: name it something.xlsx", param_hint="OUT"
        )
    from outputs.template import write_template

    config = _load_config(config_path, None)
    if config is None:
        raise click.UsageError("no config to write the template's columns from")
    _write(out, lambda path: write_template(path, config))
    _echo(
        f"Wrote {out}: columns for {len(config.years)} years, {len(config.capacity)} roles, "
        f"{len(config.missions)} missions; see its Notes sheet."
    )


@cli.command()
@REGISTER
@CONFIG
@SHEET
@MAP
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8050, show_default=True)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Served behind an HTTPS reverse proxy on this machine: trust its X-Forwarded "
    "headers (one hop) and mark cookies Secure.",
)
@click.option(
    "--database-url",
    help="Where saved scenarios live (SQLAlchemy URL, e.g. postgresql://...). Default: a "
    "SQLite file beside the register (for the sample, in this folder).",
)
@SOLVER
@QUIET
@user_errors
def serve(
    register: Path | None,
    config_path: Path | None,
    sheet: str | None,
    map_path: Path | None,
    host: str,
    port: int,
    behind_proxy: bool,
    database_url: str | None,
    solver: str | None,
    quiet: bool,
) -> None:
    """Open the reset workspace in the browser: the plan, and what-ifs answered on the page."""
    from workspace.app import create_app
    from workspace.state import open_workspace
    from workspace.store import default_database_url

    loaded, config = _load_register(register, config_path, sheet, map_path, config_required=True)
    url = database_url or default_database_url(register, Path.cwd())
    with _progress(quiet) as step:
        opened = open_workspace(loaded, config, url, _options(loaded, config, solver), step)
    import waitress

    app = create_app(opened, host, behind_proxy)
    signing = "sign-in required" if opened.accounts.any() else "no accounts: open to this machine"
    _echo(
        f"The reset workspace is at http://{host}:{port}/ ({signing}; Ctrl-C stops it); "
        f"saved in {url}"
    )
    waitress.serve(app.server, host=host, port=port, threads=SERVE_THREADS, ident="reset")


DATABASE_URL = click.option(
    "--database-url",
    help="The workspace's database (SQLAlchemy URL, e.g. postgresql://...). Default: the SQLite "
    "file beside --register (for the sample, in this folder).",
)
REGISTER_OPTION = click.option(
    "--register",
    "register_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The register whose workspace database to use (the file beside it).",
)


def _engine(register_path: Path | None, database_url: str | None) -> Engine:
    """The workspace database, opened and brought up to date."""
    from database.engine import open_engine
    from database.migrate import upgrade
    from workspace.store import default_database_url

    engine = open_engine(database_url or default_database_url(register_path, Path.cwd()))
    upgrade(engine)
    return engine


def _operator() -> str:
    """Who ran a command, as the decision record names them."""
    import getpass

    return f"{getpass.getuser()} (command line)"


@cli.group()
def db() -> None:
    """The workspace database: bring its schema up to date, or back it up."""


@db.command("upgrade")
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def db_upgrade(register_path: Path | None, database_url: str | None) -> None:
    """Apply every schema migration the database lacks (serve does this on start too)."""
    from database.migrate import head

    engine = _engine(register_path, database_url)
    _echo(f"{engine.url.render_as_string()} is at schema revision {head()}")


@db.command("backup")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def db_backup(out: Path, register_path: Path | None, database_url: str | None) -> None:
    """Copy the database to OUT, consistently, even while the workspace is serving.

    To restore: stop the workspace, then copy OUT over the database file.
    """
    from database.backup import backup

    engine = _engine(register_path, database_url)
    copied = backup(engine.url.render_as_string(hide_password=False), out)
    _echo(f"Backed up {engine.url.database} to {copied} ({copied.stat().st_size:,} bytes)")


@cli.group()
def users() -> None:
    """Accounts for the workspace: add, list, disable, enable, reset a password."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


PASSWORD_STDIN = click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)


@users.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["board", "director", "pmo", "analyst", "viewer"]),
    required=True,
)
@click.option("--directorate", help="The directorate a director validates (directors only).")
@PASSWORD_STDIN
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def users_add(
    name: str,
    role: str,
    directorate: str | None,
    password_stdin: bool,
    register_path: Path | None,
    database_url: str | None,
) -> None:
    """Add an account (asks for its password)."""
    from review.accounts import Accounts
    from review.roles import Role

    accounts = Accounts(_engine(register_path, database_url))
    user = accounts.add(name, Role(role), directorate, _password(password_stdin), _operator())
    _echo(f"Added {user.describe()}")


@users.command("list")
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def users_list(register_path: Path | None, database_url: str | None) -> None:
    """Every account, its role and whether it is active."""
    from review.accounts import Accounts

    found = Accounts(_engine(register_path, database_url)).all()
    if not found:
        _echo("No accounts: the workspace runs without sign-in. Add one with users add.")
    for user in found:
        _echo(f"{user.describe()}{'  [disabled]' if user.disabled else ''}")


@users.command("disable")
@click.argument("name")
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def users_disable(name: str, register_path: Path | None, database_url: str | None) -> None:
    """Disable an account: its sessions end at once and it cannot sign in."""
    from review.accounts import Accounts

    user = Accounts(_engine(register_path, database_url)).set_disabled(name, True, _operator())
    _echo(f"Disabled {user.describe()}")


@users.command("enable")
@click.argument("name")
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def users_enable(name: str, register_path: Path | None, database_url: str | None) -> None:
    """Re-enable a disabled account."""
    from review.accounts import Accounts

    user = Accounts(_engine(register_path, database_url)).set_disabled(name, False, _operator())
    _echo(f"Enabled {user.describe()}")


@users.command("reset-password")
@click.argument("name")
@PASSWORD_STDIN
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def users_reset_password(
    name: str, password_stdin: bool, register_path: Path | None, database_url: str | None
) -> None:
    """Set a new password (asks for it); the account's sessions end."""
    from review.accounts import Accounts

    accounts = Accounts(_engine(register_path, database_url))
    user = accounts.set_password(name, _password(password_stdin), _operator())
    _echo(f"New password set for {user.describe()}; their sessions have ended")


@cli.group()
def audit() -> None:
    """The decision record: verify its hash chain, or export it."""


@audit.command("verify")
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def audit_verify(register_path: Path | None, database_url: str | None) -> None:
    """Check every entry's hash and link; exits 1 if anything was altered or removed."""
    from review.audit import verify

    found = verify(_engine(register_path, database_url))
    if not found.intact:
        for problem in found.broken:
            _echo(problem, err=True)
        raise click.ClickException(
            f"the decision record does not verify: {len(found.broken)} problem(s) in "
            f"{found.entries} entries"
        )
    _echo(f"The decision record verifies: {found.entries} entries, every link intact")


@audit.command("export")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def audit_export(out: Path, register_path: Path | None, database_url: str | None) -> None:
    """Write the whole record as CSV (every field and hash, to verify elsewhere)."""
    from review.audit import write_csv

    engine = _engine(register_path, database_url)
    counts: list[int] = []
    _write(out, lambda path: counts.append(write_csv(engine, path)))
    _echo(f"Wrote {counts[0]} entries to {out}")


@audit.command("record")
@click.argument("out", type=click.Path(path_type=Path, dir_okay=False))
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def audit_record(out: Path, register_path: Path | None, database_url: str | None) -> None:
    """Write the record of decision for committee (OUT.html): the plan of record, its date,
    who approved it, the reasons, the alternatives rejected, the directorates' validation."""
    from review.board import Board
    from review.record import write_record
    from review.rounds import Rounds

    engine = _engine(register_path, database_url)
    rounds = Rounds(engine)
    _write(out, lambda path: write_record(path, engine, rounds, Board(engine, rounds)))
    _echo(f"Wrote the record of decision to {out}")


@cli.group("round")
def round_group() -> None:
    """Validation rounds done offline: a director's returned workbook read into the round."""


@round_group.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--user", "name", required=True, help="The director whose workbook this is.")
@PASSWORD_STDIN
@REGISTER_OPTION
@DATABASE_URL
@user_errors
def round_import(
    workbook: Path,
    name: str,
    password_stdin: bool,
    register_path: Path | None,
    database_url: str | None,
) -> None:
    """Record a director's returned decisions workbook in the open round, under their name
    (they sign in with their password): unchanged rows accept, changed rows challenge (the
    Comment column says why); other directorates' rows must be left as recommended."""
    from review.accounts import Accounts
    from review.offline import import_workbook
    from review.rounds import RoundError, Rounds

    engine = _engine(register_path, database_url)
    accounts = Accounts(engine)
    user, token = accounts.sign_in(name, _password(password_stdin), "command line")
    accounts.sign_out(token)
    rounds = Rounds(engine)
    current = rounds.current()
    if current is None or not current.open:
        raise RoundError("no round is open: the PMO issues one in the workspace")
    imported = import_workbook(rounds, current.id, workbook, user)
    _echo(
        f"Recorded {workbook.name} for {user.describe()} in '{current.name}': {imported.describe()}"
    )


def main() -> None:
    """Entry point: a bug shows a short message, not a traceback (PRIORITISE_DEBUG=1 shows it);
    Ctrl-C stops with one line and exit code 130, as a shell expects."""
    try:
        code = cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say("Stopped by Ctrl-C.")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except SystemExit:
        raise
    except BrokenPipeError:  # the reader went away (e.g. | head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        _say(f"Error: {error.strerror or error}{where}. Fix: free space or choose another place.")
        sys.exit(1)
    except Exception as error:
        if os.environ.get("PRIORITISE_DEBUG"):
            raise
        _echo(
            f"Error: unexpected {type(error).__name__}: {error}\n"
            "This is a bug in prioritise; rerun with PRIORITISE_DEBUG=1 and report it.",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _say(line: str) -> None:
    """One line to stderr, even when stderr itself cannot take it."""
    with contextlib.suppress(OSError):
        _echo(line, err=True)


def _echo(message: str, err: bool = False) -> None:
    """Print for a person: register text reaches the terminal without control characters."""
    from outputs.terminal import terminal_text

    click.echo(terminal_text(message), err=err)
