"""Each dependency check on tiny hand-made registers, and the sample's planted cases found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dependencies.checks import impact_of
from dependencies.double_counting import pool_claims, portfolio_totals
from dependencies.duplicates import similar_pairs
from dependencies.findings import FindingKind
from dependencies.graph import build_graph
from dependencies.report import check_portfolio
from inputs import Register, load_sample, read_register
from inputs.config import config_for_register
from portfolio import Portfolio, build_portfolio
from tests.conftest import DATA

HEAD = (
    "id,name,directorate,status,description,depends_on,conflicts_with,mandatory,"
    "benefit_pool,in_mtfs,benefit_2025_26_low,benefit_2025_26_high\n"
)


def _register(tmp_path: Path, rows: str) -> Register:
    path = tmp_path / "r.csv"
    path.write_text(HEAD + rows)
    return read_register(path)


def _portfolio(register: Register) -> Portfolio:
    return build_portfolio(register, config_for_register(register.years, register.missions))


def _findings(register: Register, kind: FindingKind, **dependencies) -> list:
    config = config_for_register(register.years, register.missions)
    if dependencies:
        config = config.model_copy(
            update={"dependencies": config.dependencies.model_copy(update=dependencies)}
        )
    return [
        f for f in check_portfolio(build_portfolio(register, config)).findings if f.kind is kind
    ]


def test_graph_nodes_sorted_and_edges_typed(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "B,Two,X,pipeline,,A,C,,p,,1,2\nA,One,X,in_flight,,,,,p,,3,4\nC,Three,Y,pipeline,,,,,,,,\n",
    )
    graph = build_graph(_portfolio(register))
    assert list(graph.nodes) == ["A", "B", "C"]
    assert sorted(graph.edges(keys=True)) == [
        ("A", "B", "shares_pool"),
        ("B", "A", "requires"),
        ("B", "C", "conflicts"),
    ]
    # A's 3-4 on the expected basis (idea 0.5 x tbc 0.5), its expected figure inside
    assert (graph.nodes["A"]["benefit_low"], graph.nodes["A"]["benefit_high"]) == (0.75, 1.0)
    assert graph.nodes["A"]["benefit"] == 0.875


def test_broken_prerequisites(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "A,Running,X,in_flight,,B,,,,,,\nB,Not started,X,pipeline,,,,,,,,\n"
        "M,Statutory,X,pipeline,,B,,yes,,,,\n",
    )
    found = _findings(register, FindingKind.BROKEN_PREREQUISITE)
    assert [(f.project_ids, f.severity.value) for f in found] == [
        (("A", "B"), "medium"),
        (("M", "B"), "high"),
    ]


def test_clashes(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "A,One,X,in_flight,,,B,,,,,\nB,Two,Y,in_flight,,,,,,,,\nC,Three,Y,pipeline,,,A,,,,,\n",
    )
    found = _findings(register, FindingKind.CLASH)
    assert [(f.project_ids, f.severity.value) for f in found] == [
        (("A", "B"), "high"),
        (("A", "C"), "medium"),
    ]
    assert "both are already in flight" in found[0].message


def test_double_counting_and_deduplicated_totals(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "A,One,X,pipeline,,,,,asc,,100,200\nB,Two,Y,pipeline,,,,,asc,,50,150\n"
        "C,Three,Y,pipeline,,,,,,,10,10\nD,Four,Y,pipeline,,,,,,yes,5,5\n",
    )
    found = _findings(register, FindingKind.DOUBLE_COUNTING)
    assert found[0].project_ids == ("A", "B")
    assert found[0].data["double_counted_high"] == 150
    config = config_for_register(register.years, register.missions)
    claims = pool_claims(build_portfolio(register, config)).iloc[0]
    assert (claims.claimed_low, claims.claimed_high, claims.dedup_low, claims.dedup_high) == (
        150,
        350,
        100,
        200,
    )
    totals = portfolio_totals(build_portfolio(register, config)).iloc[0]
    # new money is the scoring rule's: benefit type blank = tbc (half), D in the MTFS (none);
    # with the pool once: max(A 100, B 75) + C 5
    assert (totals.raw_high, totals.new_high, totals.dedup_high) == (365, 180, 105)
    capped = config.model_copy(
        update={
            "dependencies": config.dependencies.model_copy(
                update={"overlap_rule": "sum_capped", "pool_caps": {"asc": {"2025/26": 300}}}
            )
        }
    )
    claims = pool_claims(build_portfolio(register, capped)).iloc[0]
    assert (claims.dedup_low, claims.dedup_high) == (150, 300)
    assert [f.project_ids for f in _findings(register, FindingKind.NOT_NEW_MONEY)] == [("D",)]


def test_duplicates_found_across_directorates_only(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "A,Chatbot for customer enquiries,Place,pipeline,"
        "AI webchat answering customer enquiries,,,,,,,\n"
        "B,AI chatbot for customer enquiries,Adults,pipeline,"
        "Webchat bot to answer customer enquiries,,,,,,,\n"
        "C,AI chatbot for customer enquiries,Place,pipeline,"
        "Webchat bot for customer enquiries,,,,,,,\n"
        "D,Resurface the A34,Highways,pipeline,Road resurfacing on the A34 corridor,,,,,,,\n"
        "E,Foster carer recruitment,Children,pipeline,Recruit more in-house foster carers,,,,,,,\n",
    )
    pairs = [(a, b) for a, b, _ in similar_pairs(_portfolio(register), 0.6, 5)]
    assert pairs == [("A", "B"), ("B", "C")]


def test_clearly_different_projects_are_not_duplicates() -> None:
    register, config = load_sample()
    seeds = register.model_copy(
        update={
            "projects": tuple(
                p.model_copy(update={"depends_on": (), "conflicts_with": ()})
                for p in register.projects
                if p.id[:2] in {"WF", "SC", "PL", "EI", "SP"} and "-" not in p.id
            )
        }
    )
    assert len(seeds.projects) == 30
    assert (
        similar_pairs(build_portfolio(seeds, config), config.dependencies.duplicate_threshold, 5)
        == []
    )


def test_critical_enablers_and_impact(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "I,Infra,X,in_flight,,,,,,,0,0\nA,One,X,pipeline,,I,,,,,10,20\n"
        "B,Two,X,pipeline,,A,,,,,5,5\nC,Three,X,pipeline,,I,,,,,1,1\n",
    )
    found = _findings(register, FindingKind.CRITICAL_ENABLER, enabler_min_dependants=3)
    assert [f.project_ids for f in found] == [("I", "A", "B", "C")]
    impact = impact_of(build_graph(_portfolio(register)), "A")
    # on the expected basis: idea 0.5 x tbc 0.5 of A's 10-20 (15 expected) and B's 5
    assert impact.stopped == ("B",)
    assert (impact.benefit_low, impact.benefit, impact.benefit_high) == (3.75, 5, 6.25)
    assert "pausing it stops £" in found[0].message


def test_planted_cases_in_the_sample_are_found() -> None:
    register, config = load_sample()
    report = check_portfolio(build_portfolio(register, config))
    planted = json.loads((DATA / "sample_planted.json").read_text())
    by_kind = {
        kind: [set(f.project_ids) for f in report.findings if f.kind is kind]
        for kind in FindingKind
    }
    for pair in planted["clashes"]:
        assert set(pair) in by_kind[FindingKind.CLASH], pair
    for pair in planted["near_duplicates"]:
        assert set(pair) in by_kind[FindingKind.LIKELY_DUPLICATE], pair
    for pool, members in planted["shared_pools"].items():
        assert set(members) in by_kind[FindingKind.DOUBLE_COUNTING], pool
    for enabler in planted["critical_enablers"]:
        assert any(
            f.project_ids[0] == enabler
            for f in report.findings
            if f.kind is FindingKind.CRITICAL_ENABLER
        ), enabler
    reported = [f.project_ids for f in report.findings if f.kind is FindingKind.PREREQUISITE_CHAIN]
    for chain in planted["prerequisite_chains"]:
        wanted = tuple(reversed(chain))
        assert any(_contains(path, wanted) for path in reported), chain
    totals = report.totals
    assert (totals["dedup_high"] <= totals["new_high"]).all()
    assert (totals["new_high"] <= totals["raw_high"]).all()


def _contains(path: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(path[i : i + len(part)] == part for i in range(len(path) - len(part) + 1))


def test_prerequisite_chains(tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "A,One,X,pipeline,,B;C,,,,,,\nB,Two,X,pipeline,,D,,,,,,\n"
        "C,Three,X,pipeline,,,,,,,,\nD,Four,X,pipeline,,,,,,,,\n",
    )
    chains = [f.project_ids for f in _findings(register, FindingKind.PREREQUISITE_CHAIN)]
    assert chains == [("A", "B", "D"), ("A", "C")]


def test_report_is_deterministic() -> None:
    register, config = load_sample()
    first = check_portfolio(build_portfolio(register, config)).to_dict()
    shuffled = register.model_copy(update={"projects": tuple(reversed(register.projects))})
    assert check_portfolio(build_portfolio(shuffled, config)).to_dict() == first


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_cli(fmt: str) -> None:
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, ["check", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["counts"]["clash"] >= 10
    else:
        assert "Clashes (" in result.output and "de-duplicated" in result.output
