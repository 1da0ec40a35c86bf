"""The council's settings: horizon, budget gap, capacity, budget, missions and weights."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inputs.errors import ConfigError
from inputs.files import read_limited
from inputs.governance_settings import GovernanceSettings
from inputs.plan_settings import OptimiserSettings
from inputs.problems import Problem, Refused, Severity
from inputs.risk_settings import RiskSettings
from inputs.settings import (
    CriteriaWeights,
    DependencySettings,
    ScoringSettings,
    StabilitySettings,
)
from inputs.stream_settings import StreamSettings
from inputs.target_settings import TargetSettings
from inputs.toml_text import MAX_TOML_BYTES, parse_toml
from inputs.values import FIGURE_LIMIT, normalise_token
from inputs.years import parse_year, year_sort_key

NonNegative = Annotated[float, Field(ge=0)]


class Config(BaseModel):
    """Validated config; a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(default="", description="council or portfolio name, shown in reports")
    years: tuple[str, ...] = Field(min_length=1, description="financial years of the horizon")
    budget_gap: dict[str, NonNegative] = Field(description="£k of new savings needed each year")
    capacity: dict[str, NonNegative | dict[str, NonNegative]] = Field(
        description="FTE available per role: one number for every year, or a table by year"
    )
    budget: dict[str, NonNegative] = Field(description="£k investment available each year")
    missions: dict[str, str] = Field(
        default_factory=dict, description="mission key (align_<key>) -> display name"
    )
    weights: CriteriaWeights = Field(default_factory=CriteriaWeights)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    stability: StabilitySettings = Field(default_factory=StabilitySettings)
    dependencies: DependencySettings = Field(default_factory=DependencySettings)
    optimiser: OptimiserSettings = Field(default_factory=OptimiserSettings)
    governance: GovernanceSettings = Field(default_factory=GovernanceSettings)
    target: TargetSettings = Field(default_factory=TargetSettings)
    risk: RiskSettings = Field(default_factory=RiskSettings)
    streams: dict[str, StreamSettings] = Field(
        default_factory=dict,
        description="funding stream -> its budget per year; projects name it in funding_stream",
    )

    @field_validator("years")
    @classmethod
    def _years_in_order(cls, years: tuple[str, ...]) -> tuple[str, ...]:
        canonical = tuple(parse_year(year) for year in years)
        starts = [year_sort_key(year) for year in canonical]
        if starts != list(range(starts[0], starts[0] + len(starts))):
            raise ValueError(f"years must be consecutive and in order, got {list(years)}")
        return canonical

    @field_validator("budget_gap", "budget", mode="before")
    @classmethod
    def _year_keys(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {parse_year(str(year)): amount for year, amount in values.items()}

    @model_validator(mode="after")
    def _every_year_given(self) -> Config:
        for table in ("budget_gap", "budget"):
            given = getattr(self, table)
            missing = [year for year in self.years if year not in given]
            extra = [year for year in given if year not in self.years]
            if missing:
                raise ValueError(
                    f"[{table}] has no amount for {', '.join(missing)} (give 0 if none)"
                )
            if extra:
                raise ValueError(f"[{table}] names {', '.join(extra)}, outside years {self.years}")
        return self

    @field_validator("capacity", mode="before")
    @classmethod
    def _capacity_year_keys(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {
            role: _year_table(f"[capacity.{role}]", table) if isinstance(table, dict) else table
            for role, table in values.items()
        }

    @field_validator("streams", mode="before")
    @classmethod
    def _stream_keys(cls, values: Any) -> Any:
        """Stream names as the register's funding_stream cells are matched: 'DSG' = 'dsg'."""
        if not isinstance(values, dict):
            return values
        keys = [normalise_token(str(name)) for name in values]
        if len(set(keys)) < len(keys):
            raise ValueError(f"[streams] names a stream twice: {sorted(values)}")
        return dict(zip(keys, values.values(), strict=True))

    @model_validator(mode="after")
    def _stream_budgets_cover_the_horizon(self) -> Config:
        for name, stream in self.streams.items():
            _covers(f"[streams.{name}.budget]", stream.budget, self.years, "£k")
        return self

    @model_validator(mode="after")
    def _capacity_tables_cover_the_horizon(self) -> Config:
        for role, table in self.capacity.items():
            if isinstance(table, dict):
                _covers(f"[capacity.{role}]", table, self.years)
        for role, external in self.optimiser.external.items():
            if isinstance(external.max_fte, dict):
                _covers(f"[optimiser.external.{role}] max_fte", external.max_fte, self.years)
        return self

    def capacity_of(self, role: str) -> tuple[float, ...]:
        """A role's FTE in each year of the horizon."""
        return _yearly(self.capacity[role], self.years)

    def external_of(self, role: str) -> tuple[float, ...]:
        """External FTE of a role that can be bought in each year (0 where none)."""
        external = self.optimiser.external.get(role)
        return _yearly(0.0 if external is None else external.max_fte, self.years)

    @model_validator(mode="after")
    def _mission_weights_named(self) -> Config:
        unknown = sorted(set(self.scoring.mission_weights) - set(self.missions))
        if unknown:
            raise ValueError(f"[scoring.mission_weights] names {unknown}, not in [missions]")
        return self

    @model_validator(mode="after")
    def _per_year_tables_in_the_horizon(self) -> Config:
        for where, table in (
            ("[optimiser.transformation_budget]", self.optimiser.transformation_budget),
            ("[target.reserves]", self.target.reserves),
        ):
            extra = [y for y in table if y not in self.years]
            if extra:
                raise ValueError(f"{where} names {', '.join(extra)}, outside years {self.years}")
        return self

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(sorted(self.capacity))


def _year_table(where: str, table: dict[str, Any]) -> dict[str, Any]:
    """A table by year with each year read as a financial year, naming the table if one is not."""
    try:
        return {parse_year(str(year)): value for year, value in table.items()}
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from error


def _yearly(value: float | dict[str, float], years: tuple[str, ...]) -> tuple[float, ...]:
    if isinstance(value, dict):
        return tuple(float(value[year]) for year in years)
    return (float(value),) * len(years)


def _covers(where: str, table: dict[str, float], years: tuple[str, ...], unit: str = "FTE") -> None:
    missing = [year for year in years if year not in table]
    extra = [year for year in table if year not in years]
    if missing and unit == "FTE":
        raise ValueError(
            f"{where} has no FTE for {', '.join(missing)}: give every year, or one number for all"
        )
    if missing:
        raise ValueError(f"{where} has no amount for {', '.join(missing)} (give 0 if none)")
    if extra:
        raise ValueError(f"{where} names {', '.join(extra)}, outside years {years}")


def read_config(path: Path) -> Config:
    """The config in a TOML file.

    Raises:
        ConfigError: the file is missing, not a regular file, too large or deep, not TOML, has
            a figure that is not finite or is absurdly large, or breaks the rules above; every
            problem listed.
    """
    file = path.name
    try:
        text = read_limited(path, MAX_TOML_BYTES).decode("utf-8-sig")
    except Refused as refused:
        fix = refused.fix
        if refused.message.startswith("file not found"):
            fix = "check the path, or leave --config out to use the sample"
        raise ConfigError([_problem(file, None, refused.message, fix)]) from refused
    except UnicodeDecodeError as error:
        raise ConfigError(
            [_problem(file, None, f"is not UTF-8 text ({error})", "save it as UTF-8 text")]
        ) from error
    data = _parse(file, text)
    figures = list(_bad_figures(file, data))
    if figures:
        raise ConfigError(figures)
    try:
        return Config.model_validate(data)
    except ValidationError as invalid:
        errors = _one_reading(invalid.errors(), data)
        raise ConfigError([_config_problem(file, error) for error in errors]) from invalid


def _parse(file: str, text: str) -> dict[str, Any]:
    try:
        return parse_toml(text)
    except Refused as refused:
        fix = refused.fix or "correct the TOML syntax (see README, Config)"
        raise ConfigError([_problem(file, None, refused.message, fix)]) from refused


def _bad_figures(file: str, value: Any, key: str = "") -> Iterator[Problem]:
    """Every number in the config that is NaN, infinite or beyond FIGURE_LIMIT (TOML reads
    `inf`, `nan` and `1e308` as floats, and a weight of inf would swamp every other)."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _bad_figures(file, item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _bad_figures(file, item, key)
    elif _is_figure(value) and not -FIGURE_LIMIT <= value <= FIGURE_LIMIT:  # NaN fails too
        finite = not isinstance(value, float) or math.isfinite(value)
        yield _problem(
            file,
            key,
            f"is too large to be a figure (beyond {FIGURE_LIMIT:,.0f})"
            if finite
            else "is not a finite number",
            "enter the figure as meant (money is in £k: 1000000 is £1bn)",
            value,
        )


def _is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_UNION_MEMBER = re.compile(r"^(constrained-\w+|float|int|str|bool|dict\[.*\]|list\[.*\])$")


def _one_reading(errors: list[Any], data: Any) -> list[Any]:
    """Errors of a value that may be a number or a table (capacity by year) as the value was
    written: a number's errors for a number, a table's for a table, with pydantic's name of the
    reading dropped from the key."""
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        at = next((k for k, part in enumerate(loc) if _UNION_MEMBER.match(str(part))), None)
        if at is None:
            kept.append(error)
            continue
        value: Any = data
        for part in loc[:at]:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict) == str(loc[at]).startswith("dict["):
            kept.append({**error, "loc": loc[:at] + loc[at + 1 :]})
    return kept


def _config_problem(file: str, error: Any) -> Problem:
    key = ".".join(str(part) for part in error["loc"]) or None
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return _problem(
            file, key, "is not a config key", _spelling_fix(error["loc"]), error["input"]
        )
    if error["type"] == "missing":
        return _problem(file, key, "is required but missing", "add it; see README, Config")
    return _problem(file, key, message, "correct the value; see README, Config", error["input"])


def _spelling_fix(loc: tuple[Any, ...]) -> str:
    sections: dict[str, type[BaseModel]] = {
        "weights": CriteriaWeights,
        "scoring": ScoringSettings,
        "stability": StabilitySettings,
        "dependencies": DependencySettings,
        "optimiser": OptimiserSettings,
    }
    model = sections.get(str(loc[0]), Config) if len(loc) > 1 else Config
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"{hint}remove it or correct the spelling; see README, Config"


def _problem(file: str, key: str | None, message: str, fix: str, value: Any = None) -> Problem:
    shown = None if value is None or isinstance(value, dict) else str(value)
    return Problem(
        severity=Severity.ERROR, file=file, key=key, value=shown, message=message, fix=fix
    )


def config_for_register(years: tuple[str, ...], missions: tuple[str, ...]) -> Config:
    """A neutral config for scoring a register that came without one: equal mission weights,
    default criteria weights, no gap, budget or capacity. Callers should say it was assumed."""
    if not years:
        raise ConfigError(
            [
                _problem(
                    "(no config given)",
                    "years",
                    "cannot be taken from the register: it has no benefit or cost columns",
                    "add benefit_<year> or cost_<year> columns, or give --config with years",
                )
            ]
        )
    return Config(
        name="(no config given)",
        years=years,
        budget_gap=dict.fromkeys(years, 0.0),
        budget=dict.fromkeys(years, 0.0),
        capacity={},
        missions={m: m.replace("_", " ").capitalize() for m in missions},
    )
