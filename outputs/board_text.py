"""The board pack's words: money as the board reads it, and titles that state the finding.

Every function takes the frames of `board_tables` and returns plain text, unescaped: a title
may name a programme or directorate from the register, so the page escapes it when it writes it.
"""

from __future__ import annotations

import html
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import pandas as pd

from dependencies.findings import FindingKind
from inputs.governance_settings import GovernanceSettings
from optimiser.solvers import SolveStatus
from prioritise.weights import CR_LIMIT
from reset.governance import Body

if TYPE_CHECKING:
    from outputs.board_tables import MtfsRisk

ROLE_LABELS = {
    "ict": "ICT",
    "hr_od": "HR/OD",
    "data_intelligence": "Data and intelligence",
    "subject_matter_expert": "Subject-matter expert",
}
ROUTE_MEANINGS = {
    Body.COMMITTEE: "significant decisions: budget impact over £{budget:,.0f}k, more than "
    "{wards} wards affected, or a substantial impact on service delivery",
    Body.BOARD: "cross-cutting projects (linked to another directorate's work) and escalations",
    Body.DIGITAL: "digital work: a digital programme, or mostly ICT effort",
    Body.DIRECTORATE: "everything else: signed off by its own directorate",
}
GOVERNANCE_NOTE = (
    "Each decision goes to the most senior body it needs; its other approvals (directorate, "
    "Digital board) come first and are in the workbook's Approvals column. Continuing "
    "in-flight work as planned, or not starting new work, is never a significant decision."
)
NO_SERVICE_IMPACT = (
    "The register has no service_impact column, so the plan cannot tell which decisions "
    "change a service and need an EqIA first. Add service_impact (yes or no) and eqia (done, "
    "needed or not_needed) columns to list them."
)
STAGE_LABELS = {"idea": "Idea (crude opportunity estimate)"}
FINDING_WORDS = {
    FindingKind.BROKEN_PREREQUISITE: ("broken prerequisite", "broken prerequisites"),
    FindingKind.CLASH: ("clash", "clashes"),
    FindingKind.TOGETHER: ("group that goes together", "groups that go together"),
    FindingKind.DOUBLE_COUNTING: ("savings pool counted twice", "savings pools counted twice"),
    FindingKind.NOT_NEW_MONEY: ("benefit already in the MTFS", "benefits already in the MTFS"),
    FindingKind.LIKELY_DUPLICATE: ("likely duplicate", "likely duplicates"),
    FindingKind.CRITICAL_ENABLER: ("critical enabler", "critical enablers"),
}


PRODUCT = "portfolio-reset"
WEIGHT_METHODS = {
    "direct": "given directly (only their proportions matter)",
    "swing": "by swing weighting: points for each criterion's swing from worst to best, normalised",
    "ahp": "by AHP: pairwise judgements turned into weights by Saaty's eigenvector method",
}


def product_version() -> str:
    """The installed portfolio-reset version, so a printed pack says what produced it."""
    try:
        return version(PRODUCT)
    except PackageNotFoundError:
        return "unknown (not installed)"


def format_date(day: date) -> str:
    """A date as a board paper gives it: 1 December 2025."""
    return f"{day.day} {day:%B %Y}"


def portfolio_title(name: str, register: str) -> str:
    """What every output calls the portfolio: the config's name, else its register's file."""
    return f"Portfolio reset: {name.strip() or PurePath(register).name}"


def pack_title(name: str, register: str) -> str:
    """The board pack's title; a config without a name is titled by its register."""
    if name.strip():
        return f"{name.strip()}: portfolio reset board pack"
    return portfolio_title(name, register)


def format_money(k: float) -> str:
    """£k as a board reads it: £31.2m from £1m up, £850k below, thousands separated."""
    sign = "-" if k < 0 else ""
    k = abs(k)
    if round(k) >= 1000:
        return f"{sign}£{k / 1000:,.1f}m"
    return f"{sign}£{k:,.0f}k"


def format_k(k: float) -> str:
    """£k with thousands separators, for tables: £29,200k."""
    return f"-£{-k:,.0f}k" if k < 0 else f"£{k:,.0f}k"


def criterion_label(criterion: str) -> str:
    """mission_alignment -> Mission alignment."""
    return criterion.replace("_", " ").capitalize()


def stage_label(stage: str) -> str:
    """deep_dive -> Deep dive."""
    return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def format_ratio(ratio: float | None) -> str:
    """A return on investment as the committee report writes it: 4.2:1."""
    return "n/a" if ratio is None else f"{ratio:.1f}:1"


def solver_proof(status: SolveStatus, gap_rel: float, tolerance: float) -> str:
    """How far the plan is proven from the best possible: optimal, within x%, or time limit."""
    if status is SolveStatus.OPTIMAL and gap_rel <= 1e-9:
        return "proven optimal"
    if status is SolveStatus.OPTIMAL:
        return f"proven within {gap_rel:.2%} of the best possible plan (tolerance {tolerance:.2%})"
    if status is SolveStatus.GREEDY:
        return (
            "no plan from the solver within the time limit: the greedy plan (score per FTE) "
            "stands in, not optimised"
            + (f", at most {gap_rel:.2%} below the best possible plan" if gap_rel > 0 else "")
        )
    return f"stopped by the time limit, within {gap_rel:.2%} of the best possible plan"


def run_sentence(day: str, register: str, projects: int) -> str:
    """When the run was made, by which version, from which register."""
    return (
        f"Run on {day} with {PRODUCT} {product_version()}, from {register} "
        f"({plural(projects, 'project', 'projects')})"
    )


def solver_sentence(solver: dict[str, Any], proof: str) -> str:
    """The solver, its proof, objective and bound, and the time it took (summary's `solver`)."""
    return (
        f"Solved with {solver['name']}: {proof}; objective {solver['objective']:.2f} of 100 "
        f"(best possible {solver['bound']:.2f}), in {solver['seconds']:.1f} s of a "
        f"{solver['time_limit_s']:g} s time limit"
    )


def assumptions_sentence(notes: int, projects_noted: int, projects: int) -> str:
    """How many per-project assumptions the figures rest on."""
    return (
        f"{plural(notes, 'per-project assumption', 'per-project assumptions')} (defaults for "
        f"blank or unclear cells) for {projects_noted} of the {projects} projects; the "
        "workbook's Assumptions sheet lists each one"
    )


def roi_text(roi: dict[str, Any]) -> tuple[str, str]:
    """The plan's return on investment against the committee report's expectation, as a
    card's figure and its label."""
    expected = f"{roi['expected_low']:g}:1 to {roi['expected_high']:g}:1"
    ratio = roi["ratio"]
    if ratio is None:
        return "no investment", (
            f"the plan needs no investment, so its return is not a ratio; the committee report "
            f"expects {expected}"
        )
    if ratio < roi["expected_low"]:
        verdict = "below"
    elif ratio > roi["expected_high"]:
        verdict = "above"
    else:
        verdict = "within"
    return format_ratio(ratio), (
        f"return on investment: {format_money(roi['benefit_k'])} of expected benefits for "
        f"{format_money(roi['investment_k'])} invested, {verdict} the committee report's "
        f"expected {expected}"
    )


def mtfs_risk_text(risk: MtfsRisk, years: pd.DataFrame) -> tuple[str, str]:
    """MTFS savings the plan does not deliver, as a card's figure and its label."""
    parts = []
    if risk.lost_k > 0.5:
        parts.append(
            f"{format_money(risk.lost_k)} lost by "
            + plural(risk.projects, "project stopped or delayed", "projects stopped or delayed")
        )
    if risk.overlap_k > 0.5:
        parts.append(f"{format_money(risk.overlap_k)} claimed twice within a savings pool")
    return format_money(risk.total_k), (
        f"of MTFS savings at risk over {period(years)} ({'; '.join(parts)}): the budget already "
        "counts them, so the gap widens by as much"
    )


def enabler_sentence(row: pd.Series) -> str:
    """One critical enabler: how many projects need it and what pausing it stops."""
    stops = (
        f"{format_money(row['benefit_k'])} of expected benefits "
        f"({format_money(row['low_k'])} to {format_money(row['high_k'])})"
        if pd.notna(row["benefit_k"])
        else f"{format_money(row['low_k'])} to {format_money(row['high_k'])} of benefits"
    )
    return (
        f"{row['id']} ('{row['name']}', recommended: {row['decision']}) is needed by "
        f"{plural(int(row['dependants']), 'project', 'projects')}; pausing it stops {stops}"
    )


def weights_sentence(method: str, consistency_ratio: float | None) -> str:
    """How the criteria weights were given."""
    text = f"Criteria weights {WEIGHT_METHODS.get(method, method)}"
    if consistency_ratio is not None:
        verdict = "consistent" if consistency_ratio <= CR_LIMIT else "inconsistent: review them"
        text += f"; consistency ratio {consistency_ratio:.3f} ({verdict}, limit {CR_LIMIT:.2f})"
    return text + "."


def headline_title(years: pd.DataFrame) -> str:
    """The share of the whole period's gap the plan closes, in money."""
    gap = float(years["gap_k"].sum())
    closed = float((years["gap_k"] - years["shortfall_k"]).sum())
    horizon = period(years)
    if gap <= 0:
        return f"There is no budget gap to close in {horizon}"
    return (
        f"The plan closes {closed / gap:.0%} of the {horizon} budget gap "
        f"({format_money(closed)} of {format_money(gap)})"
    )


def year_sentence(row: pd.Series) -> str:
    """One year: the share closed, the money, and the share at the low and high ends."""
    if row["gap_k"] <= 0:
        return f"{row['year']}: no gap; {format_money(row['benefit_k'])} of benefits expected"
    return (
        f"{row['year']}: {row['coverage']:.0%} closed ({format_money(row['benefit_k'])} of "
        f"{format_money(row['gap_k'])}); {row['coverage_low']:.0%} to {row['coverage_high']:.0%} "
        f"across the low-high range"
    )


def benefits_title(years: pd.DataFrame) -> str:
    """The weakest year against its gap, or that every year is covered."""
    gapped = years[years["gap_k"] > 0]
    if gapped.empty:
        return "No year has a budget gap; the plan's benefits are shown by programme"
    worst = gapped.sort_values(["coverage", "shortfall_k"], ascending=[True, False]).iloc[0]
    if worst["shortfall_k"] <= 1e-6:
        low_short = int((gapped["coverage_low"] < 1).sum())
        tail = (
            f", though {plural(low_short, 'year falls', 'years fall')} short at the low end"
            if low_short
            else ", even at the low end of every range"
        )
        return f"Expected benefits close the gap in every year{tail}"
    return (
        f"The plan closes {worst['coverage']:.0%} of the {worst['year']} gap "
        f"({format_money(worst['benefit_k'])} of {format_money(worst['gap_k'])}), "
        f"its weakest year; {format_money(worst['low_k'])} to {format_money(worst['high_k'])} "
        f"across the range"
    )


def decisions_title(counts: pd.DataFrame, by: str) -> str:
    """Where the pauses and terminations fall: the group with the most of them."""
    stops = counts["pause"] + counts["terminate"]
    total = int(stops.sum())
    if total == 0:
        return f"No project pauses or terminates in any {by}"
    top = counts.assign(stops=stops).sort_values(["stops", by], ascending=[False, True]).iloc[0]
    return (
        f"{top[by]} has the most pauses and terminations: {int(top['stops'])} of its "
        f"{int(top['total'])} projects ({int(top['stops'])} of {total} across all {by}s)"
    )


def governance_title(routes: dict[str, int]) -> str:
    """Where the decisions go: projects per most senior body."""
    return (
        f"{plural(routes[Body.COMMITTEE], 'decision needs', 'decisions need')} committee "
        f"approval, {plural(routes[Body.BOARD], 'goes', 'go')} to the Transformation Board and "
        f"{routes[Body.DIGITAL]} to the Digital board; "
        f"{plural(routes[Body.DIRECTORATE], 'is', 'are')} signed off by a directorate"
    )


def route_meaning(body: str, settings: GovernanceSettings) -> str:
    """Which decisions go to a body, with the config's committee thresholds."""
    return ROUTE_MEANINGS[Body(body)].format(
        budget=settings.committee_budget_k, wards=settings.committee_wards
    )


def appendix_title(shown: int, total: int) -> str:
    """How many of the projects the appendix ranks."""
    which = f"all {total}" if shown == total else f"{shown} of the {total}"
    return f"Appendix: {which} projects in rank order, with the reason for each decision"


def appendix_note(shown: int, total: int, top: int, limit: int) -> str:
    """What the appendix lists, and what its columns mean."""
    cap = (
        ""
        if shown == total
        else f"Shown: the top {top} and every project that pauses, terminates, accelerates or "
        f"needs its business case first (at most {limit}). decisions.xlsx lists all {total} "
        "projects. "
    )
    return (
        f"{cap}Benefit is the expected £k closing the gap over all years under the decision; "
        "cost the investment in £k; ROI the benefit per £ of cost; FTE the people needed."
    )


def delivery_factor_text(risk: dict[str, Any]) -> str:
    """What the calibration did: the factor the draws were scaled by to match the record."""
    factor = risk["delivery_factor"]
    text = f"The draws were scaled by {factor:.2f} to match that record"
    if factor > 1:
        return text + (
            ": above 1, so the register's stage confidences and slips lose more than the "
            "council's record says it loses, and the record lifts them."
        )
    return text + "."


def odds_title(risk: dict[str, Any]) -> str:
    """The plan's odds as the Board asks them: how likely each year's gap is closed, and what
    more would make it the confidence it wants."""
    chances = ", ".join(f"{y['year']} {y['p_closed']:.0%}" for y in risk["years"])
    return f"Chance of closing the gap: {chances}{_contingency_text(risk)}"


def odds_card(risk: dict[str, Any]) -> tuple[str, str]:
    """The headline's answer to "how likely is this plan to close the gap, and what would make
    us that sure?": the chance of closing every year, and the contingency for the confidence."""
    futures = f"{risk['draws']:,} simulated futures"
    return (
        f"{risk['p_every_year']:.0%}",
        f"chance the plan closes every year's gap, over {futures}{_contingency_text(risk)}",
    )


def _contingency_text(risk: dict[str, Any]) -> str:
    """'; to be 80% sure of each year, find £46.5m more', or that every year already is."""
    more = sum(y["contingency_k"] for y in risk["years"])
    sure = f"{risk['confidence']:.0%}"
    if more <= 0.5:
        return f"; every year at least {sure} sure"
    return f"; to be {sure} sure of each year, find {format_money(more)} more"


def deferred_text(deferred: dict[str, Any], years: tuple[str, ...]) -> str:
    """The pauses that end within the horizon, by the year they resume, and the benefits the
    plan's timing pushes past its last year (the tail): '' when there are none."""
    resumes = {year: n for year, n in deferred["resumes"].items() if n}
    parts = []
    if resumes:
        count = sum(resumes.values())
        when = ", ".join(f"{n} in {year}" for year, n in resumes.items())
        verb = "resumes" if count == 1 else "resume"
        paused = plural(count, "paused project", "paused projects")
        parts.append(f"{paused} {verb} within the horizon ({when})")
    if deferred["tail_k"] > 0.5:
        parts.append(
            f"{format_money(deferred['tail_k'])} of expected benefits fall after {years[-1]}, "
            "pushed past the horizon by a business case first or a later start"
        )
    return f'<p class="note">{html.escape("; ".join(parts))}.</p>' if parts else ""


def capacity_title(roles: pd.DataFrame) -> str:
    """FTE freed from stopped work in the first year, and the roles (and years) the plan uses
    to the last FTE."""
    first = roles["year"].iloc[0]
    freed = float(roles.loc[roles["year"] == first, "freed_fte"].sum())
    head = f"The reset frees {freed:,.1f} FTE in {first} from paused and terminated in-flight work"
    limit = roles["capacity_fte"] + roles["external_fte"]
    full = roles[(limit > 0) & (roles["used_fte"] >= limit - 1e-6 * limit.clip(lower=1))]
    if full.empty:
        return f"{head}; every role has some capacity to spare in every year"
    by_role = full.groupby("role", sort=False)["year"].apply(list)
    if len(by_role) > 4:
        return f"{head}; {len(by_role)} of {roles['role'].nunique()} roles are used in full"
    names = [
        f"{role_label(str(role))} in {_listed(years)}"
        if len(years) < roles["year"].nunique()
        else f"{role_label(str(role))} in every year"
        for role, years in by_role.items()
    ]
    return f"{head}; {_listed(names)} capacity is used in full"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def frontier_title(frontier: pd.DataFrame) -> str:
    """What the largest multiple of capacity (or budget) would add to the gap closed."""
    of = str(frontier["of"].iloc[0])
    points = frontier.sort_values("scale")
    last = points.iloc[-1]
    now = points[points["scale"] == 1.0]
    if now.empty or last["scale"] <= 1.0:
        first = points.iloc[0]
        return (
            f"From {first['scale']:g}x to {last['scale']:g}x {of}, the share of the gap closed "
            f"goes from {first['closed']:.0%} to {last['closed']:.0%}"
        )
    base = now.iloc[0]
    extra = last["gap_closed_k"] - base["gap_closed_k"]
    more = f"{last['scale'] - 1:.0%} more {of}"
    if extra <= 1e-6:
        return f"More {of} would not close more of the gap: even {more} closes {base['closed']:.0%}"
    if extra < 0.01 * max(base["gap_k"], 1e-9):
        return (
            f"More {of} adds little: {more} would close only {format_money(extra)} more of the "
            f"gap ({base['closed']:.1%} to {last['closed']:.1%})"
        )
    return (
        f"{more[0].upper()}{more[1:]} would close {format_money(extra)} more of the gap "
        f"({base['closed']:.0%} to {last['closed']:.0%})"
    )


def findings_title(counts: dict[str, int]) -> str:
    """How many findings the board must act on, by kind."""
    parts = [
        plural(counts.get(kind.value, 0), *words)
        for kind, words in FINDING_WORDS.items()
        if counts.get(kind.value, 0)
    ]
    if not parts:
        return "The dependency checks found nothing for the board to resolve"
    total = sum(counts.get(kind.value, 0) for kind in FINDING_WORDS)
    return f"{plural(total, 'finding needs', 'findings need')} the board's view: " + ", ".join(
        parts
    )


def graph_title(edges: dict[str, int], enablers: int) -> str:
    """The links between projects, and how many projects others cannot proceed without."""
    return (
        f"{plural(edges.get('requires', 0), 'prerequisite', 'prerequisites')} and "
        f"{plural(edges.get('conflicts', 0), 'clash', 'clashes')} link the portfolio; "
        f"{plural(enablers, 'project is a critical enabler', 'projects are critical enablers')}"
        " that others cannot proceed without"
    )


def period(years: pd.DataFrame) -> str:
    """The horizon as a board reads it: 2024/25 to 2027/28."""
    first, last = str(years["year"].iloc[0]), str(years["year"].iloc[-1])
    return first if first == last else f"{first} to {last}"
