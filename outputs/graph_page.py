"""The interactive dependency network: one self-contained HTML page that works offline."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx
import plotly.graph_objects as go

from dependencies.graph import CONFLICTS, REQUIRES, SHARES_POOL, SIMILAR, TOGETHER
from dependencies.layout import clustered_layout, group_of
from outputs.stamp import Stamp

EDGE_STYLES = {
    REQUIRES: {"color": "#555555", "dash": "solid", "width": 1.2, "label": "requires"},
    CONFLICTS: {"color": "#C00000", "dash": "solid", "width": 2.0, "label": "conflicts"},
    SHARES_POOL: {"color": "#E69F00", "dash": "dot", "width": 1.5, "label": "shares savings pool"},
    SIMILAR: {"color": "#7B3294", "dash": "dash", "width": 1.5, "label": "likely duplicate"},
    TOGETHER: {"color": "#009E73", "dash": "solid", "width": 2.0, "label": "goes together with"},
}
PALETTE = [
    "#1F77B4",
    "#2CA02C",
    "#FF7F0E",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#17BECF",
    "#BCBD22",
    "#7F7F7F",
    "#D62728",
    "#393B79",
    "#637939",
]


def graph_figure(graph: nx.MultiDiGraph, colour_by: str = "programme") -> go.Figure:
    """Nodes coloured by group and sized by benefit; edges styled by kind; hover gives facts."""
    positions = clustered_layout(graph, colour_by)
    figure = go.Figure()
    for kind, style in EDGE_STYLES.items():
        xs: list[float | None] = []
        ys: list[float | None] = []
        for first, second, key in graph.edges(keys=True):
            if key == kind:
                xs += [positions[first][0], positions[second][0], None]
                ys += [positions[first][1], positions[second][1], None]
        if xs:
            figure.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    name=style["label"],
                    hoverinfo="skip",
                    line={"color": style["color"], "dash": style["dash"], "width": style["width"]},
                )
            )
    groups = sorted({group_of(graph.nodes[n], colour_by) for n in graph.nodes})
    for index, group in enumerate(groups):
        nodes = [n for n in sorted(graph.nodes) if group_of(graph.nodes[n], colour_by) == group]
        figure.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers",
                name=html.escape(group),
                marker={
                    "size": [_size(graph.nodes[n]["benefit_high"]) for n in nodes],
                    "color": PALETTE[index % len(PALETTE)],
                    "line": {"width": 0.5, "color": "white"},
                },
                text=[_hover(n, graph.nodes[n]) for n in nodes],
                hoverinfo="text",
            )
        )
    figure.update_layout(
        title="Portfolio dependencies: prerequisites, clashes, shared savings and duplicates",
        showlegend=True,
        hovermode="closest",
        plot_bgcolor="white",
        height=900,
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        legend={"title": f"Colour: {colour_by}; edges by type"},
    )
    return figure


def _size(benefit_high: float) -> float:
    """Marker size grows with the fourth root of £k benefit: visible range, no giants."""
    return 5 + 1.6 * max(benefit_high, 0) ** 0.25


def _hover(node: str, facts: dict[str, object]) -> str:
    """Register text is escaped: a project name can never run script in the page."""
    lines = [
        f"<b>{html.escape(node)}: {html.escape(str(facts['name']))}</b>",
        f"{html.escape(str(facts['directorate']))} · {html.escape(str(facts['programme']))}",
        f"Status {facts['status']}, stage {facts['stage']}",
        f"Benefit £{facts['benefit']:,.0f}k expected (£{facts['benefit_low']:,.0f}k-"
        f"£{facts['benefit_high']:,.0f}k) "
        f"({facts['benefit_type']})",
        f"FTE {facts['fte']:g}"
        + (" · mandatory" if facts["mandatory"] else "")
        + (" · in MTFS" if facts["in_mtfs"] else ""),
    ]
    return "<br>".join(lines)


def write_graph_page(
    graph: nx.MultiDiGraph, path: Path | str, stamp: Stamp, colour_by: str = "programme"
) -> Path:
    """A single HTML file with plotly.js inlined, so it opens without a network; stamped with
    the run it was drawn from."""
    path = Path(path)
    page = graph_figure(graph, colour_by).to_html(include_plotlyjs=True, full_html=True)
    page = page.replace("<head>", f"<head>{stamp.meta_tag()}", 1).replace(
        "</body>", f"<footer><p>{html.escape(stamp.text())}</p></footer></body>", 1
    )
    path.write_text(page, encoding="utf-8")
    return path
