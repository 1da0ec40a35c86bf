"""Scores: monotone in the right direction, unit-free, reproducible, and honest about gaps."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inputs import BenefitRange, Config, Project, Register, load_sample, read_register
from inputs.config import config_for_register
from portfolio import build_portfolio
from prioritise import score_portfolio
from prioritise.criteria import percentile_scale, priority_of, ranks_of
from tests.conftest import SMALL_REGISTER
from tests.factories import MISSIONS, YEARS, registers, to_csv


def _register(projects: list[dict]) -> Register:
    return Register(
        source="generated",
        years=YEARS,
        missions=MISSIONS,
        projects=tuple(Project.model_validate(p) for p in projects),
    )


def _config() -> Config:
    return config_for_register(YEARS, MISSIONS)


def _totals(register: Register) -> dict[str, float]:
    result = score_portfolio(build_portfolio(register, _config()), stability=False)
    return {p.id: p.total for p in result.projects}


def _with(register: Register, index: int, **changes) -> Register:
    projects = list(register.projects)
    projects[index] = projects[index].model_copy(update=changes)
    return register.model_copy(update={"projects": tuple(projects)})


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(projects=registers(), data=st.data())
def test_more_benefit_never_lowers_a_score(projects: list[dict], data: st.DataObject) -> None:
    register = _register(projects)
    index = data.draw(st.integers(0, len(projects) - 1))
    extra = data.draw(st.floats(1, 1e5))
    benefits = {
        y: BenefitRange(low=b.low + extra, high=b.high + extra)
        for y, b in register.projects[index].benefits.items()
    }
    benefits.setdefault(YEARS[0], BenefitRange(low=extra, high=extra))
    before = _totals(register)[projects[index]["id"]]
    after = _totals(_with(register, index, benefits=benefits))[projects[index]["id"]]
    assert after >= before - 1e-9


@SETTINGS
@given(projects=registers(), data=st.data())
def test_more_alignment_or_less_risk_never_lowers_a_score(
    projects: list[dict], data: st.DataObject
) -> None:
    register = _register(projects)
    index = data.draw(st.integers(0, len(projects) - 1))
    project = register.projects[index]
    before = _totals(register)[project.id]
    aligned = _with(register, index, alignment=dict.fromkeys(MISSIONS, 3.0))
    safer = _with(register, index, delivery_risk=1.0, complexity=1.0)
    assert _totals(aligned)[project.id] >= before - 1e-9
    assert _totals(safer)[project.id] >= before - 1e-9


def test_units_of_benefits_do_not_matter() -> None:
    register = read_register(SMALL_REGISTER)
    scaled = register.model_copy(
        update={
            "projects": tuple(
                p.model_copy(
                    update={
                        "benefits": {
                            y: BenefitRange(low=b.low * 1000, high=b.high * 1000)
                            for y, b in p.benefits.items()
                        },
                        "costs": {y: c * 1000 for y, c in p.costs.items()},
                    }
                )
                for p in register.projects
            )
        }
    )
    config = config_for_register(register.years, register.missions)
    first = score_portfolio(build_portfolio(register, config))
    second = score_portfolio(build_portfolio(scaled, config))
    assert [p.id for p in first.projects] == [p.id for p in second.projects]
    for a, b in zip(first.projects, second.projects, strict=True):
        assert a.scores == pytest.approx(b.scores)
        assert a.roi == pytest.approx(b.roi)


def test_percentile_scale_is_unit_free_bounded_and_monotone() -> None:
    values = np.array([0, 5, 50, 500, 5_000_000, -20.0, 5])
    scaled = percentile_scale(values)
    assert scaled == pytest.approx(percentile_scale(values * 1000))
    assert scaled.min() == 0 and scaled.max() == 100
    assert np.all(np.diff(scaled[np.argsort(values)]) >= 0)
    assert scaled[1] == scaled[6]
    assert percentile_scale(np.array([[3.0], [1.0]])).tolist() == [[50.0], [50.0]]


def test_contributions_sum_to_total_and_ranks_are_complete() -> None:
    register, config = load_sample()
    result = score_portfolio(build_portfolio(register, config), stability=False)
    assert [p.rank for p in result.projects] == list(range(1, len(register.projects) + 1))
    assert {p.id for p in result.projects} == set(register.ids)
    for project in result.projects:
        assert sum(project.contributions.values()) == pytest.approx(project.total)
        assert all(0 <= s <= 100 for s in project.scores.values())
    # in order of total, except that a prerequisite ranks just after the best project that
    # needs it (its priority is that project's total)
    by_id = result.by_id()
    priority = [by_id[p.ranked_with].total if p.ranked_with else p.total for p in result.projects]
    assert priority == sorted(priority, reverse=True)
    lifted = [p for p in result.projects if p.ranked_with]
    assert lifted, "the sample's enablers are lifted"
    for project in lifted:
        assert by_id[project.ranked_with].total > project.total
        assert by_id[project.ranked_with].rank < project.rank
    assert by_id["DIG-0254"].rank <= 10  # the infrastructure nearly everything digital needs


def test_a_prerequisite_ranks_with_the_work_it_enables() -> None:
    totals = np.array([90.0, 10.0, 50.0, 5.0])
    requires = np.array([[0, 1], [1, 3]])  # 0 needs 1, which needs 3
    assert priority_of(totals, requires).tolist() == [90, 90, 50, 90]
    ranks = ranks_of(totals, np.arange(4), requires)
    assert ranks.tolist() == [1, 2, 4, 3]
    draws = np.array([[90.0, 10.0, 50.0, 5.0], [1.0, 10.0, 50.0, 5.0]])
    assert priority_of(draws, requires).tolist() == [[90, 90, 50, 90], [1, 10, 50, 10]]


@given(seed=st.integers(0, 10_000))
def test_priority_is_the_best_total_of_everything_that_needs_a_project(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 25
    links = [(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.1]
    order = rng.permutation(n)  # links between shuffled rows, not only from low to high
    requires = np.array([(order[a], order[b]) for a, b in links], dtype=int).reshape(-1, 2)
    totals = rng.random((3, n)) * 100
    graph = nx.DiGraph(requires.tolist())
    graph.add_nodes_from(range(n))
    expected = np.stack(
        [
            [max([row[p], *(row[d] for d in nx.ancestors(graph, p))]) for p in range(n)]
            for row in totals
        ]
    )
    np.testing.assert_allclose(priority_of(totals, requires), expected)


def test_a_10000_long_chain_ranks_with_its_head() -> None:
    totals = np.arange(10_000, dtype=float)[None, :].repeat(200, axis=0)
    requires = np.array([(i + 1, i) for i in range(9_999)])  # each needs the one before
    assert (priority_of(totals, requires) == 9_999).all()


def test_ties_broken_deterministically_whatever_the_file_order() -> None:
    register = read_register(SMALL_REGISTER)
    twin = register.projects[1].model_copy(update={"id": "AAA", "conflicts_with": ()})
    one = register.model_copy(update={"projects": (*register.projects, twin)})
    other = register.model_copy(update={"projects": (twin, *reversed(register.projects))})
    config = config_for_register(register.years, register.missions)
    ranked = [
        [p.id for p in score_portfolio(build_portfolio(r, config), stability=False).projects]
        for r in (one, other)
    ]
    assert ranked[0] == ranked[1]


def test_assumptions_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text(
        "id,name,directorate,status,cost_2025_26,fte_ict,align_open\n"
        "A1,Blank,Place,pipeline,,,\nA2,Full,Place,pipeline,10,1,2\n"
    )
    register = read_register(path)
    result = score_portfolio(
        build_portfolio(register, config_for_register(register.years, register.missions))
    )
    notes = result.by_id()["A1"].assumptions
    for expected in (
        "stage not given",
        "benefit type not given",
        "no benefit figures",
        "no cost given",
        "no FTE given",
        "delivery risk not given",
        "complexity not given",
        "no alignment given",
    ):
        assert any(expected in note for note in notes), expected
    assert "A1" in result.to_frame().set_index("id").index
    assert "no cost given" in result.to_frame().set_index("id").loc["A1", "assumptions"]


def test_income_recovery_is_worth_nothing_and_mtfs_savings_their_full_value() -> None:
    """Under the MTFS rule protect, stopping an MTFS project costs its savings, so they are its
    value; under discount they count in_mtfs_factor (0) as before."""
    register, config = load_sample()
    portfolio = build_portfolio(register, config)
    result = score_portfolio(portfolio, stability=False).by_id()
    assert result["SP4"].gap_benefit == 0
    mtfs = [i for i, p in enumerate(portfolio.register.projects) if p.in_mtfs]
    assert mtfs
    for i in mtfs:
        expected = portfolio.expected[i].sum()
        assert result[portfolio.ids[i]].gap_benefit == pytest.approx(expected)
    assert sum(portfolio.expected[i].sum() > 0 for i in mtfs) > len(mtfs) / 2
    scoring = config.scoring.model_copy(update={"mtfs_rule": "discount"})
    discounted = build_portfolio(register, config.model_copy(update={"scoring": scoring}))
    result = score_portfolio(discounted, stability=False).by_id()
    assert all(result[portfolio.ids[i]].gap_benefit == 0 for i in mtfs)


def test_stability_reproducible_with_a_seed() -> None:
    register, config = load_sample()
    first = score_portfolio(build_portfolio(register, config))
    second = score_portfolio(build_portfolio(register, config))
    assert [(p.rank_p5, p.rank_p95, p.p_top_k) for p in first.projects] == [
        (p.rank_p5, p.rank_p95, p.p_top_k) for p in second.projects
    ]
    other = config.model_copy(update={"stability": config.stability.model_copy(update={"seed": 7})})
    third = score_portfolio(build_portfolio(register, other))
    assert [p.p_top_k for p in first.projects] != [p.p_top_k for p in third.projects]
    for project in first.projects:
        assert project.rank_p5 <= project.rank_p95
        assert 0 <= project.p_top_k <= 1
    assert sum(p.p_top_k for p in first.projects) == pytest.approx(config.stability.top_k)


def test_generated_csv_scores_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        to_csv(
            [
                {
                    "id": "X1",
                    "name": "n",
                    "directorate": "d",
                    "status": "pipeline",
                    "programme": None,
                    "description": None,
                    "stage": None,
                    "benefit_type": None,
                    "delivery_risk": None,
                    "complexity": None,
                    "mandatory": None,
                    "in_mtfs": None,
                    "benefit_pool": None,
                    "depends_on": (),
                    "conflicts_with": (),
                    "benefits": {},
                    "costs": {},
                    "fte": {},
                    "alignment": {},
                }
            ]
        )
    )
    register = read_register(path)
    result = score_portfolio(build_portfolio(register, config_for_register(YEARS, MISSIONS)))
    assert result.projects[0].rank == 1


def test_stability_bands_do_not_depend_on_row_order() -> None:
    register, config = load_sample()
    shuffled = register.model_copy(update={"projects": tuple(reversed(register.projects))})
    first = {
        p.id: (p.rank, p.rank_p5, p.rank_p95, p.p_top_k)
        for p in score_portfolio(build_portfolio(register, config)).projects
    }
    second = {
        p.id: (p.rank, p.rank_p5, p.rank_p95, p.p_top_k)
        for p in score_portfolio(build_portfolio(shuffled, config)).projects
    }
    assert first == second
    assert all(float(band[1]).is_integer() for band in first.values())


def test_figures_equal_but_for_float_noise_are_ties() -> None:
    """0.1 + 0.2 FTE is 0.30000000000000004: it must not outrank 0.3 FTE on value per FTE."""
    assert percentile_scale(np.array([0.1 + 0.2, 0.3, 1.0])).tolist() == [25.0, 25.0, 100.0]
