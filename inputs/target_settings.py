"""Config section `[target]`: what the plan must deliver each year beyond the budget gap.

The gap is what the council must save; the Board may also ask the plan to rebuild reserves
(the transformation plan: £18.5m by 2027/28, inside the £100m) and to carry a contingency,
because not every saving lands ("about 90% of planned savings delivered in a typical year").
Each is reported as its own line, so the board sees gap, reserves and contingency apart.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from inputs.years import parse_year


class TargetSettings(BaseModel):
    """Reserves to rebuild per year, and a contingency as a share of each year's gap."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reserves: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict, description="£k of reserves to rebuild in each year, on the gap"
    )
    contingency: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="share of each year's gap to find on top of it"
    )
    delivery_record: Annotated[float, Field(gt=0, le=1)] | None = Field(
        default=None,
        description="share of planned savings the council delivers in a typical year (e.g. 0.9); "
        "the contingency is then 1 / record - 1 of the gap",
    )

    @field_validator("reserves", mode="before")
    @classmethod
    def _year_keys(cls, values: object) -> object:
        if not isinstance(values, dict):
            return values
        return {parse_year(str(year)): amount for year, amount in values.items()}

    @model_validator(mode="after")
    def _one_contingency(self) -> TargetSettings:
        if self.contingency is not None and self.delivery_record is not None:
            raise ValueError(
                "give either contingency (a share of the gap) or delivery_record (from which the "
                "contingency follows), not both"
            )
        return self

    @property
    def contingency_share(self) -> float:
        """Share of the gap planned on top of it: given, from the delivery record, or none."""
        if self.contingency is not None:
            return self.contingency
        if self.delivery_record is not None:
            return 1 / self.delivery_record - 1
        return 0.0
