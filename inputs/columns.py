"""The register's columns: names, aliases, meanings and the closed vocabularies of its fields.

Header matching ignores case, surrounding spaces and units in brackets, and treats spaces,
hyphens and underscores alike, so `Project ID`, `project-id` and `project_id` are one column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from inputs.models import BenefitType, Stage, Status
from inputs.values import normalise_token
from inputs.years import parse_year, year_slug

Kind = Literal["id", "text", "choice", "yes_no", "rating", "count", "id_list", "year"]


def normalise_header(text: str) -> str:
    """A header with its units dropped: 'Benefit 2025/26 Low (£k)' -> 'benefit_2025_26_low'."""
    return normalise_token(re.sub(r"\(.*?\)|\[.*?\]|£\s*000s?|£\s*k\b|£", " ", text.lower()))


MONEY_UNITS: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (
        re.compile(r"£\s*(m|mn|million|millions)\b|\((m|mn|millions?)\)|\bmillions?\b|gbp\s*m\b"),
        1000.0,
        "£m",
    ),
    (
        re.compile(r"£\s*('?000s?|k)\b|\((k|000s?|'000s?)\)|\bthousands?\b|gbp\s*('?000|k)\b"),
        1.0,
        "£k",
    ),
    (re.compile(r"£|\bpounds?\b|\bgbp\b"), 0.001, "£"),
)
"""What a money column's header may say of its unit, as the multiplier to £k: checked in order,
so '£m' and '£k' are found before a bare '£'."""
TIME_UNITS = re.compile(r"\b(hours?|hrs?|days?|weeks?|person[ _-]?days?)\b")
"""Units an FTE column must not be in: FTE cannot be read from them without a working pattern."""


def money_unit(header: str) -> tuple[float, str]:
    """The multiplier that turns a money column's figures into £k, and the unit its header
    names ('£k' when it names none: the register's documented unit)."""
    text = header.lower()
    for pattern, scale, unit in MONEY_UNITS:
        if pattern.search(text):
            return scale, unit
    return 1.0, "£k"


def time_unit(header: str) -> str | None:
    """The time unit an FTE column's header names instead of FTE, if any."""
    found = TIME_UNITS.search(header.lower())
    return found.group(1) if found else None


@dataclass(frozen=True)
class FieldSpec:
    """A fixed register column."""

    name: str
    required: bool
    meaning: str
    kind: Kind = "text"
    aliases: tuple[str, ...] = ()
    choices: dict[str, str] = field(default_factory=dict)
    """Accepted spellings (as tokens) -> canonical value, for closed fields."""

    @property
    def allowed(self) -> list[str]:
        return list(dict.fromkeys(self.choices.values()))


STATUS_WORDS = {
    **dict.fromkeys(
        ["in_flight", "inflight", "in_progress", "live", "active", "ongoing", "underway"],
        Status.IN_FLIGHT.value,
    ),
    **dict.fromkeys(
        ["pipeline", "proposed", "planned", "not_started", "new", "future"], Status.PIPELINE.value
    ),
}
STAGE_WORDS = {
    **dict.fromkeys(
        ["idea", "opportunity", "crude_opportunity_estimate", "crude_estimate", "concept"],
        Stage.IDEA.value,
    ),
    **dict.fromkeys(["deep_dive", "deepdive", "analysis"], Stage.DEEP_DIVE.value),
    **dict.fromkeys(
        ["business_case", "bc", "outline_business_case", "obc", "full_business_case", "fbc"],
        Stage.BUSINESS_CASE.value,
    ),
    **dict.fromkeys(
        ["delivery", "in_delivery", "delivering", "implementation"], Stage.DELIVERY.value
    ),
}
EQIA_WORDS = {
    **dict.fromkeys(["done", "complete", "completed", "yes", "signed_off", "approved"], "done"),
    **dict.fromkeys(
        ["needed", "required", "not_done", "not_started", "in_progress", "draft", "no", "due"],
        "needed",
    ),
    **dict.fromkeys(["not_needed", "not_required", "screened_out", "none_needed"], "not_needed"),
}
BENEFIT_WORDS = {
    **dict.fromkeys(
        ["cashable", "cash", "saving", "savings", "budget_reduction"], BenefitType.CASHABLE.value
    ),
    **dict.fromkeys(["cost_avoidance", "avoidance"], BenefitType.COST_AVOIDANCE.value),
    **dict.fromkeys(["income", "income_generation"], BenefitType.INCOME.value),
    **dict.fromkeys(["combination", "mixed", "combined"], BenefitType.COMBINATION.value),
    **dict.fromkeys(["enabler", "enabling"], BenefitType.ENABLER.value),
    **dict.fromkeys(
        ["income_recovery", "debt_recovery", "income_recovery_debt", "income_recovery_and_debt"],
        BenefitType.INCOME_RECOVERY.value,
    ),
    **dict.fromkeys(["tbc", "tbd", "to_be_confirmed", "unknown"], BenefitType.TBC.value),
}

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        True,
        "Unique project reference, e.g. SC5 or DIG-0142.",
        "id",
        (
            "ref",
            "reference",
            "project_id",
            "project_ref",
            "project_reference",
            "project_no",
            "project_number",
            "ref_no",
        ),
    ),
    FieldSpec(
        "name",
        True,
        "Short project title.",
        "text",
        ("project_name", "title", "project_title", "project"),
    ),
    FieldSpec(
        "directorate",
        True,
        "Owning directorate.",
        "text",
        ("department", "dept", "owning_directorate"),
    ),
    FieldSpec(
        "status",
        True,
        "in_flight (already running) or pipeline (not yet started).",
        "choice",
        ("project_status",),
        STATUS_WORDS,
    ),
    FieldSpec(
        "programme",
        False,
        "Transformation programme; blank means directorate business as usual.",
        "text",
        ("program", "transformation_programme"),
    ),
    FieldSpec(
        "description",
        False,
        "Free text: what the project does and why.",
        "text",
        ("project_description", "summary", "desc"),
    ),
    FieldSpec(
        "sponsor",
        False,
        "Sponsor or senior responsible owner.",
        "text",
        ("senior_responsible_owner", "sro", "project_sponsor"),
    ),
    FieldSpec("project_manager", False, "Project manager.", "text", ("pm",)),
    FieldSpec(
        "stage",
        False,
        "Evidence stage: idea, deep_dive, business_case or delivery (blank = not known).",
        "choice",
        ("evidence_stage",),
        STAGE_WORDS,
    ),
    FieldSpec(
        "benefit_type",
        False,
        "cashable, cost_avoidance, income, combination, enabler, income_recovery or tbc.",
        "choice",
        ("benefits_type", "type_of_benefit", "saving_type"),
        BENEFIT_WORDS,
    ),
    FieldSpec(
        "delivery_risk",
        False,
        "Delivery risk from 1 (low) to 5 (high).",
        "rating",
        ("risk", "risk_rating"),
    ),
    FieldSpec(
        "complexity",
        False,
        "Complexity from 1 (simple) to 5 (very complex).",
        "rating",
        ("complexity_rating",),
    ),
    FieldSpec(
        "mandatory",
        False,
        "yes/no: statutory duty, business continuity or cyber; never paused or terminated.",
        "yes_no",
        ("statutory",),
    ),
    FieldSpec(
        "depends_on",
        False,
        "Ids (;-separated) this project cannot proceed without.",
        "id_list",
        ("dependencies", "depends", "prerequisites", "requires", "dependent_on"),
    ),
    FieldSpec(
        "conflicts_with",
        False,
        "Ids (;-separated) that cannot both proceed.",
        "id_list",
        ("conflicts", "clashes_with", "clashes"),
    ),
    FieldSpec(
        "together_with",
        False,
        "Ids (;-separated) this project proceeds together with, or not at all.",
        "id_list",
        ("proceeds_with", "together", "goes_with"),
    ),
    FieldSpec(
        "together_group",
        False,
        "Name of a group of projects that proceed together or not at all (e.g. Gemini).",
        "text",
        ("proceed_together", "group"),
    ),
    FieldSpec(
        "funding_stream",
        False,
        "Funding stream its investment comes from, as named under [streams] in the config "
        "(e.g. capital, dsg, grant); blank = the general fund ([budget]).",
        "text",
        ("stream", "funding_source", "source_of_funding", "funded_by", "funding"),
    ),
    FieldSpec(
        "start_year",
        False,
        "Financial year the project starts, e.g. 2025/26 (blank: the first year it has a cost; "
        "in-flight work runs from the first year of the horizon).",
        "year",
        ("start", "start_date_year", "planned_start", "start_fy"),
    ),
    FieldSpec(
        "end_year",
        False,
        "Financial year the project's delivery ends (blank: the last year it has a cost).",
        "year",
        ("end", "planned_end", "end_fy", "finish_year"),
    ),
    FieldSpec(
        "duration",
        False,
        "Years the project runs from its start (instead of end_year).",
        "count",
        ("duration_years", "years_to_deliver"),
    ),
    FieldSpec(
        "wards",
        False,
        "Number of wards the project affects (over two makes a decision significant).",
        "count",
        ("wards_affected", "number_of_wards"),
    ),
    FieldSpec(
        "service_impact",
        False,
        "yes/no: stopping or changing it has a substantial impact on service delivery.",
        "yes_no",
        ("substantial_service_impact", "service_delivery_impact"),
    ),
    FieldSpec(
        "eqia",
        False,
        "Equality Impact Assessment: done, needed, not_needed (blank = not known).",
        "choice",
        ("equality_impact_assessment", "eia", "equality_impact"),
        EQIA_WORDS,
    ),
    FieldSpec(
        "benefit_pool",
        False,
        "Budget line or cohort the savings come from; projects sharing one may double count.",
        "text",
        ("savings_pool", "pool", "budget_line"),
    ),
    FieldSpec(
        "in_mtfs",
        False,
        "yes/no: benefits already counted in the medium-term financial strategy.",
        "yes_no",
        ("already_in_mtfs", "mtfs"),
    ),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
_ALIASES = {alias: spec.name for spec in FIELDS for alias in (spec.name, *spec.aliases)}

PATTERN_MEANINGS = {
    "benefit": "Benefit in £k for that financial year as a low-high range "
    "(benefit_2025_26_low / _high); a single benefit_2025_26 column means low = high.",
    "cost": "Investment needed in £k that financial year.",
    "fte": "FTE of that role the project needs while running.",
    "align": "Alignment with that council mission, 0 (none) to 3 (strong).",
}

_BENEFIT = re.compile(
    r"^(?:benefits?|savings?)_(?:fy_?)?(\d{4}_\d{2}(?:\d{2})?)(?:_(low|high|min|max|lower|upper))?$"
)
_COST = re.compile(r"^(?:costs?|investment)_(?:fy_?)?(\d{4}_\d{2}(?:\d{2})?)$")
_FTE = re.compile(r"^fte_([a-z0-9_]+)$")
_ALIGN = re.compile(r"^(?:align|alignment)_([a-z0-9_]+)$")
Bound = Literal["low", "high", "both"]
_BOUND: dict[str | None, Bound] = {
    "low": "low",
    "min": "low",
    "lower": "low",
    "high": "high",
    "max": "high",
    "upper": "high",
    None: "both",
}


@dataclass(frozen=True)
class ColumnRef:
    """What one header means: a fixed field, or a year/role/mission column."""

    field: str
    year: str | None = None
    bound: Bound | None = None
    key: str | None = None

    @property
    def canonical(self) -> str:
        """The header the product writes for this column."""
        if self.field == "benefit":
            suffix = "" if self.bound == "both" else f"_{self.bound}"
            return f"benefit_{year_slug(self.year or '')}{suffix}"
        if self.field == "cost":
            return f"cost_{year_slug(self.year or '')}"
        if self.field in ("fte", "align"):
            return f"{self.field}_{self.key}"
        return self.field


def match_header(header: str) -> ColumnRef | None:
    """The meaning of a header, or None if the product does not use it.

    Raises:
        ValueError: a benefit or cost column whose year is not a financial year.
    """
    token = normalise_header(header)
    if token in _ALIASES:
        return ColumnRef(_ALIASES[token])
    if match := _BENEFIT.match(token):
        return ColumnRef("benefit", year=parse_year(match.group(1)), bound=_BOUND[match.group(2)])
    if match := _COST.match(token):
        return ColumnRef("cost", year=parse_year(match.group(1)))
    if match := _FTE.match(token):
        return ColumnRef("fte", key=match.group(1))
    if match := _ALIGN.match(token):
        return ColumnRef("align", key=match.group(1))
    return None
