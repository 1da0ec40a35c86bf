"""Random valid registers for property tests: hypothesis strategies building interchange rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from hypothesis import strategies as st

from inputs.values import EXCEL_ERRORS, UNCALCULATED

YEARS = ("2024/25", "2025/26")
ROLES = ("project_manager", "ict")
MISSIONS = ("open", "fair")
STATUS = ("in_flight", "pipeline")
STAGES = ("idea", "deep_dive", "business_case", "delivery")
BENEFIT_TYPES = (
    "cashable",
    "cost_avoidance",
    "income",
    "combination",
    "enabler",
    "income_recovery",
    "tbc",
)

# Text a council might type: letters, digits, punctuation, accents, but no control characters.
text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), max_codepoint=0x2FFF),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda t: t and t.upper() not in EXCEL_ERRORS and t != UNCALCULATED)
)
"""Valid cell text: Excel error values such as #NULL! are refused by design, so not generated."""
money = st.integers(min_value=0, max_value=50_000).map(float) | st.sampled_from([0.5, 12.5])
optional = st.none() | st.just(None)


@st.composite
def registers(
    draw: st.DrawFn, max_projects: int = 12, streams: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Projects with unique ids, acyclic prerequisites and references only to known ids (and
    funding streams, when given, from `streams`)."""
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Z]{1,3}-?[0-9]{1,4}", fullmatch=True),
            min_size=1,
            max_size=max_projects,
            unique_by=str.casefold,
        )
    )
    projects = []
    for position, project_id in enumerate(ids):
        earlier = ids[:position]
        depends = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        others = [i for i in earlier if i not in depends]
        conflicts = (
            draw(st.lists(st.sampled_from(others), unique=True, max_size=1)) if others else []
        )
        free = [i for i in earlier if i not in depends and i not in conflicts]
        together = draw(st.lists(st.sampled_from(free), unique=True, max_size=1)) if free else []
        projects.append(draw(_project(project_id, depends, conflicts, together, streams)))
    return projects


@st.composite
def _run_years(draw: st.DrawFn) -> dict[str, Any]:
    """start_year, end_year and duration that agree (or are blank)."""
    start = draw(st.none() | st.sampled_from(YEARS))
    end = draw(st.none() | st.sampled_from([y for y in YEARS if start is None or y >= start]))
    duration = None
    if end is None and draw(st.booleans()):
        duration = float(draw(st.integers(1, 4)))
    return {"start_year": start, "end_year": end, "duration": duration}


@st.composite
def _project(
    draw: st.DrawFn,
    project_id: str,
    depends: list[str],
    conflicts: list[str],
    together: list[str],
    streams: tuple[str, ...],
) -> dict:
    row: dict[str, Any] = {
        "id": project_id,
        "name": draw(text),
        "directorate": draw(text),
        "status": draw(st.sampled_from(STATUS)),
        "programme": draw(st.none() | text),
        "description": draw(st.none() | text),
        "stage": draw(st.none() | st.sampled_from(STAGES)),
        "benefit_type": draw(st.none() | st.sampled_from(BENEFIT_TYPES)),
        "delivery_risk": draw(st.none() | st.integers(1, 5).map(float)),
        "complexity": draw(st.none() | st.integers(1, 5).map(float)),
        "mandatory": draw(st.none() | st.booleans()),
        "in_mtfs": draw(st.none() | st.booleans()),
        "benefit_pool": draw(st.none() | st.sampled_from(["pool_a", "pool_b"])),
        "together_group": draw(st.none() | st.sampled_from(["Gemini"])),
        "wards": draw(st.none() | st.integers(0, 9).map(float)),
        "funding_stream": draw(st.none() | st.sampled_from(streams)) if streams else None,
        **draw(_run_years()),
        "service_impact": draw(st.none() | st.booleans()),
        "eqia": draw(st.none() | st.sampled_from(["done", "needed", "not_needed"])),
        "depends_on": tuple(depends),
        "conflicts_with": tuple(conflicts),
        "together_with": tuple(together),
        "benefits": {},
        "costs": {},
        "fte": {},
        "alignment": {},
    }
    for year in YEARS:
        if draw(st.booleans()):
            low = draw(money)
            row["benefits"][year] = {"low": low, "high": low + draw(money)}
        if draw(st.booleans()):
            row["costs"][year] = draw(money)
    for role in ROLES:
        if draw(st.booleans()):
            row["fte"][role] = draw(st.sampled_from([0.0, 0.2, 0.5, 1.0, 2.5]))
    for mission in MISSIONS:
        if draw(st.booleans()):
            row["alignment"][mission] = float(draw(st.integers(0, 3)))
    costed = sorted(year for year, cost in row["costs"].items() if cost > 0)
    late = row["end_year"] is not None and costed and row["end_year"] < costed[0]
    if late and row["status"] == "pipeline" and row["start_year"] is None:
        row["start_year"] = YEARS[0]  # new work ending before its costs needs its start given
    return row


def to_csv(projects: list[dict[str, Any]]) -> str:
    """The projects as an interchange CSV, written independently of the product's writer."""
    out = io.StringIO()
    fixed = [
        "id",
        "name",
        "directorate",
        "status",
        "programme",
        "description",
        "stage",
        "benefit_type",
        "delivery_risk",
        "complexity",
        "mandatory",
        "in_mtfs",
        "benefit_pool",
        "depends_on",
        "conflicts_with",
        "together_with",
        "together_group",
        "funding_stream",
        "start_year",
        "end_year",
        "duration",
        "wards",
        "service_impact",
        "eqia",
    ]
    slugs = [y.replace("/", "_") for y in YEARS]
    header = [
        *fixed,
        *(f"benefit_{s}_{b}" for s in slugs for b in ("low", "high")),
        *(f"cost_{s}" for s in slugs),
        *(f"fte_{r}" for r in ROLES),
        *(f"align_{m}" for m in MISSIONS),
    ]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for project in projects:
        cells = [_cell(project.get(name)) for name in fixed]
        for year in YEARS:
            benefit = project["benefits"].get(year) or {}
            cells += [_cell(benefit.get("low")), _cell(benefit.get("high"))]
        cells += [_cell(project["costs"].get(year)) for year in YEARS]
        cells += [_cell(project["fte"].get(role)) for role in ROLES]
        cells += [_cell(project["alignment"].get(m)) for m in MISSIONS]
        writer.writerow(cells)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)
