"""The validated register and project models: the only form of a register the engine receives."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from inputs.interchange import register_rows
from inputs.problems import Problem
from inputs.references import find_reference_problems
from inputs.years import parse_year

NonNegative = Annotated[float, Field(ge=0)]
Alignment = Annotated[float, Field(ge=0, le=3)]
Rating = Annotated[float, Field(ge=1, le=5)]
Identifier = Annotated[str, Field(min_length=1, max_length=200)]


class Status(StrEnum):
    IN_FLIGHT = "in_flight"
    PIPELINE = "pipeline"


class Stage(StrEnum):
    """Evidence stage along the cone of uncertainty, least to most certain."""

    IDEA = "idea"
    DEEP_DIVE = "deep_dive"
    BUSINESS_CASE = "business_case"
    DELIVERY = "delivery"


class BenefitType(StrEnum):
    CASHABLE = "cashable"
    COST_AVOIDANCE = "cost_avoidance"
    INCOME = "income"
    COMBINATION = "combination"
    ENABLER = "enabler"
    INCOME_RECOVERY = "income_recovery"
    TBC = "tbc"


class BenefitRange(BaseModel):
    """Benefit in £k for one financial year, as a low-high range."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: NonNegative
    high: NonNegative

    @model_validator(mode="after")
    def _low_not_above_high(self) -> BenefitRange:
        if self.low > self.high:
            raise ValueError(f"low {self.low:g} is above high {self.high:g}")
        return self


def _check_year_keys(values: dict[str, object]) -> dict[str, object]:
    return {parse_year(year): value for year, value in values.items()}


class Project(BaseModel):
    """One register row. Unknown optional values are None or absent, never a silent zero."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier
    name: Annotated[str, Field(min_length=1)]
    directorate: Annotated[str, Field(min_length=1)]
    status: Status
    programme: str | None = None
    description: str | None = None
    sponsor: str | None = None
    project_manager: str | None = None
    stage: Stage | None = None
    benefit_type: BenefitType | None = None
    benefits: dict[str, BenefitRange] = Field(
        default_factory=dict, description="£k per financial year; a year absent is not known"
    )
    costs: dict[str, NonNegative] = Field(
        default_factory=dict, description="£k investment per financial year; absent = not known"
    )
    fte: dict[str, NonNegative] = Field(
        default_factory=dict, description="FTE needed per role while running; absent = not known"
    )
    alignment: dict[str, Alignment] = Field(
        default_factory=dict, description="0 (none) to 3 (strong) per mission key"
    )
    delivery_risk: Rating | None = None
    complexity: Rating | None = None
    mandatory: bool | None = None
    depends_on: tuple[Identifier, ...] = ()
    conflicts_with: tuple[Identifier, ...] = ()
    benefit_pool: str | None = None
    in_mtfs: bool | None = None
    together_with: tuple[Identifier, ...] = ()
    together_group: str | None = None
    funding_stream: str | None = Field(
        default=None, description="funding stream of its investment; None = the general fund"
    )
    start_year: str | None = Field(default=None, description="financial year it starts")
    end_year: str | None = Field(default=None, description="financial year its delivery ends")
    duration: Annotated[float, Field(ge=1)] | None = Field(
        default=None, description="years it runs from its start"
    )
    wards: NonNegative | None = Field(default=None, description="number of wards affected")
    service_impact: bool | None = None
    eqia: Literal["done", "needed", "not_needed"] | None = Field(
        default=None, description="Equality Impact Assessment; None = not known"
    )
    extra: dict[str, str] = Field(
        default_factory=dict, description="columns the product does not use, kept as written"
    )
    source_row: int | None = Field(default=None, description="Excel row number in the source file")

    _years_valid = field_validator("benefits", "costs", mode="before")(_check_year_keys)

    @field_validator("depends_on")
    @classmethod
    def _not_own_prerequisite(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("id") in value:
            raise ValueError("a project cannot depend on itself")
        return value

    @field_validator("wards")
    @classmethod
    def _whole_wards(cls, value: float | None) -> float | None:
        if value is not None and value != int(value):
            raise ValueError("is not a whole number of wards")
        return value

    @field_validator("end_year")
    @classmethod
    def _end_not_before_start(cls, value: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("start_year")
        if value is not None and start is not None and value[:4] < start[:4]:
            raise ValueError(f"is before the start year {start}")
        costed = sorted(y for y, c in info.data.get("costs", {}).items() if c > 0)
        new = info.data.get("status") is Status.PIPELINE
        if value is not None and start is None and new and costed and value[:4] < costed[0][:4]:
            raise ValueError(
                f"is before the project's first costed year, {costed[0]}, where new work "
                "without a start_year starts"
            )
        return value

    @field_validator("duration")
    @classmethod
    def _whole_years(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return value
        if value != int(value):
            raise ValueError("is not a whole number of years")
        end, start = info.data.get("end_year"), info.data.get("start_year")
        if end is not None and start is None:
            raise ValueError(
                f"and end_year {end} are both given without a start_year: give one of the two, "
                "or the start_year too"
            )
        if (
            end is not None
            and start is not None
            and int(start[:4]) + int(value) - 1 != int(end[:4])
        ):
            raise ValueError(f"does not agree with end_year {end}: give one of the two")
        return value

    @field_validator("together_with")
    @classmethod
    def _not_own_partner(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("id") in value:
            raise ValueError("a project cannot proceed together with itself")
        return value

    @field_validator("conflicts_with")
    @classmethod
    def _not_own_conflict(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("id") in value:
            raise ValueError("a project cannot conflict with itself")
        both = sorted(set(value) & set(info.data.get("depends_on", ())))
        if both:
            raise ValueError(f"also listed in depends_on ({', '.join(both)}): it can never proceed")
        return value


class Register(BaseModel):
    """A whole validated register: projects plus the years, roles and missions its columns name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(description="file the register was read from")
    sheet: str | None = None
    years: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    missions: tuple[str, ...] = ()
    projects: tuple[Project, ...]
    warnings: tuple[Problem, ...] = Field(default=(), description="warnings found when reading")

    @property
    def extra_headers(self) -> tuple[str, ...]:
        """Headers of the columns the product does not use, in the order the register has them."""
        return tuple(dict.fromkeys(h for p in self.projects for h in p.extra))

    @model_validator(mode="after")
    def _references_hold(self) -> Register:
        errors = [p for p in find_reference_problems(self.projects, self.source) if p.is_error]
        if errors:
            raise ValueError("; ".join(p.message for p in errors[:10]))
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.projects)

    def canonical(self) -> Register:
        """The same register with its projects in id order: every figure, sum, tie and plan
        is then the portfolio's, however the file ordered its rows (each project keeps its
        `source_row` for messages)."""
        ordered = tuple(sorted(self.projects, key=lambda p: p.id))
        return self if ordered == self.projects else self.model_copy(update={"projects": ordered})

    def project(self, project_id: str) -> Project:
        for candidate in self.projects:
            if candidate.id == project_id:
                return candidate
        raise KeyError(project_id)

    def to_frame(self) -> pd.DataFrame:
        """The register in the interchange layout, one row per project in register order."""
        columns, rows = register_rows(self)
        return pd.DataFrame(rows, columns=columns)
