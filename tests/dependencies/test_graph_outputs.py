"""Graph exports read back; the page is offline, deterministic and escapes register text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
from click.testing import CliRunner

from cli import cli
from dependencies.export import write_graphml, write_node_link_json
from dependencies.graph import build_graph
from dependencies.layout import clustered_layout
from inputs import Register, load_sample, read_register
from inputs.config import config_for_register
from outputs.graph_page import write_graph_page
from outputs.stamp import new_stamp, stamped_run
from portfolio import Portfolio, build_portfolio


def _portfolio(register: Register) -> Portfolio:
    return build_portfolio(register, config_for_register(register.years, register.missions))


def test_graphml_and_json_round_trip(tmp_path: Path) -> None:
    graph = build_graph(build_portfolio(*load_sample()))
    again = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"))
    assert sorted(again.nodes) == sorted(graph.nodes)
    assert again.number_of_edges() == graph.number_of_edges()
    data = json.loads(write_node_link_json(graph, tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == 570
    assert {link["kind"] for link in data["links"]} >= {"requires", "conflicts", "shares_pool"}


def test_layout_is_deterministic_and_spread() -> None:
    graph = build_graph(build_portfolio(*load_sample()))
    first, second = clustered_layout(graph), clustered_layout(graph)
    assert first == second
    points = {(round(x, 6), round(y, 6)) for x, y in first.values()}
    assert len(points) == len(first)


def test_page_is_offline_and_escapes_names(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "id,name,directorate,status,depends_on,cost_2025_26\n"
        'A1,<script>alert(1)</script>,Place,pipeline,,\nA2,"=HYPERLINK(""x"")",Place,pipeline,A1,\n'
    )
    register = read_register(path)
    portfolio = _portfolio(register)
    stamp = new_stamp(register, portfolio.config)
    page = write_graph_page(build_graph(portfolio), tmp_path / "g.html", stamp).read_text()
    assert stamp.meta_tag() in page and stamp.text() in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;\\u002fscript&gt;" in page or "&lt;script&gt;" in page
    assert not re.search(r"<script[^>]+src=[\"']https?:", page)
    assert "Plotly.newPlot" in page


def test_graph_cli_formats(tmp_path: Path) -> None:
    for name in ("g.html", "g.graphml", "g.json"):
        result = CliRunner().invoke(cli, ["graph", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert "570 projects" in result.output
    linked = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["graph"]
    assert stamped_run(tmp_path / "g.html") is not None  # each names the run it was drawn from
    assert linked["register_sha256"] and "run_id" in nx.read_graphml(tmp_path / "g.graphml").graph
    result = CliRunner().invoke(cli, ["graph", "--out", str(tmp_path / "g.png")])
    assert result.exit_code == 2
