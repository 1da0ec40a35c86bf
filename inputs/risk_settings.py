"""Config section `[risk]`: how the plan's delivery is simulated, to give the Board its odds.

Defaults, with their sources: the council's record of savings delivered (`delivery_record`
0.9: the transformation plan, "over 90% achieved in the previous financial year"); benefits
within each project's low-high range as a Beta-PERT with its mode at the range point; a project
delivers at all with the confidence of its evidence stage (`[scoring] confidence`) and slips a
year with `slip` by stage. Delivery-stage work slips a year with 0.2: of 198 UK Government Major
Projects in both the March 2022 and March 2023 reports, 20.7 % moved their approved end date 12
months or more later within the year (`benchmarks/gmpp_slip.py`); each stage with less evidence
adds 0.05 (assumed). Projects of one programme, and the whole council, share a common shock
(`programme_correlation`, `council_correlation`: assumed, no source gives them). The core index
re-solves the plan under `futures` sampled futures (200: a share of good plans to about +-3.5
points at 50 %, in about 27 s on two cores for the sample): the LP relaxation settles most
decisions and the rest are solved to within `futures_gap`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from inputs.models import Stage

Fraction = Annotated[float, Field(ge=0, le=1)]


class RiskSettings(BaseModel):
    """The Monte Carlo of delivery: draws, seed, distribution, failure, slippage, correlation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    draws: Annotated[int, Field(ge=100, le=1_000_000)] = Field(
        default=10_000, description="simulated futures of the plan"
    )
    seed: Annotated[int, Field(ge=0)] = Field(
        default=2026, description="the same seed gives the same odds on every run and machine"
    )
    distribution: Literal["pert", "uniform"] = Field(
        default="pert", description="shape of a benefit within its low-high range"
    )
    delivery_record: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.9,
        description="mean share of the plan's expected savings delivered: the draws are "
        "scaled to it (the council-wide delivery factor)",
    )
    slip: dict[Stage, Fraction] = Field(
        default_factory=lambda: {
            Stage.IDEA: 0.35,
            Stage.DEEP_DIVE: 0.3,
            Stage.BUSINESS_CASE: 0.25,
            Stage.DELIVERY: 0.2,
        },
        description="chance, by evidence stage, that a project's benefits slip a year",
    )
    programme_correlation: Fraction = Field(
        default=0.3, description="share of a benefit's variation common to its programme"
    )
    council_correlation: Fraction = Field(
        default=0.2, description="share of a benefit's variation common to the whole council"
    )
    confidence: Annotated[float, Field(gt=0, lt=1)] = Field(
        default=0.8, description="the confidence the contingency is sized for"
    )

    futures: Annotated[int, Field(ge=0, le=100_000)] = Field(
        default=200,
        description="sampled futures the plan is re-solved under for each project's core "
        "index (0: none)",
    )
    futures_gap: Annotated[float, Field(ge=0, le=0.2)] = Field(
        default=0.01,
        description="relative gap each future's remaining decisions are solved to",
    )

    @field_validator("slip", mode="before")
    @classmethod
    def _every_stage(cls, values: object) -> object:
        if isinstance(values, dict):
            missing = sorted({s.value for s in Stage} - {str(k) for k in values})
            if missing:
                raise ValueError(f"gives no slip for {', '.join(missing)}: give every stage")
        return values

    @model_validator(mode="after")
    def _correlations_fit(self) -> RiskSettings:
        if self.programme_correlation + self.council_correlation > 1:
            raise ValueError(
                "programme_correlation and council_correlation add up to more than 1: they are "
                "shares of one benefit's variation"
            )
        return self
