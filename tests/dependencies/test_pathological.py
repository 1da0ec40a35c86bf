"""Pathological links at the sizes the issue names: each checked (or refused) with findings a
board can read, not one per pair or per path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from dependencies.checks import MAX_ENABLERS
from dependencies.findings import FindingKind
from dependencies.graph import SHARES_POOL, dependant_counts, requires_graph
from dependencies.report import DependencyReport, check_portfolio
from inputs.config import read_config
from inputs.errors import RegisterError
from inputs.register import read_register
from portfolio import Portfolio, build_portfolio
from reset.governance import _cross_cutting
from tests.hostile import all_conflicting, chain, config_toml, cycle, one_pool


def _portfolio(tmp_path: Path, build: Callable[[int], str], n: int) -> Portfolio:
    (tmp_path / "register.csv").write_text(build(n), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_toml(n), encoding="utf-8")
    config = read_config(tmp_path / "config.toml")
    return build_portfolio(read_register(tmp_path / "register.csv", config=config), config)


def _of(report: DependencyReport, kind: FindingKind) -> list:
    return [f for f in report.findings if f.kind is kind]


def test_a_10000_long_chain_names_its_top_enablers_and_counts_the_rest(tmp_path: Path) -> None:
    report = check_portfolio(_portfolio(tmp_path, chain, 10_000))
    enablers = _of(report, FindingKind.CRITICAL_ENABLER)
    assert len(enablers) == MAX_ENABLERS + 1
    assert enablers[0].project_ids[0] == "P1" and enablers[0].data["dependants"] == 9_999
    assert enablers[MAX_ENABLERS - 1].data["dependants"] == 9_999 - MAX_ENABLERS + 1
    rest = enablers[-1]
    assert len(rest.project_ids) == 9_997 - MAX_ENABLERS  # P9998 is needed by 2 only
    assert rest.message.startswith(f"{9_997 - MAX_ENABLERS:,} more projects are each needed by")
    (top,) = _of(report, FindingKind.PREREQUISITE_CHAIN)
    assert len(top.project_ids) == 10_000


def test_dependant_counts_match_a_search_per_project() -> None:
    view = nx.gnp_random_graph(60, 0.08, seed=3, directed=True)
    dag = nx.DiGraph((f"P{a}", f"P{b}") for a, b in view.edges if a < b)
    graph = nx.MultiDiGraph()
    graph.add_edges_from((a, b, "requires", {"kind": "requires"}) for a, b in dag.edges)
    view = requires_graph(graph)
    assert dependant_counts(view) == {n: len(nx.ancestors(view, n)) for n in view.nodes}


def test_1000_projects_that_all_clash_are_one_finding(tmp_path: Path) -> None:
    report = check_portfolio(_portfolio(tmp_path, all_conflicting, 1_000))
    (web,) = _of(report, FindingKind.CLASH)
    assert len(web.project_ids) == 1_000
    assert web.data["pairs"] == 499_500
    assert web.message.startswith("1,000 projects clash in 499,500 pairs (P1 and P10, ")


def test_a_few_clashes_are_still_named_pair_by_pair(tmp_path: Path) -> None:
    report = check_portfolio(_portfolio(tmp_path, all_conflicting, 10))  # 45 pairs
    clashes = _of(report, FindingKind.CLASH)
    assert len(clashes) == 45 and all(len(f.project_ids) == 2 for f in clashes)


def test_a_pool_of_3000_is_a_path_of_edges_and_short_reasons(tmp_path: Path) -> None:
    portfolio = _portfolio(tmp_path, one_pool, 3_000)
    report = check_portfolio(portfolio)
    pooled = [e for e in report.graph.edges(keys=True) if e[2] == SHARES_POOL]
    assert len(pooled) == 2_999
    assert nx.is_connected(nx.Graph((a, b) for a, b, _ in pooled))
    why = _cross_cutting(portfolio, report.graph)[portfolio.index()["P1"]]
    # P1 is in Children (1 % 4); 750 of the 3,000 share its directorate
    assert why.startswith("shares savings with P10 (Place), shares savings with P100 (Adults)")
    assert why.endswith(f" and {2_250 - 3:,} more")


def test_a_2000_long_cycle_is_refused_with_a_message_of_bounded_length(tmp_path: Path) -> None:
    with pytest.raises(RegisterError) as refused:
        _portfolio(tmp_path, cycle, 2_000)
    (problem,) = refused.value.problems
    assert "dependency cycle P1 -> P2000 -> P1999" in problem.message
    assert "(1,989 more) -> P6 -> P5" in problem.message
    assert len(problem.message) < 400
