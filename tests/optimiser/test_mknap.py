"""Published optima: the OR-Library multidimensional knapsack problems, solved as resets.

Each item is a project, each knapsack constraint a role: weights are FTE, capacities are
capacity and profits are scores, with no money and no gap. With score_weight 1 the objective is
100 x (profit taken) / (all profit), so the profit the optimiser recovers must equal the known
optimum (Beasley 1990; mknap2 collected by Heitkoetter for OR-Library).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from inputs.decisions import Decision
from optimiser.problem import Problem
from optimiser.solve import SolverOptions, optimise

MKNAP = Path(__file__).resolve().parents[1] / "data" / "mknap"
SEPARATOR = re.compile(r"^\s*\++\s*$", re.MULTILINE)
TITLE = re.compile(r"^\s*problem\s+(\S+?)(?:\.DAT)?\s*$", re.IGNORECASE)
EXACT_CBC = SolverOptions("cbc", time_limit=10, gap_rel=0.0, explain=False)
EXACT_HIGHS = SolverOptions("highs", time_limit=10, gap_rel=0.0, explain=False)


@dataclass(frozen=True)
class Knapsack:
    name: str
    profits: np.ndarray  # n
    weights: np.ndarray  # m x n
    capacities: np.ndarray  # m
    optimum: float


def numbers(text: str) -> list[float]:
    return [float(token) for token in text.split()]


def read_mknap1(path: Path) -> list[Knapsack]:
    """K; then per problem `n m optimum`, n profits, m rows of n weights, m capacities."""
    values = numbers(path.read_text())
    count, at = int(values[0]), 1
    problems = []
    for k in range(count):
        n, m, optimum = int(values[at]), int(values[at + 1]), values[at + 2]
        at += 3
        profits = np.array(values[at : at + n])
        weights = np.array(values[at + n : at + n + m * n]).reshape(m, n)
        capacities = np.array(values[at + n + m * n : at + n + m * n + m])
        at += n + m * n + m
        problems.append(Knapsack(f"mknap1-{k + 1}", profits, weights, capacities, optimum))
    assert at == len(values), "mknap1.txt has numbers left over"
    return problems


def read_mknap2(path: Path) -> list[Knapsack]:
    """Sections split by `+++++`: a `problem NAME.DAT` title, then `m n`, n profits,
    m capacities, the m x n weights and the optimum. A section that does not add up is skipped.
    """
    sections = SEPARATOR.split(path.read_text())
    problems = []
    for title, body in itertools.pairwise(sections):
        named = TITLE.match(title.strip())
        if not named:
            continue
        try:
            values = numbers(body)
        except ValueError:
            continue
        if len(values) < 2:
            continue
        m, n = int(values[0]), int(values[1])
        if len(values) != 2 + n + m + m * n + 1:
            continue
        profits = np.array(values[2 : 2 + n])
        capacities = np.array(values[2 + n : 2 + n + m])
        weights = np.array(values[2 + n + m : 2 + n + m + m * n]).reshape(m, n)
        problems.append(Knapsack(named.group(1), profits, weights, capacities, values[-1]))
    return problems


def as_problem(knapsack: Knapsack) -> Problem:
    """Items as projects, constraints as roles; one year with no cost, no budget and no gap."""
    n, m = len(knapsack.profits), len(knapsack.capacities)
    none = np.zeros((n, 1))
    fte = knapsack.weights.T.copy()
    order = np.argsort(-knapsack.profits, kind="stable")
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(1, n + 1)
    return Problem(
        ids=tuple(f"item_{j + 1}" for j in range(n)),
        names=tuple(f"Item {j + 1}" for j in range(n)),
        years=("year",),
        roles=tuple(f"constraint_{i + 1}" for i in range(m)),
        score=knapsack.profits.astype(float),
        rank=rank,
        in_flight=np.zeros(n, dtype=bool),
        mandatory=np.zeros(n, dtype=bool),
        fte=fte,
        cost=none,
        gain=none,
        low=none,
        high=none,
        can_accelerate=np.zeros(n, dtype=bool),
        accelerate_note=("no benefits to bring forward",) * n,
        fte_acc=fte,
        cost_acc=none,
        gain_acc=none,
        low_acc=none,
        high_acc=none,
        mtfs=none,
        mtfs_budgeted=none,
        business_case_first=np.zeros(n, dtype=bool),
        tail=np.zeros(n),
        mtfs_acc=none,
        stop_decision=(Decision.PAUSE,) * n,
        stop_cost=none,
        requires=np.zeros((0, 2), dtype=np.int64),
        conflicts=np.zeros((0, 2), dtype=np.int64),
        together=np.zeros((0, 2), dtype=np.int64),
        pools=(),
        capacity=knapsack.capacities.astype(float),
        budget=np.zeros(1),
        gap=np.zeros(1),
        reserves=np.zeros(1),
        contingency=np.zeros(1),
        external_max=np.zeros(m),
        external_cost=np.zeros(m),
        external_budget=None,
        score_weight=1.0,
        pause_min_score=0.0,
    )


def profit_found(knapsack: Knapsack, options: SolverOptions) -> float:
    problem = as_problem(knapsack)
    result = optimise(problem, options)
    assert result.status.value == "optimal", knapsack.name
    taken = result.plan != 0
    assert np.all(knapsack.weights[:, taken].sum(axis=1) <= knapsack.capacities + 1e-9)
    profit = float(knapsack.profits[taken].sum())
    assert result.objective == pytest.approx(100 * profit / knapsack.profits.sum(), abs=1e-6)
    return profit


@pytest.fixture(scope="module")
def mknap1() -> list[Knapsack]:
    return read_mknap1(MKNAP / "mknap1.txt")


@pytest.fixture(scope="module")
def mknap2() -> list[Knapsack]:
    return read_mknap2(MKNAP / "mknap2.txt")


def test_mknap1_parses_with_published_optima(mknap1: list[Knapsack]) -> None:
    assert [k.optimum for k in mknap1] == [3800, 8706.1, 4015, 6120, 12400, 10618, 16537]


def test_mknap2_parses_most_problems(mknap2: list[Knapsack]) -> None:
    assert len(mknap2) >= 40
    names = [k.name for k in mknap2]
    assert len(set(names)) == len(names)
    assert {"SENTO1", "WEING1", "WEISH01", "HP2"} <= set(names)


@pytest.mark.parametrize("options", [EXACT_CBC, EXACT_HIGHS], ids=["cbc", "highs"])
def test_mknap1_optima_recovered(mknap1: list[Knapsack], options: SolverOptions) -> None:
    for knapsack in mknap1:
        found = profit_found(knapsack, options)
        assert found == pytest.approx(knapsack.optimum, rel=1e-6), knapsack.name


def test_mknap2_optima_recovered_by_cbc(mknap2: list[Knapsack]) -> None:
    wrong = {}
    for knapsack in mknap2:
        found = profit_found(knapsack, EXACT_CBC)
        if found != pytest.approx(knapsack.optimum, rel=1e-6):
            wrong[knapsack.name] = (found, knapsack.optimum)
    assert wrong == {}
