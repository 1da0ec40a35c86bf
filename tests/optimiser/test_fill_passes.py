"""The fill-up's short passes start exactly what full passes over every project start."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from inputs import load_sample, read_config, read_register
from inputs.decisions import Mode, delays
from optimiser.fill import fill_idle_capacity
from optimiser.greedy import greedy_plan
from optimiser.limits import fits, limits_of, plan_use
from optimiser.options import allowed, figures, modes_of
from optimiser.problem import Problem
from tests.hostile import chain, config_toml
from tests.optimiser.tiny import data_problem, problem_of


def reference_fill(problem: Problem, plan: np.ndarray) -> np.ndarray:
    """The fill-up as it was before its passes were made linear: every pass over every project."""
    plan = plan.copy()
    prerequisites: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        prerequisites.setdefault(dependant, []).append(prerequisite)
    rivals: dict[int, list[int]] = {}
    for first, second in problem.conflicts.tolist():
        rivals.setdefault(first, []).append(second)
        rivals.setdefault(second, []).append(first)
    valuable = (problem.score > 0) | (problem.gain.sum(axis=1) > 0) | problem.mtfs.any(axis=1)
    candidates = [
        int(i)
        for i in np.argsort(problem.rank, kind="stable")
        if valuable[i] and int(i) not in problem.locks
    ]
    limits = limits_of(problem)
    stop = int(Mode.STOP)
    group_of = problem.group_of()
    starts = [m for m in modes_of(problem) if m is not Mode.ACCELERATE]
    may = {mode: allowed(problem, mode) for mode in starts}
    changed = True
    while changed:
        changed = False
        fte, spend = plan_use(problem, plan)
        delay = delays(plan)
        for i in candidates:
            group = group_of.get(i, [i])  # a group starts whole or not at all
            if plan[i] != stop or any(plan[g] != stop or g in problem.locks for g in group):
                continue
            if any(plan[j] != stop or j in group for g in group for j in rivals.get(g, [])):
                continue
            needed = [j for g in group for j in prerequisites.get(g, []) if j not in group]
            if any(plan[j] == stop for j in needed):
                continue
            earliest = max((int(delay[j]) for j in needed), default=0)
            for mode in starts:
                if mode.delay < earliest or not may[mode][group].all():
                    continue
                added = figures(problem, mode, np.array(group))
                new_fte = fte + problem.per_period(added.load).sum(axis=0)
                stopped = problem.money(problem.stop_cost[group], np.array(group))
                new_spend = spend + (added.money(problem) - stopped).sum(axis=0)
                if fits(problem, new_fte, new_spend, limits):
                    plan[group] = mode
                    delay[group] = mode.delay
                    fte, spend = new_fte, new_spend
                    changed = True
                    break
    return plan


def test_the_sample_is_filled_as_by_full_passes() -> None:
    problem = problem_of(*load_sample())
    empty = np.full(problem.size, int(Mode.STOP))
    np.testing.assert_array_equal(
        fill_idle_capacity(problem, empty), reference_fill(problem, empty)
    )
    greedy = greedy_plan(problem)
    np.testing.assert_array_equal(greedy, fill_idle_capacity(problem, greedy))


def test_a_small_problem_is_filled_as_by_full_passes() -> None:
    problem = data_problem("choice")
    for start in (np.full(problem.size, int(Mode.STOP)), greedy_plan(problem)):
        np.testing.assert_array_equal(
            fill_idle_capacity(problem, start), reference_fill(problem, start)
        )


def test_a_long_chain_is_filled_as_by_full_passes(tmp_path: Path) -> None:
    """A 300-long chain, whose dependants rank before what they need: one start per pass."""
    (tmp_path / "register.csv").write_text(chain(300), encoding="utf-8")
    (tmp_path / "config.toml").write_text(config_toml(100), encoding="utf-8")  # room for 100
    config = read_config(tmp_path / "config.toml")
    problem = problem_of(read_register(tmp_path / "register.csv", config=config), config)
    empty = np.full(problem.size, int(Mode.STOP))
    filled = fill_idle_capacity(problem, empty)
    np.testing.assert_array_equal(filled, reference_fill(problem, empty))
    assert 0 < (filled != int(Mode.STOP)).sum() < 300
