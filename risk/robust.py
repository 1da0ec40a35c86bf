"""Which decisions are robust: the core index of each project over sampled futures.

As in Robust Portfolio Modelling (Liesiö, Mild and Salo, 2007), a project's figures are not
points but ranges, and the weights are judgements: a project in the best plan under every
plausible reading of both is *core*, one in none is *exterior*, the rest *borderline*. Here a
reading is a sampled future: each project's benefits at one place in its low-high range
(Beta-PERT, sharing programme and council-wide shocks, as the risk engine draws them) and the
criteria weights from a Dirichlet around the given ones (as the rank-stability bands draw
them), the scores recomputed. Each future's good plan is found by re-solving the recommended
plan's own model with that future's coefficients (`optimiser.scenarios`): the LP relaxation
settles most decisions and the rest are solved to `futures_gap` (on the sample the plans fall
about 1 % below their futures' LP bounds). The core index is the share of those good plans a
project proceeds in (paused work that resumes counts: it is in the plan).

Whether a chosen project then delivers, or slips, is the odds' question (`risk.engine`), not
this one: a plan cannot choose with hindsight of which projects will fail.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from inputs.decisions import Mode
from inputs.risk_settings import RiskSettings
from inputs.settings import CRITERIA
from optimiser.matrix import MatrixModel
from optimiser.options import figures, modes_of
from optimiser.problem import Problem
from optimiser.scenarios import Scenario, ScenarioBase, scenario_base, solve_scenarios
from parallel import Executor, LocalExecutor
from portfolio import Portfolio
from prioritise import ScoreResult
from prioritise.criteria import criteria_scores
from risk.engine import (
    correlated_places,
    programmes,
    quantile_table,
    range_point,
    range_shares,
    tabulated,
)

FUTURE_SECONDS = 20.0
"""Time limit of one future's re-solve (0.2 s on the sample; a bound, not a target)."""
PROCESSES_FROM = 200
"""Projects from which the re-solves run in processes by default: below, one process is quicker
(a future of a 6-project register solves in milliseconds; starting workers takes seconds)."""
CHUNKS_PER_WORKER = 2
"""Futures are sent to each worker in this many batches (the model travels once a batch)."""


class Robustness(StrEnum):
    CORE = "core"  # in every good plan
    BORDERLINE = "borderline"  # in some
    EXTERIOR = "exterior"  # in none


@dataclass(frozen=True)
class CoreIndex:
    """Each project's share of the futures' good plans it is in, and its label."""

    share: np.ndarray  # n, register order
    futures: int  # futures solved (an unsolved one counts for nothing)
    unsolved: int
    seconds: float
    where: str  # the executor that ran the re-solves
    below_bound: float  # the good plans' mean distance below their futures' LP bounds
    seed: int

    @property
    def labels(self) -> tuple[Robustness, ...]:
        return tuple(label_of(float(s)) for s in self.share)

    def counts(self) -> dict[Robustness, int]:
        labels = self.labels
        return {kind: labels.count(kind) for kind in Robustness}


def label_of(share: float) -> Robustness:
    if share >= 1.0:
        return Robustness.CORE
    return Robustness.EXTERIOR if share <= 0.0 else Robustness.BORDERLINE


def sample_scenarios(
    portfolio: Portfolio, scores: ScoreResult, problem: Problem, settings: RiskSettings
) -> list[Scenario]:
    """`settings.futures` futures: benefits within their ranges and drawn weights, seeded and
    drawn in id order (so the file's row order changes nothing)."""
    count, n = settings.futures, problem.size
    rng = np.random.default_rng((settings.seed, 1))  # a stream apart from the odds' draws
    order = np.argsort(np.array(portfolio.ids, dtype=object), kind="stable")
    programme = programmes(portfolio)
    place = np.empty((count, n))
    place[:, order] = correlated_places(rng, count, programme[order], settings)
    low, mode, high = portfolio.expected_low, portfolio.expected, portfolio.expected_high
    table = quantile_table(settings.distribution, range_point(low, mode, high))
    level = tabulated(table, place)  # futures x n, in 0-1 of each range
    share_low, share_high = range_shares(portfolio)
    by_mode = {m: _ranges(problem, m, share_low, share_high) for m in modes_of(problem)}
    benefit = low.sum(axis=1) + level * (high - low).sum(axis=1)
    score = _drawn_scores(portfolio, scores, benefit, rng)
    return [
        Scenario(
            claims={m: lo + level[k][:, None] * width for m, (lo, width) in by_mode.items()},
            score=score[k],
        )
        for k in range(count)
    ]


def _ranges(
    problem: Problem, mode: Mode, share_low: np.ndarray, share_high: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A mode's claims at the bottom of each range, and the range's width (n x years): new
    money's own range, and MTFS savings' project's range around their figure."""
    f = figures(problem, mode)
    low = f.low + f.mtfs * share_low[:, None]
    high = f.high + f.mtfs * share_high[:, None]
    return low, np.maximum(high - low, 0.0)


def _drawn_scores(
    portfolio: Portfolio, scores: ScoreResult, benefit: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """futures x n: the total scores under Dirichlet weights around the given ones, with the
    value and capacity criteria recomputed from each future's benefits."""
    settings = portfolio.config.stability
    base = scores.weights.as_array()
    alpha = np.maximum(base * settings.weight_concentration, 1e-3)
    weights = np.where(base > 0, rng.dirichlet(alpha, len(benefit)), 0.0)
    weights /= weights.sum(axis=1, keepdims=True)
    criteria = criteria_scores(portfolio, benefit)
    return np.asarray(
        sum(
            weights[:, [c]] * np.broadcast_to(criteria[name], benefit.shape)
            for c, name in enumerate(CRITERIA)
        )
    )


def core_index(
    portfolio: Portfolio,
    scores: ScoreResult,
    problem: Problem,
    model: MatrixModel,
    executor: Executor | None = None,
) -> CoreIndex:
    """Re-solve the plan's model (hard limits) under the config's sampled futures.

    Raises:
        ValueError: `[risk] futures` is 0 (`run_reset` then computes no core index).
    """
    settings, n = portfolio.config.risk, problem.size
    if not settings.futures:
        raise ValueError("[risk] futures is 0: there are no futures to re-solve")
    executor = executor or LocalExecutor(1 if n < PROCESSES_FROM else 0)
    began = time.perf_counter()
    scenarios = sample_scenarios(portfolio, scores, problem, settings)
    base = scenario_base(problem, model)
    batches = max(1, min(len(scenarios), executor.workers * CHUNKS_PER_WORKER))
    parts = [part for part in np.array_split(np.arange(len(scenarios)), batches) if len(part)]
    sent = [([scenarios[k] for k in part], settings.futures_gap) for part in parts]
    results = executor.map(_solve_batch, base, sent)
    plans = np.concatenate([plan for plan, _ in results])
    below = np.concatenate([gap for _, gap in results])
    solved = ~np.isnan(below)
    share = (plans[solved] != int(Mode.STOP)).mean(axis=0) if solved.any() else np.zeros(n)
    return CoreIndex(
        share=share,
        futures=int(solved.sum()),
        unsolved=int((~solved).sum()),
        seconds=time.perf_counter() - began,
        where=executor.where,
        below_bound=float(below[solved].mean()) if solved.any() else float("nan"),
        seed=settings.seed,
    )


def _solve_batch(
    base: ScenarioBase, batch: tuple[list[Scenario], float]
) -> tuple[np.ndarray, np.ndarray]:
    scenarios, gap = batch
    return solve_scenarios(base, scenarios, gap, FUTURE_SECONDS)
