"""Config section `[governance]`: which body each decision must go to, with the seeds' rules."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Fraction = Annotated[float, Field(ge=0, le=1)]


class GovernanceSettings(BaseModel):
    """The committee report's significant-decision test and the reset's boards.

    Defaults from the seeds: a significant decision (committee approval) has a budget impact
    over £500k, affects more than two wards, or has a substantial impact on service delivery;
    digital work also goes to the Digital board; cross-cutting projects and escalations go to
    the Transformation Board; the rest is signed off by its directorate.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    committee_budget_k: Annotated[float, Field(ge=0)] = Field(
        default=500, description="£k of budget impact above which a decision is significant"
    )
    committee_wards: Annotated[int, Field(ge=0)] = Field(
        default=2, description="wards affected above which a decision is significant"
    )
    digital_programmes: tuple[str, ...] = Field(
        default=("Digital",), description="programmes whose work goes to the Digital board"
    )
    ict_role: str = Field(default="ict", description="the role (fte_<role>) that is ICT work")
    digital_ict_share: Fraction = Field(
        default=0.5,
        description="share of a project's FTE in the ICT role from which it is digital work",
    )
    escalated: tuple[str, ...] = Field(
        default=(), description="project ids escalated by their directorate to the Board"
    )
