"""The plan for a confidence level, and what that confidence costs against the expected plan.

`--confidence 0.8` asks for the plan of most value whose every year's gap is closed in at least
80 % of `CONFIDENCE_FUTURES` sampled futures (sample average approximation, `optimiser.chance`).
The futures are the risk engine's own kind (benefits within ranges, delivery, slippage and the
shared shocks, scaled to the delivery record) from a seed stream apart from the odds' draws, so
the odds then reported for the plan are out of sample. Where no plan reaches the confidence in a
year, the plan closes that year in as many futures as it can, and `reachable` says the most any
plan could (every project in, limits ignored). The chance model is solved as the large reset
is: its LP relaxation settles most decisions, the rest are solved exactly (a whole-model solve
made no progress in 60 s on the sample). Savings pools enter each future at their members'
average draw on time (their slippage is not drawn).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from inputs.decisions import Mode, with_resume
from inputs.errors import OptimiserError
from optimiser.chance import with_chance_rows
from optimiser.evaluate import chosen_figures, evaluate
from optimiser.fixing import solve_by_fixing
from optimiser.matrix import MatrixModel, column_name
from optimiser.model_benefits import counted_pools
from optimiser.options import allowed, figures, modes_of, start_of
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, plan_from
from portfolio import Portfolio
from risk.engine import (
    Futures,
    Odds,
    draw_futures,
    exposure_of,
    range_shares,
    simulate,
    sure_ranges,
)

CONFIDENCE_FUTURES = 100
"""Futures the confidence plan is solved over: each is a row per year over every column, and
100 resolve a share to about +-4 points at 80 % (binomial), in seconds on the sample."""


@dataclass(frozen=True)
class ConfidentPlan:
    """The plan closing each year's gap with at least `confidence` in the sampled futures."""

    confidence: float
    futures: int
    plan: np.ndarray  # one mode per project
    objective: float  # on the model's 0-100 scale (expected basis)
    price: float  # objective points given up against the expected-value plan
    benefit: np.ndarray  # years, expected £k against the gap
    in_sample: np.ndarray  # years: share of the sampled futures whose gap it closes
    reachable: np.ndarray  # years: share of them any plan could close (every project in)
    odds: Odds  # out of sample: the run's own draws
    changed: tuple[str, ...]  # projects decided otherwise than in the expected-value plan
    decided: tuple[str, ...]  # each project's decision in this plan: "pause, resume 2026/27"
    seconds: float

    @property
    def reached(self) -> bool:
        return bool((self.in_sample >= self.confidence - 1e-9).all())


def confident_plan(
    portfolio: Portfolio,
    problem: Problem,
    model: MatrixModel,
    result: OptimisationResult,
    confidence: float,
    options: SolverOptions,
    odds: Odds,
    register_futures: Futures,
) -> ConfidentPlan:
    """Solve the hard-limit model with the chance rows, starting from the expected plan.

    `odds` are the expected plan's (their delivery factor scales the sampled futures) and
    `register_futures` the ones they were drawn on, so the confidence plan's odds are judged
    in the same futures as the recommended plan's.

    Raises:
        OptimiserError: the solver found no plan in its time limit.
    """
    began = time.perf_counter()
    settings = portfolio.config.risk
    exposure = exposure_of(portfolio, result)
    futures = draw_futures(exposure, settings, CONFIDENCE_FUTURES, (settings.seed, 2))
    factor = odds.delivery_factor
    need = exposure.gap + exposure.mtfs_planned
    by_column, reach = _delivered_by_column(portfolio, problem, model, futures)
    delivered = factor * by_column
    chance = with_chance_rows(model, delivered, need, confidence, factor * reach)
    raw, _ = solve_by_fixing(chance, "highs", options.time_limit, options.gap_rel)
    if not raw.status.is_ok:
        raise OptimiserError(
            f"no plan for {confidence:.0%} confidence in {options.time_limit:g} s "
            f"(status {raw.status.value}). Fix: raise --time-limit or lower --confidence."
        )
    plan = plan_from(model, raw.x[: len(model.cost)])
    judged = evaluate(problem, plan)
    if judged.violations:
        raise OptimiserError(
            "internal check failed, the confidence plan breaks: " + "; ".join(judged.violations[:5])
        )
    closes = (delivered @ raw.x[: len(model.cost)]).reshape(-1, len(need)) >= need - 1e-6
    chosen = chosen_figures(problem, plan)
    sure_odds = simulate(
        exposure_of(portfolio, result, chosen=chosen), settings, result.years, register_futures
    )
    return ConfidentPlan(
        confidence=confidence,
        futures=CONFIDENCE_FUTURES,
        plan=plan,
        objective=judged.objective,
        price=result.objective - judged.objective,
        benefit=judged.gain,
        in_sample=closes.mean(axis=0),
        reachable=(factor * reach >= need - 1e-6).mean(axis=0),
        odds=sure_odds,
        changed=tuple(problem.ids[i] for i in np.flatnonzero(plan != result.plan)),
        decided=_decided(problem, plan),
        seconds=time.perf_counter() - began,
    )


def _decided(problem: Problem, plan: np.ndarray) -> tuple[str, ...]:
    """Each project's decision in words, a pause that resumes with its year."""
    start = start_of(problem)
    texts = []
    for i, code in enumerate(plan):
        mode = Mode(int(code))
        resumes = problem.years[start[i] + mode.delay] if mode.delay else None
        texts.append(with_resume(mode.decision(problem.stop_decision[i]).value, resumes))
    return tuple(texts)


def _delivered_by_column(
    portfolio: Portfolio, problem: Problem, model: MatrixModel, futures: Futures
) -> tuple[sp.csr_matrix, np.ndarray]:
    """(futures x years) x columns: what each mode column (and each pool's count) delivers in
    each future and year, before the delivery record's factor; and (futures x years) the most
    any plan could deliver (every project in its best mode, pools' members all counted)."""
    share_low, share_high = range_shares(portfolio)
    years, count = len(problem.years), len(futures.level)
    pooled = np.zeros(problem.size, dtype=bool)
    for k in counted_pools(problem):
        pooled[list(problem.pools[k].members)] = True
    free = np.flatnonzero(~pooled)
    rows, cols, values = [], [], []
    reach = np.zeros((count, problem.size, years))
    grid = np.arange(count)[:, None] * years + np.arange(years)[None, :]  # futures x years
    for mode in modes_of(problem):
        f = figures(problem, mode)
        low, expected, high = sure_ranges(
            f.low + f.mtfs * share_low[:, None],
            f.claims,
            f.high + f.mtfs * share_high[:, None],
            portfolio.confidence,
        )
        at = low[None] + futures.level[:, :, None] * (high - low)[None]  # futures x n x years
        late = np.zeros_like(at)
        late[:, :, 1:] = at[:, :, :-1]
        drawn = futures.on_time[:, :, None] * at + futures.late[:, :, None] * late
        reach = np.maximum(reach, drawn * allowed(problem, mode)[None, :, None])
        columns = model.variables[column_name(mode)][free]
        shape = (count, len(free), years)
        rows.append(np.broadcast_to(grid[:, None, :], shape).ravel())
        cols.append(np.broadcast_to(columns[None, :, None], shape).ravel())
        values.append(drawn[:, free, :].ravel())
        if mode is Mode.CONTINUE:
            ratio = _on_time_ratio(low, high, expected, futures)  # futures x n
            for position, k in enumerate(counted_pools(problem)):
                pool = model.variables["pool"].reshape(-1, years)[position]
                mean = ratio[:, list(problem.pools[k].members)].mean(axis=1)  # futures
                rows.append(grid.ravel())
                cols.append(np.tile(pool, count))
                values.append(np.repeat(mean, years))
    matrix = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=(count * years, len(model.cost)),
    )
    return matrix, reach.sum(axis=1)


def _on_time_ratio(
    low: np.ndarray, high: np.ndarray, expected: np.ndarray, futures: Futures
) -> np.ndarray:
    """futures x n: each project's drawn horizon total on time over its expected total."""
    total = expected.sum(axis=1)
    drawn = low.sum(axis=1)[None] + futures.level * (high - low).sum(axis=1)[None]
    ratio = np.divide(drawn, total[None], out=np.ones_like(drawn), where=total[None] > 0)
    return futures.on_time * ratio
