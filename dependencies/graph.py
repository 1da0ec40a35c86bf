"""One networkx graph of the portfolio: projects as nodes, typed edges between them."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx
import numpy as np

from portfolio import Portfolio
from portfolio.links import dependant_bitsets

REQUIRES, CONFLICTS, SHARES_POOL, SIMILAR = "requires", "conflicts", "shares_pool", "similar"
TOGETHER = "together"


def build_graph(portfolio: Portfolio) -> nx.MultiDiGraph:
    """Nodes in sorted id order (so output never depends on hash or file order) with their facts.

    Edges: A -requires-> B when A depends on B; conflicts and together (proceed together or not
    at all) once per pair, from the smaller id to the larger; shares_pool from each member of a
    savings pool to the next in id order, so a pool of 3,000 is 2,999 edges, not 4.5 million
    (every member carries its pool's name). Similarity edges are added by the duplicate check.
    """
    ids = portfolio.ids
    low, high = portfolio.expected_low.sum(axis=1), portfolio.expected_high.sum(axis=1)
    expected = portfolio.expected.sum(axis=1)
    graph = nx.MultiDiGraph()
    for i in sorted(range(portfolio.size), key=lambda i: ids[i]):
        graph.add_node(
            ids[i],
            name=portfolio.names[i],
            directorate=portfolio.directorates[i],
            programme=portfolio.programme_labels[i],
            status="in_flight" if portfolio.in_flight[i] else "pipeline",
            stage=portfolio.stages[i].value,
            benefit_type=portfolio.benefit_types[i].value,
            mandatory=bool(portfolio.mandatory[i]),
            in_mtfs=bool(portfolio.in_mtfs[i]),
            benefit_pool="",
            benefit=float(expected[i]),  # expected £k over the horizon, and its range
            benefit_low=float(low[i]),
            benefit_high=float(high[i]),
            fte=float(portfolio.fte_total[i]),
        )
    for dependant, prerequisite in sorted((ids[a], ids[b]) for a, b in portfolio.requires.tolist()):
        graph.add_edge(dependant, prerequisite, key=REQUIRES, kind=REQUIRES)
    for first, second in sorted(
        tuple(sorted((ids[a], ids[b]))) for a, b in portfolio.conflicts.tolist()
    ):
        graph.add_edge(first, second, key=CONFLICTS, kind=CONFLICTS)
    for first, second in sorted(
        tuple(sorted((ids[a], ids[b]))) for a, b in portfolio.together.tolist()
    ):
        graph.add_edge(first, second, key=TOGETHER, kind=TOGETHER)
    for pool in portfolio.pools:
        members = sorted(ids[i] for i in pool.members)
        for member in members:
            graph.nodes[member]["benefit_pool"] = pool.name
        for first, second in pairwise(members):
            graph.add_edge(first, second, key=SHARES_POOL, kind=SHARES_POOL, pool=pool.name)
    return graph


def together_groups(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Groups of projects that proceed together or not at all, each sorted, in order."""
    linked = nx.Graph()
    linked.add_edges_from((a, b) for a, b, kind in graph.edges(keys=True) if kind == TOGETHER)
    return sorted(sorted(group) for group in nx.connected_components(linked))


def requires_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Just the prerequisite edges: A -> B when A needs B."""
    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes)
    view.add_edges_from((a, b) for a, b, kind in graph.edges(keys=True) if kind == REQUIRES)
    return view


def dependant_counts(view: nx.DiGraph) -> dict[str, int]:
    """How many projects need each one, directly or through others, for every project at once
    (`dependant_bitsets`). `view` is `requires_graph`'s."""
    nodes = list(view.nodes)
    row = {node: i for i, node in enumerate(nodes)}
    requires = np.array([(row[a], row[b]) for a, b in view.edges], dtype=np.int64).reshape(-1, 2)
    bits = dependant_bitsets(requires, len(nodes))
    return {node: bits[i].bit_count() for i, node in enumerate(nodes)}


def dependants(graph: nx.MultiDiGraph, project_id: str) -> set[str]:
    """Every project that needs this one, directly or through others."""
    return nx.ancestors(requires_graph(graph), project_id)
