"""Every rule of the reset holds for the plan the optimiser returns, checked from the raw arrays.

Nothing here goes through `evaluate`: each invariant is worked out again from the problem, so
a slip shared by the model and the evaluator still shows. The cases are seeded random problems
(up to 200 projects) and the bundled sample register.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import pytest

from inputs import load_sample
from inputs.decisions import Decision, Lock, Mode
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise
from tests.optimiser.factories import Shape, seeded_problem
from tests.optimiser.tiny import problem_of

TOLERANCE = 1e-6
STRICT = 1e-9  # for "would it fit": tighter than the fill-up's own tolerance
LOCKED_TO = {
    Lock.ACCELERATE: {Decision.ACCELERATE},
    Lock.CONTINUE: {Decision.CONTINUE},
    Lock.KEEP: {Decision.CONTINUE, Decision.ACCELERATE},
    Lock.PAUSE: {Decision.PAUSE},
    Lock.TERMINATE: {Decision.TERMINATE},
}
SMALL = Shape(projects=12, roles=3, years=3, pools=2, room_for_forced=True)
LARGE = Shape(projects=200, roles=4, years=4, pools=8, room_for_forced=True)
QUICK = SolverOptions("highs", time_limit=10, gap_rel=0.005)


def sample_problem() -> Problem:
    return problem_of(*load_sample())


def sample_problem_locked() -> Problem:
    """The sample with a what-if: its best free project paused, two weak ones kept, and so on."""
    register, config = load_sample()
    plain = problem_of(register, config)
    linked = {int(i) for i in np.concatenate([plain.requires, plain.conflicts]).ravel()}
    free = [
        int(i)
        for i in np.argsort(plain.rank, kind="stable")
        if i not in linked and not plain.mandatory[i]
    ]
    fast = [i for i in free if plain.can_accelerate[i]]
    locks = {
        free[0]: Lock.PAUSE,
        free[1]: Lock.TERMINATE,
        free[-1]: Lock.KEEP,
        free[-2]: Lock.CONTINUE,
        fast[-1]: Lock.ACCELERATE,
    }
    by_id = {plain.ids[i]: lock for i, lock in locks.items()}
    return problem_of(register, config, by_id)


CASES: dict[str, tuple[Callable[[], Problem], SolverOptions]] = {
    "small-1-cbc": (lambda: seeded_problem(1, SMALL), SolverOptions("cbc", 20, 0.0)),
    "small-2-highs": (lambda: seeded_problem(2, SMALL), SolverOptions("highs", 20, 0.0)),
    "small-3-cbc": (lambda: seeded_problem(3, SMALL), SolverOptions("cbc", 20, 0.0)),
    "large-11-highs": (lambda: seeded_problem(11, LARGE), QUICK),
    "large-12-cbc": (lambda: seeded_problem(12, LARGE), SolverOptions("cbc", 10, 0.005)),
    "sample-highs": (sample_problem, QUICK),
    "sample-locked-highs": (sample_problem_locked, QUICK),
}


@cache
def solved(case: str) -> tuple[Problem, OptimisationResult]:
    make, options = CASES[case]
    problem = make()
    return problem, optimise(problem, options)


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Problem, OptimisationResult]:
    return solved(request.param)


def usage(problem: Problem, plan: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FTE by role and year, spend by year (with external FTE where it is charged) and
    external spend by year, worked out here from the problem's own arrays: a pause that
    resumes d years later moves its FTE and costs d years on and pays its restart cost then."""
    years = len(problem.years)
    fte = np.zeros((len(problem.roles), years))
    spend = np.zeros(years)
    for i, code in enumerate(plan.tolist()):
        mode = Mode(code)
        if mode is Mode.STOP:
            spend += problem.stop_cost[i]
        elif mode is Mode.ACCELERATE:
            fte += problem.load_acc[i]
            spend += problem.cost_acc[i]
        else:
            d = mode.delay
            fte[:, d:] += problem.load[i][:, : years - d]
            spend[d:] += problem.cost[i][: years - d]
            if d:
                spend[d] += problem.restart_cost[i]
    external = np.clip(fte - problem.capacity, 0.0, problem.external_max)
    external_spend = problem.external_cost @ external
    if problem.external_budget is None:
        spend = spend + external_spend
    return fte, spend, external_spend


def breaks(problem: Problem, plan: np.ndarray, tolerance: float) -> list[str]:
    """The capacity (each role in each year) and budget limits the plan breaks (external FTE
    bought where it helps)."""
    fte, spend, external = usage(problem, plan)
    broken = []
    room = problem.capacity + problem.external_max
    over_fte = fte > room + tolerance * np.maximum(1, room)
    broken += [f"capacity {r} in year {t}" for r, t in zip(*np.nonzero(over_fte), strict=True)]
    over = spend > problem.budget + tolerance * np.maximum(1, problem.budget)
    broken += [f"budget {t}" for t in np.flatnonzero(over)]
    if problem.external_budget is not None:
        limit = problem.external_budget
        over = external > limit + tolerance * np.maximum(1, limit)
        broken += [f"external budget {t}" for t in np.flatnonzero(over)]
    return broken


def test_plan_fits_capacity_and_budget(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    assert breaks(problem, result.plan, TOLERANCE) == []
    fte, spend, _ = usage(problem, result.plan)
    np.testing.assert_allclose(result.fte_used, fte, atol=TOLERANCE)
    np.testing.assert_allclose(result.spend, spend, atol=TOLERANCE)
    assert np.all(result.external <= problem.external_max + TOLERANCE)


def test_plan_keeps_every_rule(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    plan = result.plan
    proceeds = plan != Mode.STOP
    assert plan.shape == (problem.size,)
    assert set(np.unique(plan)) <= {Mode.STOP, Mode.CONTINUE, Mode.ACCELERATE} | {
        Mode.later(d) for d in range(1, problem.max_delay + 1)
    }
    assert not np.any((plan == Mode.ACCELERATE) & ~problem.can_accelerate)
    delay = np.maximum(plan - int(Mode.LATER_1) + 1, 0)
    assert not np.any((delay > 0) & (~problem.can_defer | problem.mandatory))
    assert proceeds[problem.mandatory].all()
    for dependant, prerequisite in problem.requires:
        assert proceeds[prerequisite] or not proceeds[dependant], problem.ids[dependant]
        if proceeds[dependant]:  # it starts no earlier than its prerequisite
            assert delay[dependant] >= delay[prerequisite], problem.ids[dependant]
    for first, second in problem.conflicts:
        assert not (proceeds[first] and proceeds[second]), problem.ids[first]
    for first, second in problem.together:
        assert proceeds[first] == proceeds[second], problem.ids[first]
        assert delay[first] == delay[second], problem.ids[first]


def test_locks_are_respected(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    decisions = result.by_id()
    for i, lock in problem.locks.items():
        assert decisions[problem.ids[i]].decision in LOCKED_TO[Lock(lock)], problem.ids[i]


def test_every_project_decided_once_in_rank_order(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    ids = [d.id for d in result.decisions]
    assert len(ids) == len(set(ids)) == problem.size
    assert set(ids) == set(problem.ids)
    ranks = [d.rank for d in result.decisions]
    assert ranks == sorted(ranks)
    index = problem.index()
    assert all(d.rank == problem.rank[index[d.id]] for d in result.decisions)


def test_decisions_match_plan_and_give_reasons(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    index = problem.index()
    for d in result.decisions:
        mode = result.plan[index[d.id]]
        if mode == Mode.ACCELERATE:
            assert d.decision is Decision.ACCELERATE, d.id
        elif mode == Mode.CONTINUE:
            assert d.decision is Decision.CONTINUE, d.id
        elif Mode(mode).delay:
            assert d.decision is Decision.PAUSE, d.id
            start = int(problem.runs[index[d.id]].argmax())  # its planned start, + the pause
            assert d.resume_year == problem.years[start + Mode(mode).delay], d.id
            assert d.action_text == f"pause, resume {d.resume_year}", d.id
        else:
            assert d.decision in (Decision.PAUSE, Decision.TERMINATE), d.id
        assert d.reason.strip(), d.id
        assert d.reason_code.strip(), d.id


def test_stopped_projects_pause_or_terminate_by_priority(
    case: tuple[Problem, OptimisationResult],
) -> None:
    problem, result = case
    index = problem.index()
    for d in result.decisions:
        i = index[d.id]
        if result.plan[i] != Mode.STOP or i in problem.locks:
            continue
        # a prerequisite is judged by the work that needs it (its priority), not its own score
        worth = problem.score if problem.priority is None else problem.priority
        worthwhile = max(problem.score[i], worth[i]) >= problem.pause_min_score
        assert d.decision is (Decision.PAUSE if worthwhile else Decision.TERMINATE), d.id


def test_no_worthwhile_project_stopped_while_what_it_needs_is_idle(
    case: tuple[Problem, OptimisationResult],
) -> None:
    problem, result = case
    plan = result.plan
    needs: dict[int, list[int]] = {}
    rivals: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires:
        needs.setdefault(dependant, []).append(prerequisite)
    for first, second in problem.conflicts:
        rivals.setdefault(first, []).append(second)
        rivals.setdefault(second, []).append(first)
    for i in np.flatnonzero((plan == Mode.STOP) & (problem.score > 0)):
        if i in problem.locks or any(plan[j] == Mode.STOP for j in needs.get(i, [])):
            continue
        if any(plan[j] != Mode.STOP for j in rivals.get(i, [])):
            continue
        started = plan.copy()
        started[i] = Mode.CONTINUE
        assert breaks(problem, started, STRICT), f"{problem.ids[i]} fits but is stopped"


def test_factory_problems_exercise_the_rules() -> None:
    """The seeded cases are not vacuous: they have locks, prerequisites, conflicts and pools."""
    large = [solved(case)[0] for case in CASES if case.startswith("large")]
    for problem in large:
        assert problem.locks and len(problem.requires) and len(problem.conflicts) and problem.pools
        assert problem.mandatory.any() and problem.can_accelerate.any()
    stopped = sum(int((solved(case)[1].plan == Mode.STOP).sum()) for case in CASES)
    assert stopped > 0
