"""A deterministic layout readable at hundreds of nodes: one cluster per group, groups in a ring."""

from __future__ import annotations

import math

import networkx as nx

from portfolio import BUSINESS_AS_USUAL

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 1.0


def group_of(facts: dict[str, object], group_by: str) -> str:
    """Programme, with business as usual split by directorate so no cluster swamps the rest."""
    if group_by == "programme" and facts.get("programme") == BUSINESS_AS_USUAL:
        return f"{facts.get('directorate')} (BAU)"
    return str(facts.get(group_by, ""))


def clustered_layout(
    graph: nx.MultiDiGraph, group_by: str = "programme"
) -> dict[str, tuple[float, float]]:
    """Each group a sunflower disc (most-connected projects at its centre), discs on a circle.

    Sunflower spacing keeps every node apart at any size, with no randomness at all.
    """
    groups: dict[str, list[str]] = {}
    for node in sorted(graph.nodes):
        groups.setdefault(group_of(graph.nodes[node], group_by), []).append(node)
    ordered = sorted(groups, key=lambda g: (-len(groups[g]), g))
    radii = {g: SPACING * math.sqrt(len(groups[g])) + SPACING for g in ordered}
    ring = max(1.4 * sum(2 * r for r in radii.values()) / (2 * math.pi), 2 * max(radii.values()))
    positions: dict[str, tuple[float, float]] = {}
    for index, group in enumerate(ordered):
        angle = 2 * math.pi * index / len(ordered)
        cx, cy = (
            (0.0, 0.0) if len(ordered) == 1 else (ring * math.cos(angle), ring * math.sin(angle))
        )
        members = sorted(groups[group], key=lambda n: (-graph.degree(n), n))
        for k, node in enumerate(members):
            r, theta = SPACING * math.sqrt(k + 0.5), k * GOLDEN_ANGLE
            positions[node] = (cx + r * math.cos(theta), cy + r * math.sin(theta))
    return positions
