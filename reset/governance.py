"""The governance route each decision must take, and the equality assessments it waits on.

The rules are the seeds' (read from `[governance]`): a significant decision needs committee
approval (budget impact over £500k, more than two wards affected, or a substantial impact on
service delivery); digital work also goes to the Digital board; cross-cutting projects (those
that depend on, clash with, go together with or share savings with another directorate's) and
escalations go to the Transformation Board; everything else is signed off by its directorate.
Continuing in-flight work as planned, or not starting new work, changes nothing, so it is never
a significant decision. Stopping or changing a service-affecting project whose Equality Impact
Assessment is not done is flagged: the EqIA comes before the decision.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import networkx as nx
import numpy as np

from dependencies.graph import SHARES_POOL, together_groups
from inputs.decisions import Decision
from inputs.governance_settings import GovernanceSettings
from optimiser.result import OptimisationResult
from portfolio import Portfolio

EQIA_NEEDED = "EqIA needed before this decision"
_SHOWN_LINKS = 3
_EDGE_LINKS = frozenset({"requires", "conflicts", "together"})
"""Links read from the graph's edges; pools are read from the portfolio (`_pool_links`)."""
LINK_WORDS = {
    "requires": "depends on",
    "conflicts": "clashes with",
    "together": "goes together with",
    "shares_pool": "shares savings with",
}
"""Links that make a project cross-cutting (a likely duplicate is a finding to check, not a
link: it does not send a decision to the Board on a text-similarity guess)."""


class Body(StrEnum):
    """Who signs a decision off, most senior last."""

    DIRECTORATE = "directorate sign-off"
    DIGITAL = "Digital board"
    BOARD = "Transformation Board"
    COMMITTEE = "committee approval"


@dataclass(frozen=True)
class Route:
    """One project's route: every body its decision goes through, and why."""

    bodies: tuple[Body, ...]  # in order, directorate first
    reasons: tuple[str, ...]  # why each body beyond the directorate is needed
    impact_k: float  # £k of budget the decision moves
    eqia: str  # EQIA_NEEDED, or "" when no assessment holds the decision up

    @property
    def route(self) -> Body:
        """The most senior body the decision needs."""
        return self.bodies[-1]


@dataclass(frozen=True)
class Governance:
    """Every project's route, register order, and what the whole plan needs."""

    routes: tuple[Route, ...]
    service_impact_known: bool  # the register says which projects affect services

    def counts(self) -> dict[str, int]:
        """Projects per most senior body, every body listed."""
        seen = Counter(route.route for route in self.routes)
        return {body.value: seen.get(body, 0) for body in Body}

    def needing(self, body: Body) -> list[int]:
        """Rows of the projects whose decision goes through this body."""
        return [i for i, route in enumerate(self.routes) if body in route.bodies]

    @property
    def eqia_needed(self) -> list[int]:
        return [i for i, route in enumerate(self.routes) if route.eqia]


def route_decisions(
    portfolio: Portfolio, graph: nx.MultiDiGraph, result: OptimisationResult
) -> Governance:
    """The route of every project's recommended decision, from the config's rules."""
    settings = portfolio.config.governance
    projects = portfolio.register.projects
    decided = {d.id: d for d in result.decisions}
    crossing = _cross_cutting(portfolio, graph)
    digital = _digital(portfolio)
    escalated = set(settings.escalated)
    routes = []
    for i, project in enumerate(projects):
        decision = decided[project.id].decision
        starts = decision.proceeds or decided[project.id].resume_year is not None
        # continuing in-flight work as planned, or not starting new work, changes nothing
        changes = decision is not Decision.CONTINUE if portfolio.in_flight[i] else starts
        impact = _impact(portfolio, result, i, starts)
        bodies, reasons = [Body.DIRECTORATE], []
        if digital[i]:
            bodies.append(Body.DIGITAL)
            reasons.append(f"Digital board: {digital[i]}")
        if crossing[i] or project.id in escalated:
            bodies.append(Body.BOARD)
            why = crossing[i] or "escalated by its directorate"
            reasons.append(f"Transformation Board: {why}")
        significant = _significant(project.wards, project.service_impact, impact, settings)
        if changes and significant:
            bodies.append(Body.COMMITTEE)
            reasons.append(f"committee approval: {significant}")
        eqia_due = (
            changes and bool(project.service_impact) and project.eqia not in ("done", "not_needed")
        )
        routes.append(Route(tuple(bodies), tuple(reasons), impact, EQIA_NEEDED if eqia_due else ""))
    known = any(p.service_impact is not None for p in projects)
    return Governance(tuple(routes), known)


def _impact(portfolio: Portfolio, result: OptimisationResult, i: int, starts: bool) -> float:
    """£k the decision moves: the larger of the project's investment and its benefits over the
    horizon as registered (at the range point, before any confidence or type discount); a new
    project not started in the horizon (`starts`: now, or after a pause) moves only the MTFS
    savings it puts at risk."""
    if not starts and not portfolio.in_flight[i]:
        return float(max(result.chosen.mtfs_at_risk[i].sum(), 0.0))
    point = portfolio.config.scoring.range_point
    registered = portfolio.low[i] + point * (portfolio.high[i] - portfolio.low[i])
    return float(max(portfolio.cost[i].sum(), registered.sum()))


def _significant(
    wards: float | None, service_impact: bool | None, impact: float, settings: GovernanceSettings
) -> str:
    """Why a change is a significant decision ("" when it is not)."""
    found = []
    if impact > settings.committee_budget_k:
        found.append(f"budget impact £{impact:,.0f}k, over £{settings.committee_budget_k:,.0f}k")
    if wards is not None and wards > settings.committee_wards:
        found.append(f"{wards:g} wards affected, more than {settings.committee_wards}")
    if service_impact:
        found.append("substantial impact on service delivery")
    return "; ".join(found)


def _digital(portfolio: Portfolio) -> list[str]:
    """Why each project is digital work ("" when it is not)."""
    settings = portfolio.config.governance
    programmes = {p.casefold() for p in settings.digital_programmes}
    share = np.zeros(portfolio.size)
    if settings.ict_role in portfolio.roles:
        ict = portfolio.fte[:, portfolio.roles.index(settings.ict_role)]
        total = portfolio.fte_total
        share = np.divide(ict, total, out=np.zeros_like(ict), where=total > 0)
    why = []
    for i, programme in enumerate(portfolio.programmes):
        if programme.casefold() in programmes:
            why.append(f"{programme} programme")
        elif share[i] >= settings.digital_ict_share and share[i] > 0:
            why.append(f"{share[i]:.0%} of its FTE is {settings.ict_role.replace('_', ' ')}")
        else:
            why.append("")
    return why


def _cross_cutting(portfolio: Portfolio, graph: nx.MultiDiGraph) -> list[str]:
    """Why each project is cross-cutting: its links to other directorates' projects."""
    index = portfolio.index()
    links: dict[int, list[str]] = {}
    unwritten: Counter[int] = Counter()
    for pool in portfolio.pools:
        _pool_links(portfolio, pool.members, links, unwritten)
    for a, b, kind in graph.edges(keys=True):
        first, second = graph.nodes[a], graph.nodes[b]
        if first["directorate"] == second["directorate"] or kind not in _EDGE_LINKS:
            continue
        words = LINK_WORDS[kind]
        links.setdefault(index[a], []).append(f"{words} {b} ({second['directorate']})")
        back = "is needed by" if kind == "requires" else words
        links.setdefault(index[b], []).append(f"{back} {a} ({first['directorate']})")
    for group in together_groups(graph):
        where = sorted({graph.nodes[m]["directorate"] for m in group})
        if len(where) > 1:
            for member in group:
                links.setdefault(index[member], []).append(
                    f"goes together with a group across {', '.join(where)}"
                )
    why = []
    for i in range(portfolio.size):
        found = sorted(set(links.get(i, [])))
        more = len(found) + unwritten[i] - _SHOWN_LINKS
        why.append(", ".join(found[:_SHOWN_LINKS]) + (f" and {more:,} more" if more > 0 else ""))
    return why


def _pool_links(
    portfolio: Portfolio, members: np.ndarray, links: dict[int, list[str]], unwritten: Counter[int]
) -> None:
    """Each member's savings partners in other directorates: the first few in id order written
    out, the rest counted, so a pool of 3,000 costs 3,000 short lists, not 9 million words."""
    ids, directorates = portfolio.ids, portfolio.directorates
    by_directorate: dict[str, list[int]] = {}
    for i in sorted(members.tolist(), key=lambda i: ids[i]):
        by_directorate.setdefault(directorates[i], []).append(i)
    sizes = {d: len(rows) for d, rows in by_directorate.items()}
    heads = {d: rows[: _SHOWN_LINKS + 1] for d, rows in by_directorate.items()}
    words = LINK_WORDS[SHARES_POOL]
    for home, rows in by_directorate.items():
        others = sorted(
            (i for d, head in heads.items() if d != home for i in head), key=lambda i: ids[i]
        )[: _SHOWN_LINKS + 1]
        written = [f"{words} {ids[j]} ({directorates[j]})" for j in others]
        total = len(members) - sizes[home]
        for i in rows:
            links.setdefault(i, []).extend(written)
            unwritten[i] += total - len(written)
