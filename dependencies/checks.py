"""Named checks over the graph: broken prerequisites, clashes and critical enablers.

Dependency cycles are refused when the register is read (inputs/references.py), naming the
cycle, so a validated Register never has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
import numpy as np

from dependencies.findings import Finding, FindingKind, FindingSeverity
from dependencies.graph import CONFLICTS, dependant_counts, requires_graph, together_groups
from portfolio import Portfolio
from portfolio.pools import Pool

MAX_CHAINS_PER_PROJECT = 20
MAX_ENABLERS = 25
"""Critical enablers named one finding each; the rest share one."""
MAX_CLASH_PAIRS = 50
"""Clashing pairs in one web beyond which the web is one finding."""


def check_prerequisite_chains(graph: nx.MultiDiGraph) -> list[Finding]:
    """Every chain of prerequisites, from a project nothing depends on down to foundations.

    A chain A -> B -> C reads "A needs B, which needs C": pausing C stops B and A.
    """
    view = requires_graph(graph)
    findings = []
    for top in sorted(n for n in view.nodes if view.in_degree(n) == 0 and view.out_degree(n)):
        for chain in _chains_from(view, top)[:MAX_CHAINS_PER_PROJECT]:
            names = ", which needs ".join(f"{n} ('{graph.nodes[n]['name']}')" for n in chain)
            findings.append(
                Finding(
                    kind=FindingKind.PREREQUISITE_CHAIN,
                    severity=FindingSeverity.INFO,
                    project_ids=tuple(chain),
                    message=f"{names}",
                    fix=f"plan these together: pausing {chain[-1]} stops "
                    + ", ".join(reversed(chain[:-1])),
                )
            )
    return findings


def _chains_from(view: nx.DiGraph, top: str) -> list[list[str]]:
    """All maximal paths from `top` along prerequisites, in id order (the graph is acyclic)."""
    chains: list[list[str]] = []
    stack = [[top]]
    while stack and len(chains) < MAX_CHAINS_PER_PROJECT:
        path = stack.pop()
        below = sorted(view.successors(path[-1]), reverse=True)
        if not below:
            chains.append(path)
        stack.extend([*path, n] for n in below)
    return chains


def check_broken_prerequisites(graph: nx.MultiDiGraph) -> list[Finding]:
    """Running work whose prerequisite has not started, and mandatory work resting on optional."""
    findings = []
    for project, prerequisite in sorted(requires_graph(graph).edges):
        facts, needed = graph.nodes[project], graph.nodes[prerequisite]
        if facts["status"] == "in_flight" and needed["status"] == "pipeline":
            findings.append(
                Finding(
                    kind=FindingKind.BROKEN_PREREQUISITE,
                    severity=FindingSeverity.MEDIUM,
                    project_ids=(project, prerequisite),
                    message=f"{project} is in flight but its prerequisite {prerequisite} "
                    f"('{needed['name']}') has not started",
                    fix=f"start {prerequisite}, or pause {project} until it can proceed",
                )
            )
        if facts["mandatory"] and not needed["mandatory"]:
            findings.append(
                Finding(
                    kind=FindingKind.BROKEN_PREREQUISITE,
                    severity=FindingSeverity.HIGH,
                    project_ids=(project, prerequisite),
                    message=f"mandatory {project} needs {prerequisite} ('{needed['name']}'), "
                    "which is not marked mandatory, so it must proceed too",
                    fix=f"mark {prerequisite} mandatory, or confirm {project} works without it",
                )
            )
    return findings


def check_clashes(graph: nx.MultiDiGraph) -> list[Finding]:
    """Projects that cannot both proceed; worst when both are already running.

    A web of clashes with more than `MAX_CLASH_PAIRS` pairs is one finding (1,000 projects that
    all clash are 499,500 pairs: one finding, not half a million).
    """
    pairs = sorted((a, b) for a, b, kind in graph.edges(keys=True) if kind == CONFLICTS)
    clashing = nx.Graph(pairs)
    webs = [
        sorted(part)
        for part in nx.connected_components(clashing)
        if sum(clashing.degree(n) for n in part) > 2 * MAX_CLASH_PAIRS
    ]
    web_of = {node: k for k, web in enumerate(webs) for node in web}
    running = {n for n in clashing if graph.nodes[n]["status"] == "in_flight"}
    findings = [_clash(graph, a, b, running) for a, b in pairs if a not in web_of]
    within: dict[int, list[tuple[str, str]]] = {}
    for a, b in pairs:
        if a in web_of:
            within.setdefault(web_of[a], []).append((a, b))
    for k, web in sorted(enumerate(webs), key=lambda item: item[1][0]):
        inside = within[k]
        both = sum(a in running and b in running for a, b in inside)
        findings.append(
            Finding(
                kind=FindingKind.CLASH,
                severity=FindingSeverity.HIGH if both else FindingSeverity.MEDIUM,
                project_ids=tuple(web),
                message=f"{len(web):,} projects clash in {len(inside):,} pairs ("
                + ", ".join(f"{a} and {b}" for a, b in inside[:5])
                + (" ...)" if len(inside) > 5 else ")")
                + (f"; {both:,} pairs are both already in flight" if both else ""),
                fix="decide which of them proceed (the optimiser will not choose both of any "
                "clashing pair); check conflicts_with in the register if so many clashes are "
                "not meant",
                data={"pairs": len(inside), "both_in_flight": both},
            )
        )
    return findings


def _clash(graph: nx.MultiDiGraph, first: str, second: str, running: set[str]) -> Finding:
    a, b = graph.nodes[first], graph.nodes[second]
    both_running = first in running and second in running
    return Finding(
        kind=FindingKind.CLASH,
        severity=FindingSeverity.HIGH if both_running else FindingSeverity.MEDIUM,
        project_ids=(first, second),
        message=f"{first} ('{a['name']}', {a['directorate']}) and {second} ('{b['name']}', "
        f"{b['directorate']}) cannot both proceed"
        + ("; both are already in flight" if both_running else ""),
        fix="decide which one proceeds (the optimiser will not choose both)",
    )


def check_together(graph: nx.MultiDiGraph) -> list[Finding]:
    """Groups that proceed together or not at all; a group with a clash inside never can."""
    groups = together_groups(graph)
    group_of = {member: g for g, members in enumerate(groups) for member in members}
    clashes: dict[int, list[tuple[str, str]]] = {}
    for a, b, kind in graph.edges(keys=True):  # one pass, however many groups
        if kind == CONFLICTS and a in group_of and group_of[a] == group_of.get(b):
            clashes.setdefault(group_of[a], []).append((a, b))
    findings = []
    for g, members in enumerate(groups):
        inside = sorted(clashes.get(g, []))
        directorates = sorted({graph.nodes[m]["directorate"] for m in members})
        shown = ", ".join(members[:15]) + (" ..." if len(members) > 15 else "")
        message = (
            f"{len(members)} projects proceed together or not at all ({shown}), in "
            + ", ".join(directorates)
        )
        if inside:
            message += (
                "; but "
                + ", ".join(f"{a} and {b}" for a, b in inside)
                + (" clash, so none of them can proceed")
            )
        findings.append(
            Finding(
                kind=FindingKind.TOGETHER,
                severity=FindingSeverity.HIGH if inside else FindingSeverity.INFO,
                project_ids=tuple(members),
                message=message,
                fix="correct together_with, together_group or conflicts_with in the register"
                if inside
                else "the plan keeps or stops them as one; split the group if one can go alone",
                data={"clashes": [list(pair) for pair in inside]},
            )
        )
    return findings


BENEFIT_KEYS = ("benefit", "benefit_low", "benefit_high")


@dataclass(frozen=True)
class Impact:
    """What stops, and what benefit is at risk, if a project is paused."""

    project_id: str
    stopped: tuple[str, ...]
    benefit: float  # expected £k over the horizon
    benefit_low: float  # on the same basis
    benefit_high: float


def impact_of(
    graph: nx.MultiDiGraph,
    project_id: str,
    requires: nx.DiGraph | None = None,
    portfolio: Portfolio | None = None,
) -> Impact:
    """The project and every project needing it (transitively), with their benefits in £k:
    with the portfolio, every savings pool counted once (as the plan counts it).

    `requires` is the graph's prerequisite view, when the caller already has it.
    """
    view = requires_graph(graph) if requires is None else requires
    stopped = sorted(nx.ancestors(view, project_id))
    nodes = [project_id, *stopped]
    if portfolio is None:
        totals = [sum(graph.nodes[n][key] for n in nodes) for key in BENEFIT_KEYS]
    else:
        index, pool_of = _lookups(portfolio)
        rows = [index[n] for n in nodes]
        pools = [portfolio.pools[k] for k in sorted({pool_of[i] for i in rows if i in pool_of})]
        totals = [  # rounded so that the register's row order never shows in the sums
            round(_pooled(values, rows, pools), 6)
            for values in (portfolio.expected, portfolio.expected_low, portfolio.expected_high)
        ]
    benefit, low, high = totals
    return Impact(project_id, tuple(stopped), benefit, low, high)


@lru_cache(maxsize=4)
def _lookups(portfolio: Portfolio) -> tuple[dict[str, int], dict[int, int]]:
    """Row of each id, and pool of each pooled row: built once per portfolio, not per enabler."""
    pool_of = {int(i): k for k, pool in enumerate(portfolio.pools) for i in pool.members}
    return portfolio.index(), pool_of


def _pooled(values: np.ndarray, rows: list[int], pools: list[Pool]) -> float:
    """£k of `values` over these rows, each pool they touch counted once."""
    chosen = np.zeros(len(values), dtype=bool)
    chosen[rows] = True
    total = float(values[chosen].sum())
    for pool in pools:
        part = values[pool.members] * chosen[pool.members][:, None]
        total += float(pool.yields(part).sum() - part.sum())
    return total


def check_critical_enablers(
    graph: nx.MultiDiGraph, min_dependants: int, portfolio: Portfolio | None = None
) -> list[Finding]:
    """Projects many others need: pausing one stops them all (and their benefits, every
    savings pool counted once when the portfolio is given).

    The `MAX_ENABLERS` with most dependants each get a finding naming them; any more are
    named together in one, so a 10,000-long chain gives 26 findings, not 50 million names.
    """
    view = requires_graph(graph)
    counts = dependant_counts(view)
    critical = sorted(
        (node for node, count in counts.items() if count >= min_dependants),
        key=lambda node: (-counts[node], node),
    )
    findings = [
        _enabler(graph, impact_of(graph, n, view, portfolio)) for n in critical[:MAX_ENABLERS]
    ]
    rest = critical[MAX_ENABLERS:]
    if rest:
        findings.append(
            Finding(
                kind=FindingKind.CRITICAL_ENABLER,
                severity=FindingSeverity.INFO,
                project_ids=tuple(rest),
                message=f"{len(rest):,} more projects are each needed by {min_dependants} or "
                f"more others (from {counts[rest[0]]:,} down to {counts[rest[-1]]:,}): "
                + ", ".join(rest[:15])
                + (" ..." if len(rest) > 15 else ""),
                fix="protect them from pausing, or plan their dependants' pause with them; "
                "the graph shows what each one stops",
                data={"dependants_each": [counts[node] for node in rest]},
                stands_for=len(rest),
            )
        )
    return findings


def _enabler(graph: nx.MultiDiGraph, impact: Impact) -> Finding:
    node = impact.project_id
    return Finding(
        kind=FindingKind.CRITICAL_ENABLER,
        severity=FindingSeverity.INFO,
        project_ids=(node, *impact.stopped),
        message=f"{node} ('{graph.nodes[node]['name']}') is needed by {len(impact.stopped)} "
        f"projects; pausing it stops £{impact.benefit:,.0f}k of expected benefits "
        f"(£{impact.benefit_low:,.0f}k-£{impact.benefit_high:,.0f}k)",
        fix="protect it from pausing, or plan the dependants' pause with it",
        data={
            "dependants": len(impact.stopped),
            "benefit": impact.benefit,
            "benefit_low": impact.benefit_low,
            "benefit_high": impact.benefit_high,
        },
    )
