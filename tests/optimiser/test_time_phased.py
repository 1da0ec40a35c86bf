"""The integer program decides when a project runs: as planned, faster, or resumed some years on.

A pause that resumes `d` years later (`Mode.LATER_d`) moves the project's FTE, costs and
benefits `d` years on, loses what falls past the horizon, pays its restart cost in the year it
resumes and earns (T - d) / T of its score. These tests check that against brute force (every
start year tried, `evaluate` as the judge), against usage recomputed here from the raw arrays,
against hand-worked registers and problems, and that the single-period plan is unchanged when
nothing can move in time.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings

from inputs import load_sample
from inputs.config import Config
from inputs.decisions import Decision, Lock, Mode
from inputs.errors import InfeasibleError, LockError
from optimiser.build import stop_rule
from optimiser.evaluate import evaluate
from optimiser.model import build_model
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise
from tests.optimiser.factories import (
    Phasing,
    Shape,
    phased_problems,
    seeded_phased_problem,
    seeded_problem,
)
from tests.optimiser.tiny import problem_of
from tests.reset.registers import run_rows

SOLVERS = ("cbc", "highs")
TOLERANCE = 1e-6  # objective points (0-100), and FTE or £k in the usage checks
STRICT = 1e-9  # "would it fit": tighter than the fill-up's own tolerance
BRUTE_MODES = (Mode.STOP, Mode.CONTINUE, Mode.ACCELERATE, Mode.LATER_1, Mode.LATER_2)
EXACT = {solver: SolverOptions(solver, time_limit=20, gap_rel=0.0) for solver in SOLVERS}
YEARS3 = ("2024/25", "2025/26", "2026/27")

BRUTE_FORCE = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- an independent judge: modes a project may take and what a plan uses, from the raw arrays


def may_take(problem: Problem, i: int, mode: Mode) -> bool:
    """Whether project i may run in `mode`, read from the problem's own fields (not `allowed`):
    mandatory work proceeds and is never delayed, acceleration where eligible, a resume only
    for deferrable work within `max_delay` that still runs in the horizon, and any lock
    holds."""
    deferrable = problem.deferrable if len(problem.deferrable) else np.zeros(problem.size, bool)
    if mode is Mode.STOP and problem.mandatory[i]:
        return False
    if mode is Mode.ACCELERATE and not problem.can_accelerate[i]:
        return False
    if mode.delay and (problem.mandatory[i] or not deferrable[i] or mode.delay > problem.max_delay):
        return False
    years = len(problem.years)
    if mode.delay and not problem.runs[i, : years - mode.delay].any():
        return False  # it would resume after the horizon: nothing of it left to run
    lock = problem.locks.get(i)
    return lock is None or Lock(lock).holds(mode)


def best_by_brute_force(problem: Problem) -> tuple[float, np.ndarray] | None:
    """The highest objective (and a plan reaching it) over every plan whose modes each project
    may take, judged by `evaluate`; None when none is feasible."""
    choices = [[m for m in BRUTE_MODES if may_take(problem, i, m)] for i in range(problem.size)]
    best: tuple[float, np.ndarray] | None = None
    for modes in itertools.product(*choices):
        plan = np.array(modes, dtype=int)
        figures = evaluate(problem, plan)
        if figures.feasible and (best is None or figures.objective > best[0]):
            best = (figures.objective, plan)
    return best


def raw(problem: Problem, name: str, fallback: np.ndarray) -> np.ndarray:
    """A per-project array as given to the Problem, or its default where it was not set."""
    given = getattr(problem, name)
    return given if given.size else fallback


def usage(problem: Problem, plan: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FTE by role and year, budget spend by year (external FTE included where the budget pays
    for them) and external spend by year, shifting each resumed project's FTE and costs by its
    delay here, from the arrays the problem was built with."""
    n, roles, years = problem.size, len(problem.roles), len(problem.years)
    load = raw(problem, "fte_by_year", np.repeat(problem.fte[:, :, None], years, axis=2))
    load_acc = raw(problem, "fte_by_year_acc", np.repeat(problem.fte_acc[:, :, None], years, 2))
    restart = raw(problem, "restart_costs", np.zeros(n))
    runs = raw(problem, "runs_by_year", np.ones((n, years), dtype=bool))
    fte = np.zeros((roles, years))
    spend = np.zeros(years)
    for i, code in enumerate(plan.tolist()):
        mode = Mode(code)
        if mode is Mode.STOP:
            spend += problem.stop_cost[i]
            continue
        if mode is Mode.ACCELERATE:
            fte += load_acc[i]
            spend += problem.cost_acc[i]
            continue
        d = mode.delay
        for t in range(d, years):  # year t of the plan is year t - d of the project
            fte[:, t] += load[i][:, t - d]
            spend[t] += problem.cost[i][t - d]
        resumes = (int(runs[i].argmax()) if runs[i].any() else 0) + d  # its planned start + d
        if d and resumes < years:
            spend[resumes] += restart[i]
    external = np.clip(fte - problem.capacity, 0.0, problem.external_max)
    external_spend = problem.external_cost @ external
    if problem.external_budget is None:
        spend = spend + external_spend
    return fte, spend, external_spend


def breaks(problem: Problem, plan: np.ndarray, tolerance: float) -> list[str]:
    """Capacity (each role in each year, external FTE included) and budget limits broken."""
    fte, spend, external = usage(problem, plan)
    room = problem.capacity + problem.external_max
    broken = [
        f"capacity {problem.roles[r]} in {problem.years[t]}: {fte[r, t]:g} > {room[r, t]:g}"
        for r, t in zip(*np.nonzero(fte > room + tolerance * np.maximum(1, room)), strict=True)
    ]
    over = spend > problem.budget + tolerance * np.maximum(1, problem.budget)
    broken += [f"budget {problem.years[t]}: {spend[t]:g}" for t in np.flatnonzero(over)]
    if problem.external_budget is not None:
        limit = problem.external_budget
        over = external > limit + tolerance * np.maximum(1, limit)
        broken += [f"external budget {problem.years[t]}" for t in np.flatnonzero(over)]
    return broken


def delays(plan: np.ndarray) -> np.ndarray:
    return np.array([Mode(int(code)).delay for code in plan])


# --- a. brute force over start years


@BRUTE_FORCE
@given(phased_problems(max_projects=5, years=3, max_delay=2))
def test_solvers_match_brute_force_over_start_years(problem: Problem) -> None:
    assert problem.phased and problem.max_delay == 2 and len(problem.years) == 3
    best = best_by_brute_force(problem)
    event("no feasible plan" if best is None else "feasible")
    if best is not None:
        event("optimum resumes a pause" if delays(best[1]).any() else "optimum starts on time")
    if not np.all(problem.capacity == problem.capacity[:, :1]):
        event("capacity differs by year")
    for solver in SOLVERS:
        if best is None:
            with pytest.raises((InfeasibleError, LockError)):
                optimise(problem, EXACT[solver])
            continue
        result = optimise(problem, EXACT[solver])
        assert result.status.value == "optimal", solver
        figures = evaluate(problem, result.plan)
        assert figures.feasible, (solver, figures.violations)
        assert breaks(problem, result.plan, TOLERANCE) == [], solver
        assert result.objective == pytest.approx(best[0], abs=TOLERANCE), (
            solver,
            result.plan.tolist(),
            best[1].tolist(),
        )


def test_brute_force_strategy_moves_work_in_time() -> None:
    """The phased factory is not vacuous: capacity and run years differ by year, some work is
    deferrable, and on seeded problems of its shape the best plan sometimes resumes a pause
    one year on and sometimes two."""
    shape = Shape(projects=5, roles=2, years=3, pools=1, tightness=(10, 110), room_for_forced=True)
    seen: set[int] = set()
    varied_capacity = varied_runs = deferrable = 0
    for seed in range(6, 18):
        problem = seeded_phased_problem(seed, shape)
        varied_capacity += not np.all(problem.capacity == problem.capacity[:, :1])
        varied_runs += not problem.runs.all()
        deferrable += int(problem.can_defer.sum())
        best = best_by_brute_force(problem)
        if best is not None:
            seen |= set(delays(best[1]).tolist())
    assert varied_capacity >= 10 and varied_runs >= 10 and deferrable >= 12
    assert {1, 2} <= seen, seen


# --- b. every solve keeps capacity and budget, recomputed from the raw arrays

SMALL = Shape(projects=12, roles=3, years=4, pools=2, room_for_forced=True)
LARGE = Shape(projects=150, roles=4, years=5, pools=6, room_for_forced=True)
QUICK = SolverOptions("highs", time_limit=20, gap_rel=0.005)
CASES = {
    "small-1-cbc": (1, SMALL, Phasing(max_delay=3), EXACT["cbc"]),
    "small-2-highs": (2, SMALL, Phasing(max_delay=3), EXACT["highs"]),
    "small-3-cbc": (3, SMALL, Phasing(max_delay=2, defer=0.9), EXACT["cbc"]),
    "small-4-highs": (4, SMALL, Phasing(max_delay=1, partial=1.0), EXACT["highs"]),
    "large-5-highs": (5, LARGE, Phasing(max_delay=4), QUICK),
    "large-6-cbc": (6, LARGE, Phasing(max_delay=2), SolverOptions("cbc", 20, 0.005)),
}


@cache
def solved(case: str) -> tuple[Problem, OptimisationResult]:
    seed, shape, phasing, options = CASES[case]
    problem = seeded_phased_problem(seed, shape, phasing)
    return problem, optimise(problem, options)


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Problem, OptimisationResult]:
    return solved(request.param)


def test_plan_fits_every_role_and_year(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    assert problem.phased
    assert breaks(problem, result.plan, TOLERANCE) == []
    fte, spend, _ = usage(problem, result.plan)
    np.testing.assert_allclose(result.fte_used, fte, atol=TOLERANCE)
    np.testing.assert_allclose(result.spend, spend, atol=TOLERANCE)
    assert np.all(result.external <= problem.external_max + TOLERANCE)
    assert np.all(result.external >= np.clip(fte - problem.capacity, 0, None) - TOLERANCE)


def test_plan_keeps_the_timing_rules(case: tuple[Problem, OptimisationResult]) -> None:
    problem, result = case
    plan = result.plan
    proceeds, delay = plan != Mode.STOP, delays(plan)
    assert all(may_take(problem, i, Mode(int(m))) for i, m in enumerate(plan.tolist()))
    assert not delay[problem.mandatory].any()
    for dependant, prerequisite in problem.requires.tolist():
        if proceeds[dependant]:
            assert proceeds[prerequisite], problem.ids[dependant]
            assert delay[dependant] >= delay[prerequisite], problem.ids[dependant]
    for first, second in problem.together.tolist():
        assert (proceeds[first], delay[first]) == (proceeds[second], delay[second])
    for first, second in problem.conflicts.tolist():
        assert not (proceeds[first] and proceeds[second]), problem.ids[first]
    index = problem.index()
    for d in result.decisions:
        i = index[d.id]
        if delay[i]:
            assert d.decision is Decision.PAUSE, d.id
            start = int(problem.runs[i].argmax())  # a pause of d years: its planned start + d
            assert d.resume_year == problem.years[start + delay[i]], d.id
            assert d.action_text == f"pause, resume {d.resume_year}", d.id
        else:
            assert d.resume_year is None, d.id


def idle_starts(problem: Problem, plan: np.ndarray) -> tuple[list[str], int]:
    """Stopped worthwhile projects (not locked, in no together group, their prerequisites
    proceeding and their rivals stopped) that would fit in some start year they may take:
    as planned, or resumed in any later year from their prerequisites' on. Also how many
    such starts were tried."""
    delay = delays(plan)
    grouped = {i for pair in problem.together.tolist() for i in pair}
    needs: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        needs.setdefault(dependant, []).append(prerequisite)
    rivals: dict[int, set[int]] = {i: set() for i in range(problem.size)}
    for first, second in problem.conflicts.tolist():
        rivals[first].add(second)
        rivals[second].add(first)
    fitting, tried = [], 0
    for i in np.flatnonzero((plan == Mode.STOP) & (problem.score > 0)).tolist():
        if i in problem.locks or i in grouped or any(plan[j] != Mode.STOP for j in rivals[i]):
            continue
        if any(plan[j] == Mode.STOP for j in needs.get(i, [])):
            continue
        earliest = max((int(delay[j]) for j in needs.get(i, [])), default=0)
        for d in range(earliest, problem.max_delay + 1):
            mode = Mode.later(d) if d else Mode.CONTINUE
            if not may_take(problem, i, mode):
                continue
            started = plan.copy()
            started[i] = mode
            tried += 1
            if not breaks(problem, started, STRICT):
                fitting.append(f"{problem.ids[i]} as {mode.name}")
    return fitting, tried


def test_no_stopped_project_would_fit_in_any_start_year(
    case: tuple[Problem, OptimisationResult],
) -> None:
    """A worthwhile project left stopped fits in no start year it could take."""
    problem, result = case
    assert idle_starts(problem, result.plan)[0] == []


def test_seeded_phased_cases_resume_work() -> None:
    """The cases above are not vacuous: between them they resume paused work later, and
    leave stopped work whose every start year was tried and found not to fit."""
    resumed = [int((delays(solved(case)[1].plan) > 0).sum()) for case in CASES]
    assert sum(resumed) > 0, resumed
    tried = [idle_starts(problem, result.plan)[1] for problem, result in map(solved, CASES)]
    assert sum(tried) > 0, tried


# --- c. a project paused for capacity resumes in the first year it fits

CONFIG_3Y = """name = "Test council"
years = ["2024/25", "2025/26", "2026/27"]
[budget_gap]
"2024/25" = 1000
"2025/26" = 1000
"2026/27" = 1000
[capacity.project_manager]
"2024/25" = {pm1}
"2025/26" = {pm2}
"2026/27" = {pm3}
[budget]
"2024/25" = 5000
"2025/26" = 5000
"2026/27" = 5000
"""


def three_years(amount: float) -> dict[str, object]:
    return {
        f"benefit_{year.replace('/', '_')}_{bound}": amount
        for year in YEARS3
        for bound in ("low", "high")
    }


@pytest.mark.parametrize(
    ("capacity", "resume"),
    [((1, 2, 2), "2025/26"), ((1, 1, 2), "2026/27")],
    ids=["frees-in-year-2", "frees-in-year-3"],
)
def test_paused_for_capacity_resumes_in_the_first_year_it_fits(
    tmp_path: Path, capacity: tuple[int, int, int], resume: str
) -> None:
    """A (worth 300 a year) takes the one project manager there is until the capacity table
    frees a second; B (200 a year) needs one too. B resuming the first year a manager is free
    beats stopping it (its benefits move on, the tail is lost) and beats resuming later."""
    pm1, pm2, pm3 = capacity
    rows: list[dict[str, object]] = [
        {"id": "A", "name": "Adult social care review"} | three_years(300),
        {"id": "B", "name": "Digital front door"} | three_years(200),
    ]
    run = run_rows(tmp_path, rows, CONFIG_3Y.format(pm1=pm1, pm2=pm2, pm3=pm3))
    assert run.problem.phased and run.problem.max_delay == 2
    plan = dict(zip(run.problem.ids, run.result.plan.tolist(), strict=True))
    delay = YEARS3.index(resume)
    assert plan == {"A": Mode.CONTINUE, "B": Mode.later(delay)}
    b = run.result.by_id()["B"]
    assert b.decision is Decision.PAUSE
    assert b.resume_year == resume
    assert b.action_text == f"pause, resume {resume}"
    assert b.start_year == resume and b.end_year == "2026/27"
    earlier = YEARS3[delay - 1]  # the year before it resumes: no manager free then
    assert b.reason.startswith(f"Paused until {resume}: a year earlier it would not fit")
    assert f"capacity project_manager in {earlier}" in b.reason
    assert f"+1.0 FTE of project_manager in {earlier} would start it a year earlier" in b.reason
    assert b.details["resume_year"] == resume
    # what it would deliver in its last `delay` years as planned falls past the horizon
    per_year = run.problem.gain[1]
    assert np.allclose(per_year, per_year[0]) and per_year[0] > 0
    assert b.details["tail_k"] == pytest.approx(delay * per_year[0])
    assert f"of its benefits fall after {YEARS3[-1]}" in b.reason
    # its own FTE moves with it: one manager each year from the resume year, none before
    np.testing.assert_allclose(
        run.result.fte_used[run.problem.roles.index("project_manager")],
        [1.0 if t < delay else 2.0 for t in range(3)],
    )


# --- d. single-number capacity gives today's answers when nothing can shift


def with_schedule(config: Config, schedule: str) -> Config:
    return config.model_copy(
        update={"optimiser": config.optimiser.model_copy(update={"schedule": schedule})}
    )


@cache
def sample_problem(schedule: str) -> Problem:
    register, config = load_sample()
    return problem_of(register, with_schedule(config, schedule))


def test_sample_whole_horizon_is_one_period() -> None:
    problem = sample_problem("whole_horizon")
    assert not problem.phased
    assert problem.periods == problem.roles
    assert problem.max_delay == 0
    assert problem.runs.all()
    assert np.all(problem.load == problem.load[..., :1])
    by_year = sample_problem("by_year")  # the default moves work in time: a period a year
    assert by_year.phased and by_year.max_delay == len(by_year.years) - 1
    assert len(by_year.periods) == len(by_year.roles) * len(by_year.years)


def in_every_year(problem: Problem) -> Problem:
    """The same problem with capacity, external FTE and FTE written out year by year, every
    project running every year, and no pause able to resume."""
    years, n = len(problem.years), problem.size
    return replace(
        problem,
        capacity=np.repeat(problem.capacity[:, :1], years, axis=1),
        external_max=np.repeat(problem.external_max[:, :1], years, axis=1),
        fte_by_year=np.repeat(problem.fte[:, :, None], years, axis=2),
        fte_by_year_acc=np.repeat(problem.fte_acc[:, :, None], years, axis=2),
        runs_by_year=np.ones((n, years), dtype=bool),
        runs_by_year_acc=np.ones((n, years), dtype=bool),
        max_delay=0,
        deferrable=~problem.mandatory,
    )


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_by_year_arrays_without_shifts_give_the_single_period_plan(seed: int) -> None:
    shape = Shape(projects=25, roles=3, years=3, pools=2, room_for_forced=True)
    old = seeded_problem(seed, shape)
    new = in_every_year(old)
    assert new.capacity.shape == (3, 3) and new.fte_by_year.shape == (25, 3, 3)
    assert not new.phased and new.periods == old.periods == old.roles
    old_model, new_model = build_model(old), build_model(new)
    assert (old_model.matrix != new_model.matrix).nnz == 0
    for name in ("cost", "row_lower", "row_upper", "col_lower", "col_upper"):
        np.testing.assert_array_equal(getattr(old_model, name), getattr(new_model, name))
    for solver in SOLVERS:
        before, after = optimise(old, EXACT[solver]), optimise(new, EXACT[solver])
        assert after.plan.tolist() == before.plan.tolist(), solver
        assert after.objective == pytest.approx(before.objective, abs=TOLERANCE), solver
        assert [d.reason for d in after.decisions] == [d.reason for d in before.decisions]


@pytest.mark.parametrize("seed", [31, 32])
def test_per_year_rows_with_nothing_to_shift_reach_the_single_period_optimum(seed: int) -> None:
    """A resume allowed but nobody deferrable: the model has a capacity row per role and year,
    each a copy of the single-period one, so the optimum is the same."""
    shape = Shape(projects=25, roles=3, years=3, pools=2, room_for_forced=True)
    old = seeded_problem(seed, shape)
    new = replace(in_every_year(old), max_delay=2, deferrable=np.zeros(old.size, dtype=bool))
    assert new.phased and len(new.periods) == 9
    for solver in SOLVERS:
        before, after = optimise(old, EXACT[solver]), optimise(new, EXACT[solver])
        assert after.objective == pytest.approx(before.objective, abs=TOLERANCE), solver
        assert not delays(after.plan).any()
        assert evaluate(old, after.plan).feasible


# --- e. the time-phased plan never closes less than the single-period one

SAMPLE_OPTIONS = SolverOptions("highs", time_limit=60, gap_rel=0.005)


@cache
def sample_solved(schedule: str) -> OptimisationResult:
    return optimise(sample_problem(schedule), SAMPLE_OPTIONS)


def test_by_year_plan_is_at_least_as_good_as_the_single_period_plan() -> None:
    by_year, whole = sample_problem("by_year"), sample_problem("whole_horizon")
    # every project needs no more FTE in any year by year than held for the whole horizon
    assert np.all(by_year.load <= whole.load + TOLERANCE)
    assert np.all(by_year.load_acc <= whole.load_acc + TOLERANCE)
    phased, single = sample_solved("by_year"), sample_solved("whole_horizon")
    judged = evaluate(by_year, single.plan)
    numbers = (
        f"objective by_year {phased.objective:.4f} (bound {phased.bound:.4f}) vs whole_horizon "
        f"{single.objective:.4f} (bound {single.bound:.4f}); gap closed by_year "
        f"£{phased.gap_closed:,.0f}k vs whole_horizon £{single.gap_closed:,.0f}k; the "
        f"whole-horizon plan judged by year: {judged.objective:.4f}, "
        f"violations {judged.violations[:3]}"
    )
    slack = SAMPLE_OPTIONS.gap_rel * max(abs(phased.bound), abs(single.objective)) + TOLERANCE
    assert phased.objective >= single.objective - slack, numbers
    if judged.feasible:  # the single-period plan is a by-year plan: the bound must cover it
        assert phased.bound >= judged.objective - TOLERANCE, numbers
    assert phased.gap_closed >= single.gap_closed - TOLERANCE, numbers


# --- f. dependency and together timing, on hand-built problems


def timed_problem(
    fte: list[list[float]],
    capacity: list[list[float]],
    gain: list[float],
    deferrable: list[bool],
    requires: tuple[tuple[int, int], ...] = (),
    together: tuple[tuple[int, int], ...] = (),
    conflicts: tuple[tuple[int, int], ...] = (),
    mandatory: tuple[int, ...] = (),
    score_weight: float = 0.0,
) -> Problem:
    """Three years, projects running every year and needing `fte` (by role) while they do,
    each closing `gain` £k a year of a gap of 1000 a year; nothing costs money."""
    n, years = len(fte), len(YEARS3)
    shape = Shape(
        projects=n,
        roles=len(capacity),
        years=years,
        accelerate=False,
        mandatory=0,
        locks=0,
        requires=0,
        conflicts=0,
        pools=0,
        external=0,
        stop_costs=0,
        together=0,
        mtfs=0,
    )
    base = seeded_problem(0, shape)
    nothing = np.zeros((n, years))
    yearly = np.repeat(np.array(gain, dtype=float)[:, None], years, axis=1)
    score = np.linspace(90, 50, n)
    pairs = {
        name: np.array(rows, dtype=np.int64).reshape(len(rows), 2)
        for name, rows in (("requires", requires), ("together", together), ("conflicts", conflicts))
    }
    flagged = np.isin(np.arange(n), mandatory)
    return replace(
        base,
        ids=tuple("XPDAB"[:n]) if n <= 5 else base.ids,
        years=YEARS3,
        score=score,
        rank=np.arange(1, n + 1),
        in_flight=np.ones(n, dtype=bool),
        mandatory=flagged,
        fte=np.array(fte, dtype=float),
        fte_acc=np.array(fte, dtype=float),
        cost=nothing,
        cost_acc=nothing,
        gain=yearly,
        low=yearly,
        high=yearly,
        gain_acc=yearly,
        low_acc=yearly,
        high_acc=yearly,
        mtfs=nothing,
        mtfs_acc=nothing,
        mtfs_budgeted=nothing,
        stop_cost=nothing,
        stop_decision=tuple(stop_rule(s, 0.0, None) for s in score),
        can_accelerate=np.zeros(n, dtype=bool),
        requires=pairs["requires"],
        together=pairs["together"],
        conflicts=pairs["conflicts"],
        capacity=np.array(capacity, dtype=float),
        external_max=np.zeros((len(capacity), years)),
        external_cost=np.zeros(len(capacity)),
        external_budget=None,
        budget=np.full(years, 100.0),
        gap=np.full(years, 1000.0),
        score_weight=score_weight,
        pause_min_score=0.0,
        locks={},
        max_delay=2,
        deferrable=np.array(deferrable, dtype=bool),
    )


# X (500 a year) holds the one role_1 FTE of the first year and cannot be deferred; P needs
# role_1 too, so it resumes in year 2 when a second role_1 FTE comes; D needs only role_2,
# which is free from the first year.
FTE = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
CAPACITY = [[1.0, 2.0, 2.0], [1.0, 1.0, 1.0]]
GAIN = [500.0, 100.0, 100.0]
DEFER = [False, True, True]


def shortfall_objective(delivered: list[float]) -> float:
    """100 (1 - shortfall / gap) over three years of a 1000 gap, worked by hand."""
    return 100 * (1 - sum(max(1000 - x, 0) for x in delivered) / 3000)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_dependant_starts_no_earlier_than_its_prerequisite_resumes(solver: str) -> None:
    free = timed_problem(FTE, CAPACITY, GAIN, DEFER)
    alone = optimise(free, EXACT[solver])
    assert alone.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.CONTINUE]
    # X 500 every year, P's 100 in years 2 and 3 (its third falls past the horizon), D 100
    assert alone.objective == pytest.approx(shortfall_objective([600, 700, 700]), abs=TOLERANCE)
    linked = timed_problem(FTE, CAPACITY, GAIN, DEFER, requires=((2, 1),))  # D needs P
    result = optimise(linked, EXACT[solver])
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.LATER_1]
    assert result.objective == pytest.approx(shortfall_objective([500, 700, 700]), abs=TOLERANCE)
    by_id = result.by_id()
    assert by_id["P"].resume_year == by_id["D"].resume_year == "2025/26"
    assert "a year earlier it would not fit (capacity role_1 in 2024/25)" in by_id["P"].reason
    assert by_id["D"].reason.startswith(
        "Paused until 2025/26: its prerequisite P ('Project 2') resumes in 2025/26"
    )
    assert by_id["D"].details["blocked_by"] == ["P"]
    assert by_id["D"].details["tail_k"] == pytest.approx(100.0)  # its third year's 100
    assert evaluate(linked, result.plan).feasible
    early = result.plan.copy()
    early[2] = Mode.CONTINUE  # D in year 1, before P resumes: what the rule forbids
    assert any("starts before its prerequisite P" in v for v in evaluate(linked, early).violations)


@pytest.mark.parametrize("solver", SOLVERS)
def test_together_partners_resume_in_the_same_year(solver: str) -> None:
    problem = timed_problem(FTE, CAPACITY, GAIN, DEFER, together=((1, 2),))
    result = optimise(problem, EXACT[solver])
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.LATER_1]
    assert result.objective == pytest.approx(shortfall_objective([500, 700, 700]), abs=TOLERANCE)
    by_id = result.by_id()
    assert by_id["P"].action_text == by_id["D"].action_text == "pause, resume 2025/26"
    assert "resumes with P" in by_id["D"].reason and "resumes with D" in by_id["P"].reason
    apart = result.plan.copy()
    apart[2] = Mode.CONTINUE
    assert any("do not go together" in v for v in evaluate(problem, apart).violations)


@pytest.mark.parametrize("solver", SOLVERS)
def test_conflicting_projects_never_both_proceed_even_in_different_years(solver: str) -> None:
    """P could resume in year 2 beside D: but they conflict, so only the better one runs."""
    free = timed_problem(FTE, CAPACITY, [500.0, 300.0, 100.0], DEFER)
    plan = optimise(free, EXACT[solver]).plan.tolist()
    assert plan == [Mode.CONTINUE, Mode.LATER_1, Mode.CONTINUE]
    problem = timed_problem(FTE, CAPACITY, [500.0, 300.0, 100.0], DEFER, conflicts=((1, 2),))
    result = optimise(problem, EXACT[solver])
    # P resumed (300 in years 2 and 3) beats D on time (100 in each of three years)
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.STOP]
    assert result.objective == pytest.approx(shortfall_objective([500, 800, 800]), abs=TOLERANCE)


@pytest.mark.parametrize("solver", SOLVERS)
def test_mandatory_work_is_never_delayed_to_fit(solver: str) -> None:
    """Mandatory P needs role_1 in year 1, held by X: X makes way, P is not resumed later."""
    problem = timed_problem(FTE, CAPACITY, GAIN, [False, False, True], mandatory=(1,))
    result = optimise(problem, EXACT[solver])
    # X cannot be deferred, and the one role_1 FTE of the first year is P's
    assert result.plan.tolist() == [Mode.STOP, Mode.CONTINUE, Mode.CONTINUE]
    assert result.objective == pytest.approx(shortfall_objective([200, 200, 200]), abs=TOLERANCE)
    squeezed = timed_problem(
        FTE, [[0.0, 1.0, 1.0], [1.0, 1.0, 1.0]], GAIN, [False, True, True], mandatory=(1,)
    )
    with pytest.raises(InfeasibleError, match="capacity role_1 in 2024/25"):
        optimise(squeezed, EXACT[solver])


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_resumed_project_earns_the_share_of_the_horizon_it_runs(solver: str) -> None:
    """Scores only: P resumed one year on earns 2/3 of its score, two years on 1/3."""
    capacity = [[1.0, 2.0, 2.0], [1.0, 1.0, 1.0]]
    problem = timed_problem(FTE, capacity, GAIN, DEFER, score_weight=1.0)
    result = optimise(problem, EXACT[solver])
    score = problem.score
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.CONTINUE]
    expected = 100 * (score[0] + score[1] * 2 / 3 + score[2]) / score.sum()
    assert result.objective == pytest.approx(expected, abs=TOLERANCE)
    later = replace(problem, capacity=np.array([[1.0, 1.0, 2.0], [1.0, 1.0, 1.0]]))
    result = optimise(later, EXACT[solver])
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_2, Mode.CONTINUE]
    expected = 100 * (score[0] + score[1] / 3 + score[2]) / score.sum()
    assert result.objective == pytest.approx(expected, abs=TOLERANCE)


def test_restart_cost_is_charged_in_the_resume_year() -> None:
    problem = replace(
        timed_problem(FTE, CAPACITY, GAIN, DEFER), restart_costs=np.array([0.0, 40.0, 0.0])
    )
    result = optimise(problem, EXACT["highs"])
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_1, Mode.CONTINUE]
    np.testing.assert_allclose(result.spend, [0.0, 40.0, 0.0])
    # no room for the restart in year 2: P resumes in year 3, the first year it fits
    tight = replace(problem, budget=np.array([100.0, 30.0, 100.0]))
    result = optimise(tight, EXACT["highs"])
    assert result.plan.tolist() == [Mode.CONTINUE, Mode.LATER_2, Mode.CONTINUE]
    np.testing.assert_allclose(result.spend, [0.0, 0.0, 40.0])
    assert "+£10k of budget in 2025/26" in result.by_id()["P"].reason


def test_evaluate_refuses_a_delayed_mandatory_project() -> None:
    problem = timed_problem(FTE, CAPACITY, GAIN, [True, True, True], mandatory=(1,))
    plan = np.array([Mode.CONTINUE, Mode.LATER_1, Mode.CONTINUE])
    assert not evaluate(problem, plan).feasible
