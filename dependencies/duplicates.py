"""Likely duplicates across directorates, by text similarity of name and description."""

from __future__ import annotations

import networkx as nx
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

from dependencies.findings import Finding, FindingKind, FindingSeverity
from dependencies.graph import SIMILAR
from portfolio import Portfolio


def similar_pairs(
    portfolio: Portfolio, threshold: float, neighbours: int
) -> list[tuple[str, str, float]]:
    """Pairs from different directorates whose name + description read alike (cosine >= threshold).

    TF-IDF over words (English stop words dropped, sublinear tf), then each
    project's nearest neighbours by cosine: linear in projects for a fixed neighbour count.
    """
    projects = sorted(portfolio.register.projects, key=lambda p: p.id)
    if len(projects) < 2:
        return []
    texts = [f"{p.name} {p.description or ''}" for p in projects]
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
    try:
        matrix = vectoriser.fit_transform(texts)
    except ValueError:  # every text is only stop words
        return []
    k = min(neighbours + 1, len(projects))
    index = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(matrix)
    distances, positions = index.kneighbors(matrix)
    found: dict[tuple[str, str], float] = {}
    for i, (row_d, row_p) in enumerate(zip(distances, positions, strict=True)):
        for distance, j in zip(row_d, row_p, strict=True):
            similarity = 1.0 - float(distance)
            a, b = projects[i], projects[int(j)]
            if a.id == b.id or similarity < threshold or a.directorate == b.directorate:
                continue
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            found[pair] = max(found.get(pair, 0.0), round(similarity, 4))
    return sorted((a, b, s) for (a, b), s in found.items())


def check_duplicates(
    portfolio: Portfolio, graph: nx.MultiDiGraph, threshold: float, neighbours: int
) -> list[Finding]:
    """A finding (and a `similar` edge in the graph) for each likely duplicate pair."""
    findings = []
    for first, second, similarity in similar_pairs(portfolio, threshold, neighbours):
        graph.add_edge(first, second, key=SIMILAR, kind=SIMILAR, similarity=similarity)
        a, b = graph.nodes[first], graph.nodes[second]
        findings.append(
            Finding(
                kind=FindingKind.LIKELY_DUPLICATE,
                severity=FindingSeverity.MEDIUM,
                project_ids=(first, second),
                message=f"{first} '{a['name']}' ({a['directorate']}) and {second} '{b['name']}' "
                f"({b['directorate']}) read alike (similarity {similarity:.2f})",
                fix="check with both directorates whether one project can do both, then merge or "
                "mark them as distinct",
                data={"similarity": similarity},
            )
        )
    return findings
