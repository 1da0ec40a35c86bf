"""The dependency graph as GraphML and node-link JSON, for analysts' own tools."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx


def write_graphml(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    """GraphML (Gephi, yEd, Cytoscape); edge `kind` says requires/conflicts/shares_pool/similar."""
    path = Path(path)
    nx.write_graphml(graph, path)
    return path


def graph_to_json(graph: nx.MultiDiGraph) -> dict[str, object]:
    return nx.node_link_data(graph, edges="links")


def write_node_link_json(graph: nx.MultiDiGraph, path: Path | str) -> Path:
    path = Path(path)
    path.write_text(json.dumps(graph_to_json(graph), indent=1, ensure_ascii=False), "utf-8")
    return path
