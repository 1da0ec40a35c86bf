"""The board pack's words: money as the board reads it, and titles that state the finding.

Every function takes the frames of `board_tables` and returns plain text, unescaped: a title
may name a programme or directorate from the register, so the page escapes it when it writes it.
"""

from __future__ import annotations

import pandas as pd

from dependencies.findings import FindingKind

ROLE_LABELS = {
    "ict": "ICT",
    "hr_od": "HR/OD",
    "data_intelligence": "Data and intelligence",
    "subject_matter_expert": "Subject-matter expert",
}
FINDING_WORDS = {
    FindingKind.BROKEN_PREREQUISITE: ("broken prerequisite", "broken prerequisites"),
    FindingKind.CLASH: ("clash", "clashes"),
    FindingKind.TOGETHER: ("group that goes together", "groups that go together"),
    FindingKind.DOUBLE_COUNTING: ("savings pool counted twice", "savings pools counted twice"),
    FindingKind.NOT_NEW_MONEY: ("benefit already in the MTFS", "benefits already in the MTFS"),
    FindingKind.LIKELY_DUPLICATE: ("likely duplicate", "likely duplicates"),
    FindingKind.CRITICAL_ENABLER: ("critical enabler", "critical enablers"),
}


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


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def headline_title(years: pd.DataFrame) -> str:
    """The share of the whole period's gap the plan closes, in money."""
    gap = float(years["gap_k"].sum())
    closed = float((years["gap_k"] - years["shortfall_k"]).sum())
    period = _period(years)
    if gap <= 0:
        return f"There is no budget gap to close in {period}"
    return (
        f"The plan closes {closed / gap:.0%} of the {period} budget gap "
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


def capacity_title(roles: pd.DataFrame, freed_fte: float) -> str:
    """FTE freed from stopped work, and the roles the plan uses to the last FTE."""
    head = f"The reset frees {freed_fte:,.1f} FTE from paused and terminated in-flight work"
    limit = roles["capacity_fte"] + roles["external_fte"]
    full = roles[(limit > 0) & (roles["used_fte"] >= limit - 1e-6 * limit.clip(lower=1))]
    if full.empty:
        return f"{head}; every role has some capacity to spare"
    if len(full) > 4:
        return f"{head}; {len(full)} of {len(roles)} roles are used in full"
    names = [role_label(r) for r in full["role"]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{head}; {listed} capacity is used in full"


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


def _period(years: pd.DataFrame) -> str:
    first, last = str(years["year"].iloc[0]), str(years["year"].iloc[-1])
    return first if first == last else f"{first} to {last}"
