"""Clashes as cliques: every pair covered, nothing that does not clash grouped."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from optimiser.cliques import clique_cover


@given(seed=st.integers(0, 10_000), density=st.sampled_from([0.05, 0.3, 0.9]))
def test_cliques_cover_every_clash_and_only_clashes(seed: int, density: float) -> None:
    graph = nx.gnp_random_graph(30, density, seed=seed)
    pairs = np.array(list(graph.edges), dtype=np.int64).reshape(-1, 2)
    cliques = clique_cover(pairs)
    covered = set()
    for clique in cliques:
        for a, b in combinations(clique.tolist(), 2):
            assert graph.has_edge(a, b)
            covered.add((a, b))
    assert covered == {tuple(sorted(e)) for e in graph.edges}


def test_a_thousand_projects_that_all_clash_are_one_row() -> None:
    pairs = np.array(list(combinations(range(1_000), 2)), dtype=np.int64)
    (clique,) = clique_cover(pairs)
    assert clique.tolist() == list(range(1_000))
