"""Config section `[streams.<name>]`: the funding streams a project's investment comes from.

Costs are charged to their stream: revenue, capital, the schools' DSG, a grant, flexible use of
capital receipts. A project with no stream is funded from `[budget]`, the general fund. A
stream's money pays for its own projects first; what they leave may pay for general-fund work,
unless the stream is ring-fenced (DSG): then it never pays for other work, and its projects'
savings stay in the stream rather than closing the general fund gap (unless `savings_in_gap`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inputs.years import parse_year

GENERAL_FUND = "general fund"
"""How the `[budget]` stream (projects with no stream) is named in reports."""


class StreamSettings(BaseModel):
    """One funding stream: its budget per year and whether it is ring-fenced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget: dict[str, Annotated[float, Field(ge=0)]] = Field(
        description="£k this stream can fund in each year of the horizon"
    )
    ring_fenced: bool = Field(
        default=False, description="its money pays for its own projects only (e.g. DSG)"
    )
    savings_in_gap: bool = Field(
        default=False,
        description="a ring-fenced stream's savings count against the general fund gap too",
    )

    @field_validator("budget", mode="before")
    @classmethod
    def _year_keys(cls, values: object) -> object:
        if not isinstance(values, dict):
            return values
        return {parse_year(str(year)): amount for year, amount in values.items()}

    @property
    def savings_close_the_gap(self) -> bool:
        return not self.ring_fenced or self.savings_in_gap
