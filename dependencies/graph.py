"""One networkx graph of the portfolio: projects as nodes, typed edges between them."""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from inputs.models import Project, Register

REQUIRES, CONFLICTS, SHARES_POOL, SIMILAR = "requires", "conflicts", "shares_pool", "similar"


def benefit_totals(project: Project, years: tuple[str, ...] | None = None) -> tuple[float, float]:
    """Low and high benefit in £k summed over the given years (all years if None)."""
    ranges = [b for y, b in project.benefits.items() if years is None or y in years]
    return sum(b.low for b in ranges), sum(b.high for b in ranges)


def build_graph(register: Register) -> nx.MultiDiGraph:
    """Nodes in sorted id order (so output never depends on hash or file order) with their facts.

    Edges: A -requires-> B when A depends on B; conflicts and shares_pool once per pair, from
    the smaller id to the larger. Similarity edges are added by the duplicate check.
    """
    graph = nx.MultiDiGraph()
    for project in sorted(register.projects, key=lambda p: p.id):
        low, high = benefit_totals(project)
        graph.add_node(
            project.id,
            name=project.name,
            directorate=project.directorate,
            programme=project.programme or "Business as usual",
            status=project.status.value,
            stage=project.stage.value if project.stage else "unknown",
            benefit_type=project.benefit_type.value if project.benefit_type else "unknown",
            mandatory=bool(project.mandatory),
            in_mtfs=bool(project.in_mtfs),
            benefit_pool=project.benefit_pool or "",
            benefit_low=low,
            benefit_high=high,
            fte=sum(project.fte.values()),
        )
    for project in sorted(register.projects, key=lambda p: p.id):
        for prerequisite in sorted(project.depends_on):
            graph.add_edge(project.id, prerequisite, key=REQUIRES, kind=REQUIRES)
        for other in sorted(project.conflicts_with):
            first, second = sorted((project.id, other))
            graph.add_edge(first, second, key=CONFLICTS, kind=CONFLICTS)
    for pool, members in sorted(pools(register).items()):
        for first, second in combinations(members, 2):
            graph.add_edge(first, second, key=SHARES_POOL, kind=SHARES_POOL, pool=pool)
    return graph


def pools(register: Register) -> dict[str, list[str]]:
    """Benefit pool -> sorted ids of the projects claiming from it."""
    members: dict[str, list[str]] = {}
    for project in register.projects:
        if project.benefit_pool:
            members.setdefault(project.benefit_pool, []).append(project.id)
    return {pool: sorted(ids) for pool, ids in sorted(members.items())}


def requires_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Just the prerequisite edges: A -> B when A needs B."""
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes)
    view.add_edges_from((a, b) for a, b, kind in graph.edges(keys=True) if kind == REQUIRES)
    return view


def dependants(graph: nx.MultiDiGraph, project_id: str) -> set[str]:
    """Every project that needs this one, directly or through others."""
    return nx.ancestors(requires_graph(graph), project_id)
