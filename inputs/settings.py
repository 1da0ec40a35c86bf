"""Config sections for scoring: criteria weights (direct, swing or AHP) and value assumptions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from inputs.models import BenefitType, Stage
from inputs.years import parse_year

NonNegative = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(ge=0, le=1)]
Criterion = Literal["mission_alignment", "value", "risk", "capacity"]
CRITERIA: tuple[Criterion, ...] = ("mission_alignment", "value", "risk", "capacity")
RandomIndexTable = Literal["saaty_1980", "saaty_2005", "donegan_dodd_1991"]


def _parse_ratio(value: float | str) -> float:
    """A Saaty judgement written as 3, 0.2 or "1/5"."""
    if isinstance(value, str):
        top, _, bottom = value.partition("/")
        try:
            value = float(top) / float(bottom) if bottom else float(top)
        except (ValueError, ZeroDivisionError) as error:
            raise ValueError(f"'{value}' is not a ratio like 3 or \"1/3\"") from error
    if not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
        raise ValueError(f"{value:g} is outside Saaty's scale of 1/9 to 9")
    return float(value)


class CriteriaWeights(BaseModel):
    """Weights of the scoring criteria, given one of three ways.

    Direct: the four numbers (only proportions matter). Swing: `[weights.swing]` points, 100 for
    the criterion whose swing from worst to best matters most. AHP: `[weights.ahp]` pairwise
    judgements `"value/risk" = 3` (value is 3 times as important as risk), each pair at most
    once; missing pairs are completed to be as consistent as possible.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mission_alignment: NonNegative = 0.3
    value: NonNegative = 0.4
    risk: NonNegative = 0.15
    capacity: NonNegative = 0.15
    swing: dict[Criterion, Annotated[float, Field(ge=0, le=100)]] | None = None
    ahp: dict[str, float] | None = None
    random_index: RandomIndexTable = Field(
        default="saaty_1980", description="random-index table for the AHP consistency ratio"
    )

    @field_validator("ahp", mode="before")
    @classmethod
    def _ratios(cls, pairs: object) -> object:
        if not isinstance(pairs, dict):
            return pairs
        return {str(key): _parse_ratio(value) for key, value in pairs.items()}

    @model_validator(mode="after")
    def _one_method(self) -> CriteriaWeights:
        direct = self.model_fields_set & set(CRITERIA)
        if self.swing is not None and self.ahp is not None:
            raise ValueError("give either [weights.swing] or [weights.ahp], not both")
        if (self.swing is not None or self.ahp is not None) and direct:
            raise ValueError(
                f"direct weights ({', '.join(sorted(direct))}) cannot be mixed with swing or AHP"
            )
        if self.swing is not None:
            missing = [c for c in CRITERIA if c not in self.swing]
            if missing:
                raise ValueError(f"[weights.swing] needs points for every criterion: {missing}")
            if max(self.swing.values()) <= 0:
                raise ValueError("[weights.swing] needs at least one criterion above 0 points")
        if self.ahp is not None:
            _check_pairs(self.ahp)
        if self.swing is None and self.ahp is None and sum(self.direct.values()) <= 0:
            raise ValueError("at least one criterion needs a weight above 0")
        return self

    @property
    def method(self) -> Literal["direct", "swing", "ahp"]:
        if self.ahp is not None:
            return "ahp"
        return "swing" if self.swing is not None else "direct"

    @property
    def direct(self) -> dict[str, float]:
        return {c: float(getattr(self, c)) for c in CRITERIA}


def ahp_pair(key: str) -> tuple[str, str]:
    """'value/risk' -> ('value', 'risk')."""
    first, sep, second = key.partition("/")
    return first.strip(), second.strip() if sep else ""


def _check_pairs(pairs: dict[str, float]) -> None:
    seen: set[frozenset[str]] = set()
    for key in pairs:
        first, second = ahp_pair(key)
        if first not in CRITERIA or second not in CRITERIA or first == second:
            raise ValueError(
                f"AHP key '{key}' must be \"criterion/criterion\" using {', '.join(CRITERIA)}"
            )
        if frozenset((first, second)) in seen:
            raise ValueError(f"AHP pair '{key}' is given twice (once each way)")
        seen.add(frozenset((first, second)))
    linked = set(next(iter(seen), {CRITERIA[0]}))
    for _ in CRITERIA:
        linked |= {c for pair in seen if pair & linked for c in pair}
    if linked != set(CRITERIA):
        raise ValueError(
            "[weights.ahp] must compare every criterion, directly or through others; "
            f"not linked to the others: {', '.join(c for c in CRITERIA if c not in linked)}"
        )


class ScoringSettings(BaseModel):
    """How benefits become value: the cone of uncertainty, optimism bias and what is new money."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    confidence: dict[Stage, Fraction] = Field(
        default_factory=lambda: {
            Stage.IDEA: 0.5,
            Stage.DEEP_DIVE: 0.65,
            Stage.BUSINESS_CASE: 0.8,
            Stage.DELIVERY: 0.9,
        },
        description="share of the expected benefit believed at each evidence stage",
    )
    optimism_bias: dict[Stage, NonNegative] = Field(
        default_factory=lambda: {
            Stage.IDEA: 0.4,
            Stage.DEEP_DIVE: 0.25,
            Stage.BUSINESS_CASE: 0.15,
            Stage.DELIVERY: 0.05,
        },
        description="uplift applied to costs at each stage (Green Book style optimism bias)",
    )
    benefit_type_weights: dict[BenefitType, Fraction] = Field(
        default_factory=lambda: {
            BenefitType.CASHABLE: 1.0,
            BenefitType.INCOME: 1.0,
            BenefitType.COMBINATION: 1.0,
            BenefitType.COST_AVOIDANCE: 0.5,
            BenefitType.ENABLER: 0.0,
            BenefitType.INCOME_RECOVERY: 0.0,
            BenefitType.TBC: 0.5,
        },
        description="share of a benefit that closes the budget gap, by benefit type",
    )
    mtfs_rule: Literal["protect", "discount"] = Field(
        default="protect",
        description="protect: benefits already in the MTFS are not new money, but stopping such "
        "a project widens the gap by them; discount: they count in_mtfs_factor as new money and "
        "stopping them costs nothing (the treatment before version 0.4)",
    )
    in_mtfs_factor: Fraction = Field(
        default=0.0,
        description="with mtfs_rule = discount: share of an in-MTFS benefit counted as new money",
    )
    range_point: Fraction = Field(
        default=0.5, description="where in low-high the expected benefit sits (0 = low, 1 = high)"
    )
    unknown_stage: Stage = Field(default=Stage.IDEA, description="stage assumed when blank")
    unknown_rating: Annotated[float, Field(ge=1, le=5)] = Field(
        default=3, description="delivery risk / complexity assumed when blank"
    )
    mission_weights: dict[str, NonNegative] = Field(
        default_factory=dict, description="weight per mission key; default equal"
    )

    @model_validator(mode="after")
    def _factor_needs_discount(self) -> ScoringSettings:
        if "in_mtfs_factor" in self.model_fields_set and self.mtfs_rule != "discount":
            raise ValueError(
                'in_mtfs_factor applies only with mtfs_rule = "discount"; under the default '
                '"protect" benefits in the MTFS protect the budget instead'
            )
        return self

    @field_validator("confidence", "optimism_bias")
    @classmethod
    def _every_stage(cls, values: dict[Stage, float]) -> dict[Stage, float]:
        missing = [stage.value for stage in Stage if stage not in values]
        if missing:
            raise ValueError(f"needs a value for every stage; missing {', '.join(missing)}")
        return values

    @field_validator("benefit_type_weights")
    @classmethod
    def _every_type(cls, values: dict[BenefitType, float]) -> dict[BenefitType, float]:
        missing = [kind.value for kind in BenefitType if kind not in values]
        if missing:
            raise ValueError(f"needs a weight for every benefit type; missing {', '.join(missing)}")
        return values


class StabilitySettings(BaseModel):
    """Monte Carlo over weights and benefit ranges: how sure we are of each rank."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    draws: Annotated[int, Field(ge=10, le=100_000)] = 1000
    seed: Annotated[int, Field(ge=0)] = 2024
    weight_concentration: Annotated[float, Field(gt=0)] = Field(
        default=50.0, description="Dirichlet concentration: higher keeps draws nearer the weights"
    )
    top_k: Annotated[int, Field(ge=1)] = Field(default=50, description="k in P(rank <= k)")


class DependencySettings(BaseModel):
    """How the dependency checks judge overlaps and likely duplicates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    overlap_rule: Literal["largest", "sum_capped"] = Field(
        default="largest",
        description="de-duplicated total of a benefit pool each year: the largest single claim "
        "(projects chasing the same money), or the sum of claims capped at the pool's cap",
    )
    pool_caps: dict[str, dict[str, NonNegative]] = Field(
        default_factory=dict, description="benefit pool -> £k available per financial year"
    )

    @field_validator("pool_caps", mode="before")
    @classmethod
    def _cap_years(cls, caps: object) -> object:
        if not isinstance(caps, dict):
            return caps
        return {
            pool: {parse_year(str(y)): v for y, v in years.items()}
            if isinstance(years, dict)
            else years
            for pool, years in caps.items()
        }

    duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.6, description="cosine similarity of name + description at which to flag"
    )
    duplicate_within_threshold: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.8,
        description="cosine similarity at which two projects in one directorate are flagged "
        "(template siblings, which differ in a heavy word of their own, excepted)",
    )
    duplicate_neighbours: Annotated[int, Field(ge=1, le=50)] = 5
    enabler_min_dependants: Annotated[int, Field(ge=1)] = Field(
        default=3, description="transitive dependants that make a project a critical enabler"
    )
