"""After a time-limited solve: no worthwhile project left stopped while what it needs sits idle."""

from __future__ import annotations

import heapq

import numpy as np

from inputs.decisions import Mode, delays
from optimiser.evaluate import claims_of, shortfall_of
from optimiser.limits import fits, limits_of, plan_use
from optimiser.options import allowed, figures, modes_of
from optimiser.problem import Problem
from portfolio.pools import pooled_total

TOLERANCE = 1e-7
"""£k of gap: an acceleration that closes no more than this is not worth its people."""


def fill_idle_capacity(problem: Problem, plan: np.ndarray) -> np.ndarray:
    """Start, best rank first, every stopped project with value that fits in what is left
    (with the rest of its together group, if it has one): as planned if it fits, else in the
    first later year it fits, where a pause may resume.

    A solve stopped by its time limit (or a relative gap) may leave such projects; adding one
    never lowers the objective, and every rule is checked before it is added.

    Passes in rank order until one starts nothing, as a PMO works down a list: a project
    waiting for a prerequisite is tried again in the same pass if the prerequisite starts
    before its turn, else in the next. People and money only get scarcer as projects start, so
    only a waiter whose prerequisites have all started is tried again (every project after a
    start that freed money): a 10,000-long chain costs 10,000 tries, not 10,000 passes over
    every project.
    """
    plan = plan.copy()
    prerequisites: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        prerequisites.setdefault(dependant, []).append(prerequisite)
    rivals: dict[int, list[int]] = {}
    for first, second in problem.conflicts.tolist():
        rivals.setdefault(first, []).append(second)
        rivals.setdefault(second, []).append(first)
    valuable = (problem.score > 0) | (problem.gain.sum(axis=1) > 0) | problem.mtfs.any(axis=1)
    order = [
        int(i)
        for i in np.argsort(problem.rank, kind="stable")
        if valuable[i] and int(i) not in problem.locks
    ]
    limits = limits_of(problem)
    stop = int(Mode.STOP)
    group_of = problem.group_of()
    starts = [m for m in modes_of(problem) if m is not Mode.ACCELERATE]
    may = {mode: allowed(problem, mode) for mode in starts}
    fte, spend = plan_use(problem, plan)
    delay = delays(plan)
    waiting_on: dict[int, list[int]] = {}  # prerequisite -> positions of the waiters on it
    blocked: dict[int, int] = {}  # waiter's position -> prerequisites not yet started
    now: list[int] = list(range(len(order)))  # heaps of positions: this pass
    later: list[int] = []  # and the next
    started = freed = False
    while now or later:
        if not now:
            if not started:
                break
            if freed:
                fte, spend = plan_use(problem, plan)
                delay = delays(plan)
                later = list(range(len(order)))
            now, later, started, freed = later, [], False, False
            heapq.heapify(now)
        turn = heapq.heappop(now)
        while now and now[0] == turn:  # queued twice (by a start that freed money, say)
            heapq.heappop(now)
        i = order[turn]
        group = group_of.get(i, [i])  # a group starts whole or not at all
        if plan[i] != stop or any(plan[g] != stop or g in problem.locks for g in group):
            continue
        if any(plan[j] != stop or j in group for g in group for j in rivals.get(g, [])):
            continue
        needed = [j for g in group for j in prerequisites.get(g, []) if j not in group]
        waits = {j for j in needed if plan[j] == stop}
        if waits:
            blocked[turn] = len(waits)
            for j in waits:
                waiting_on.setdefault(j, []).append(turn)
            continue
        earliest = max((int(delay[j]) for j in needed), default=0)
        for mode in starts:
            if mode.delay < earliest or not may[mode][group].all():
                continue
            added = figures(problem, mode, np.array(group))
            new_fte = fte + problem.per_period(added.load).sum(axis=0)
            stopped = problem.money(problem.stop_cost[group], np.array(group))
            change = (added.money(problem) - stopped).sum(axis=0)
            new_spend = spend + change
            if fits(problem, new_fte, new_spend, limits):
                plan[group] = mode
                delay[group] = mode.delay
                fte, spend = new_fte, new_spend
                started = True
                if (change < 0).any():  # money freed: those after this turn may fit now
                    freed = True
                    for k in range(turn + 1, len(order)):
                        heapq.heappush(now, k)
                for g in group:
                    for waiter in waiting_on.pop(g, []):
                        blocked[waiter] -= 1
                        if not blocked[waiter]:
                            heapq.heappush(now if waiter > turn else later, waiter)
                break
    return plan


def drop_idle_accelerations(problem: Problem, plan: np.ndarray) -> np.ndarray:
    """Continue, rather than accelerate, where bringing benefits forward closes no more gap.

    Within the solver's tolerance an acceleration can be chosen that buys nothing: the years
    it brings money into are already closed. Extra people for nothing is not a plan a board
    would sign, so such projects continue instead, if the budget still fits.
    """
    plan = plan.copy()
    limits = limits_of(problem)
    pool_of = {int(i): pool for pool in problem.pools for i in pool.members}
    claims = claims_of(problem, plan)
    delivered = pooled_total(problem.pools, claims)
    short = shortfall_of(problem, delivered).sum()
    fte, spend = plan_use(problem, plan)
    for i in np.flatnonzero(plan == Mode.ACCELERATE):
        if int(i) in problem.locks:
            continue
        fast, slow = (
            figures(problem, mode, np.array([i])) for mode in (Mode.ACCELERATE, Mode.CONTINUE)
        )
        slower = slow.claims[0]
        if int(i) in pool_of:  # a pool's credit is not additive: count that pool again
            pool = pool_of[int(i)]
            trial = claims.copy()
            trial[i] = slower
            after = delivered - pool.yields(claims[pool.members]) + pool.yields(trial[pool.members])
        else:
            after = delivered - claims[i] + slower
        if shortfall_of(problem, after).sum() > short + TOLERANCE:
            continue  # bringing money forward closes more of the gap: keep it
        new_fte = fte - problem.per_period(fast.load)[0] + problem.per_period(slow.load)[0]
        new_spend = spend - fast.money(problem)[0] + slow.money(problem)[0]
        if fits(problem, new_fte, new_spend, limits):
            plan[i] = Mode.CONTINUE
            claims[i] = slower
            delivered, fte, spend = after, new_fte, new_spend
    return plan
