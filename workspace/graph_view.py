"""The graph explorer (dash-cytoscape): the dependency graph the checks built, focused on a
project's neighbourhood or impact set, coloured by decision, programme or directorate, sized
by dependants or benefit, each edge kind drawn apart (prerequisites with arrowheads). Over
`AGGREGATE_FROM` projects with no focus it shows one node per programme, so 5,000 stay
readable."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from dependencies.checks import impact_of
from dependencies.findings import FindingKind
from dependencies.graph import CONFLICTS, REQUIRES, SHARES_POOL, SIMILAR, TOGETHER, requires_graph
from outputs.board_charts import PROGRAMME_COLOURS
from outputs.palette import DECISION_COLOURS
from workspace.state import Workspace

AGGREGATE_FROM = 1_000
"""Projects from which the unfocused view is one node per programme."""
SCOPES = ("neighbourhood", "impact set", "everything")
COLOURS = ("decision", "programme", "directorate")
SIZES = ("dependants", "benefit")
EDGE_STYLES = {
    REQUIRES: {"line-color": "#444444", "target-arrow-shape": "triangle", "width": 1.5},
    CONFLICTS: {"line-color": "#C0392B", "line-style": "dashed", "width": 2},
    TOGETHER: {"line-color": "#1B7A3A", "line-style": "solid", "width": 2},
    SHARES_POOL: {"line-color": "#8E44AD", "line-style": "dotted", "width": 1},
    SIMILAR: {"line-color": "#E67E22", "line-style": "dotted", "width": 1},
}


def stylesheet() -> list[dict[str, Any]]:
    """Node labels, colour and size from each node's data; one style per edge kind."""
    return [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "background-color": "data(colour)",
                "width": "data(size)",
                "height": "data(size)",
                "font-size": 9,
                "text-valign": "bottom",
            },
        },
        {"selector": "node.focus", "style": {"border-width": 4, "border-color": "#000000"}},
        {"selector": "edge", "style": {"curve-style": "bezier", "target-arrow-color": "#444444"}},
        *({"selector": f"edge.{kind}", "style": style} for kind, style in EDGE_STYLES.items()),
    ]


def enablers(workspace: Workspace) -> list[str]:
    """The critical enablers the checks found, most dependants first."""
    found = [
        project
        for f in workspace.baseline.checks.findings
        if f.kind is FindingKind.CRITICAL_ENABLER
        for project in (f.project_ids[:1] if f.stands_for == 1 else f.project_ids)
    ]
    counts = _dependants(workspace)
    return sorted(dict.fromkeys(found), key=lambda p: (-counts[p], p))


def elements(
    workspace: Workspace,
    focus: str | None,
    scope: str = "neighbourhood",
    colour_by: str = "decision",
    size_by: str = "dependants",
) -> list[dict[str, Any]]:
    """The cytoscape elements for the chosen view."""
    graph = workspace.baseline.checks.graph
    if focus not in graph:
        focus = None
    if focus is None and (scope != "everything" or graph.number_of_nodes() >= AGGREGATE_FROM):
        return _programmes(workspace)
    nodes = _scope(workspace, focus, scope)
    return _nodes(workspace, nodes, focus, colour_by, size_by) + _edges(graph, nodes)


def _scope(workspace: Workspace, focus: str | None, scope: str) -> list[str]:
    graph = workspace.baseline.checks.graph
    if focus is None or scope == "everything":
        return list(graph.nodes)
    if scope == "impact set":
        impact = impact_of(graph, focus, portfolio=workspace.baseline.portfolio)
        return [focus, *impact.stopped]
    pool = graph.nodes[focus]["benefit_pool"]
    partners = [n for n, p in graph.nodes(data="benefit_pool") if pool and p == pool]
    return sorted({focus, *nx.all_neighbors(graph, focus), *partners})  # pool edges are a path


def _dependants(workspace: Workspace) -> Counter[str]:
    view = requires_graph(workspace.baseline.checks.graph)
    return Counter({node: view.in_degree(node) for node in view.nodes})


def _nodes(
    workspace: Workspace, nodes: list[str], focus: str | None, colour_by: str, size_by: str
) -> list[dict[str, Any]]:
    graph = workspace.baseline.checks.graph
    decided = workspace.baseline.result.by_id()
    counts = _dependants(workspace)
    palette = _palette(graph, colour_by)
    benefits = [graph.nodes[n]["benefit"] for n in nodes] or [0.0]
    largest = max(max(benefits), 1e-9)
    most = max(max((counts[n] for n in nodes), default=0), 1)
    shown = []
    for node in nodes:
        facts = graph.nodes[node]
        key = decided[node].decision.value if colour_by == "decision" else facts[colour_by]
        share = counts[node] / most if size_by == "dependants" else facts["benefit"] / largest
        shown.append(
            {
                "data": {
                    "id": node,
                    "label": node,
                    "name": facts["name"],
                    "colour": palette.get(key, "#999999"),
                    "size": round(12 + 38 * max(share, 0.0) ** 0.5, 1),
                    "decision": decided[node].decided,
                    "dependants": counts[node],
                },
                "classes": "focus" if node == focus else "",
            }
        )
    return shown


def _palette(graph: nx.MultiDiGraph, colour_by: str) -> dict[str, str]:
    if colour_by == "decision":
        return DECISION_COLOURS
    values = sorted({str(graph.nodes[n][colour_by]) for n in graph.nodes})
    return {v: PROGRAMME_COLOURS[k % len(PROGRAMME_COLOURS)] for k, v in enumerate(values)}


def _edges(graph: nx.MultiDiGraph, nodes: list[str]) -> list[dict[str, Any]]:
    kept = set(nodes)
    return [
        {"data": {"source": a, "target": b, "kind": kind}, "classes": kind}
        for a, b, kind in graph.edges(keys=True)
        if a in kept and b in kept
    ]


def _programmes(workspace: Workspace) -> list[dict[str, Any]]:
    """One node per programme (sized by its projects), an edge per programme pair with
    prerequisites between them (labelled by how many)."""
    graph = workspace.baseline.checks.graph
    programme = {n: graph.nodes[n]["programme"] for n in graph.nodes}
    sizes = Counter(programme.values())
    palette = _palette(graph, "programme")
    most = max(sizes.values(), default=1)
    links = Counter(
        (programme[a], programme[b])
        for a, b, kind in graph.edges(keys=True)
        if kind == REQUIRES and programme[a] != programme[b]
    )
    nodes = [
        {
            "data": {
                "id": f"programme:{name}",
                "label": f"{name} ({count})",
                "colour": palette[name],
                "size": round(20 + 60 * (count / most) ** 0.5, 1),
            }
        }
        for name, count in sorted(sizes.items())
    ]
    edges = [
        {
            "data": {"source": f"programme:{a}", "target": f"programme:{b}", "kind": REQUIRES},
            "classes": REQUIRES,
        }
        for (a, b), _ in sorted(links.items())
    ]
    return nodes + edges
