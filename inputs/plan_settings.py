"""Config section `[optimiser]`: how the reset is decided, what each decision means, the solver."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inputs.decisions import Lock
from inputs.models import Stage
from inputs.years import parse_year

NonNegative = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(ge=0, le=1)]
Factor = Annotated[float, Field(ge=1, le=10)]


class ExternalRole(BaseModel):
    """Extra FTE of one role that can be bought in, e.g. interim business analysts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day_rate: Annotated[float, Field(gt=0, description="£ per day for one FTE")]
    max_fte: NonNegative | dict[str, NonNegative] = Field(
        description="most FTE of this role that can be bought: one number, or a table by year"
    )

    @field_validator("max_fte", mode="before")
    @classmethod
    def _year_keys(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {parse_year(str(year)): fte for year, fte in value.items()}


class OptimiserSettings(BaseModel):
    """What the integer program maximises, what the decisions cost, and how it is solved."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    score_weight: Fraction = Field(
        default=0.4,
        description="balance of the objective: 0 = only closing the gap, 1 = only the scores",
    )
    solver: Literal["auto", "cbc", "highs"] = Field(
        default="auto", description="auto: CBC below fix_from projects, HiGHS from there"
    )
    time_limit: Annotated[float, Field(gt=0)] = Field(default=60.0, description="seconds")
    gap_rel: Annotated[float, Field(ge=0, le=0.5)] = Field(
        default=0.005,
        description="relative optimality gap at which the solver may stop (0 = prove optimal)",
    )
    accelerate_fte_factor: Factor = Field(
        default=1.5, description="FTE an accelerated project needs, as a multiple of its own"
    )
    accelerate_cost_factor: Factor = Field(
        default=1.25, description="investment an accelerated project needs, as a multiple"
    )
    accelerate_years: Annotated[int, Field(ge=1, le=10)] = Field(
        default=1, description="years by which acceleration brings benefits (and costs) forward"
    )
    accelerate_factors: dict[str, Factor] = Field(
        default_factory=dict, description="project id -> its own FTE factor when accelerated"
    )
    accelerate_min_stage: Stage = Field(
        default=Stage.BUSINESS_CASE,
        description="evidence a new complex or costly project needs before it can be "
        "accelerated, or (with business_case_first) start delivery",
    )
    schedule: Literal["by_year", "whole_horizon"] = Field(
        default="by_year",
        description="by_year: a project needs its FTE in the years it runs, capacity is held "
        "year by year and a pause may resume later; whole_horizon: every project holds its FTE "
        "for the whole horizon and nothing moves in time (the single-period plan)",
    )
    resume: bool = Field(
        default=True,
        description="a paused project may resume in a later year of the horizon (by_year only)",
    )
    business_case_first: bool = Field(
        default=True,
        description="a new complex or costly project without that evidence may only be "
        "initiated business case first: the business case in the first year, delivery, costs "
        "and benefits a year later (mandatory work is exempt)",
    )
    business_case_fte: dict[str, NonNegative] = Field(
        default_factory=lambda: {"project_manager": 0.2, "business_analyst": 0.5},
        description="role -> FTE a business case takes in its year",
    )
    business_case_cost: NonNegative = Field(
        default=25.0, description="£k a business case costs in its year"
    )
    complex_from: Annotated[float, Field(ge=1, le=5)] = Field(
        default=4, description="complexity at which a project counts as complex"
    )
    costly_from: NonNegative = Field(
        default=500, description="£k of investment at which a project counts as costly"
    )
    pause_min_score: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None,
        description="score at or above which a project that does not proceed is paused "
        "(worthwhile) rather than terminated (nice to have); default the portfolio median",
    )
    exit_costs: dict[str, NonNegative] = Field(
        default_factory=dict, description="project id -> £k to terminate it (first year)"
    )
    restart_costs: dict[str, NonNegative] = Field(
        default_factory=dict, description="project id -> £k to pause and later restart it"
    )
    external: dict[str, ExternalRole] = Field(
        default_factory=dict, description="role -> external FTE that can be bought"
    )
    transformation_budget: dict[str, NonNegative] = Field(
        default_factory=dict,
        description="£k per year that funds external FTE; without it they come out of [budget]",
    )
    working_days: Annotated[int, Field(ge=1, le=366)] = 220
    fix_from: Annotated[int, Field(ge=1)] = Field(
        default=10_000,
        description="projects at which the LP relaxation settles most decisions before the "
        "integer program solves the rest (large registers)",
    )
    locks: dict[str, Lock] = Field(
        default_factory=dict, description="project id -> decision forced on the optimiser"
    )
    frontier: tuple[Annotated[float, Field(gt=0, le=10)], ...] = Field(
        default=(0.5, 0.75, 1.0, 1.25, 1.5),
        description="capacity (or budget) multiples at which the efficient frontier is solved",
    )
    frontier_of: Literal["capacity", "budget"] = "capacity"

    @field_validator("transformation_budget", mode="before")
    @classmethod
    def _year_keys(cls, values: object) -> object:
        if not isinstance(values, dict):
            return values
        return {parse_year(str(year)): amount for year, amount in values.items()}
