"""The council's settings: horizon, budget gap, capacity, budget, missions and weights."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from inputs.errors import ConfigError
from inputs.governance_settings import GovernanceSettings
from inputs.plan_settings import OptimiserSettings
from inputs.problems import Problem, Severity
from inputs.settings import (
    CriteriaWeights,
    DependencySettings,
    ScoringSettings,
    StabilitySettings,
)
from inputs.target_settings import TargetSettings
from inputs.years import parse_year, year_sort_key

NonNegative = Annotated[float, Field(ge=0)]


class Config(BaseModel):
    """Validated config; a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(default="", description="council or portfolio name, shown in reports")
    years: tuple[str, ...] = Field(min_length=1, description="financial years of the horizon")
    budget_gap: dict[str, NonNegative] = Field(description="£k of new savings needed each year")
    capacity: dict[str, NonNegative] = Field(description="FTE available per role")
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


def read_config(path: Path) -> Config:
    """The config in a TOML file.

    Raises:
        ConfigError: the file is missing, not TOML, or breaks the rules above; every problem listed.
    """
    file = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ConfigError(
            [
                _problem(
                    file,
                    None,
                    f"file not found at {path}",
                    "check the path, or leave --config out to use the sample",
                )
            ]
        ) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, IsADirectoryError) as error:
        raise ConfigError(
            [
                _problem(
                    file,
                    None,
                    f"is not valid TOML: {error}",
                    "correct the TOML syntax (see README, Config)",
                )
            ]
        ) from error
    try:
        return Config.model_validate(data)
    except ValidationError as invalid:
        raise ConfigError([_config_problem(file, error) for error in invalid.errors()]) from invalid


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
