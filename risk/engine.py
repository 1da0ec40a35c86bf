"""Monte Carlo of a plan's delivery: seeded, vectorised, one draw per simulated future.

In each draw every proceeding project's benefits land somewhere in its low-high range (Beta-PERT
with its mode at the range point, or uniform), it delivers at all with the confidence of its
evidence stage, and it may slip a year (its year-t benefits land in t + 1, the last year's past
the horizon). A project's place in its range is drawn once per future through a Gaussian copula
with a council-wide and a programme shock, so good and bad years come together as they do in a
council. The draws are then scaled so their mean delivered share is the council's delivery
record: the expected figure the Board sees times the record is what the draws deliver on
average.

The figures drawn are the plan's own (`ChosenFigures`: pools counted once, on the expected
basis) divided by each project's stage confidence, since delivering at all is drawn here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import special, stats

from inputs.risk_settings import RiskSettings
from optimiser.result import ChosenFigures, OptimisationResult
from portfolio import Portfolio

GRID = 4097
"""Points of the tabulated PERT quantile function, interpolated (10,000 x 570 draws in ms)."""


@dataclass(frozen=True)
class Exposure:
    """What a plan stakes, per proceeding project and year, on the expected basis."""

    low: np.ndarray  # n x years, £k (new money and MTFS savings kept)
    expected: np.ndarray  # n x years
    high: np.ndarray  # n x years
    confidence: np.ndarray  # n: chance it delivers at all
    slip: np.ndarray  # n: chance its benefits slip a year
    programme: np.ndarray  # n int: programme label (a shared shock)
    gap: np.ndarray  # years, £k
    mtfs_planned: np.ndarray  # years, £k the budget already relies on


@dataclass(frozen=True)
class Odds:
    """What the Board reads: the chance of closing the gap and the contingency for a
    confidence, from `draws` seeded futures."""

    years: tuple[str, ...]
    gap: np.ndarray  # years
    closed: np.ndarray  # draws x years: £k of the gap closed in each future (may be < 0)
    mean: np.ndarray  # years: the mean closed
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    p_closed: np.ndarray  # years: chance the year's gap is closed
    p_every_year: float  # every year's gap closed in the same future
    p_horizon: float  # the horizon's gap closed in total
    p_ninety: float  # at least 90 % of the horizon's gap closed
    confidence: float
    contingency: np.ndarray  # years: £k more to find to close the year with `confidence`
    delivery_factor: float  # the scaling that matches the delivery record
    draws: int
    seed: int


def exposure_of(
    portfolio: Portfolio, result: OptimisationResult, chosen: ChosenFigures | None = None
) -> Exposure:
    """The plan's chosen figures (or, given `chosen`, another plan's against the same gap) as
    the engine reads them; an MTFS saving's range is its project's (expected-basis) low-high
    range around its expected figure."""
    chosen = chosen or result.chosen
    share_low, share_high = range_shares(portfolio)
    return Exposure(
        low=chosen.benefit_low + chosen.mtfs * share_low[:, None],
        expected=chosen.benefit + chosen.mtfs,
        high=chosen.benefit_high + chosen.mtfs * share_high[:, None],
        confidence=portfolio.confidence,
        slip=slips(portfolio),
        programme=programmes(portfolio),
        gap=result.gap,
        mtfs_planned=chosen.mtfs_at_risk.sum(axis=0) + chosen.mtfs.sum(axis=0),
    )


def range_shares(portfolio: Portfolio) -> tuple[np.ndarray, np.ndarray]:
    """Each project's low and high over the horizon as shares of its expected figure (1 where
    it has none): the range an MTFS saving, which has only its figure, is read within."""
    total = portfolio.expected.sum(axis=1)
    low, high = portfolio.expected_low.sum(axis=1), portfolio.expected_high.sum(axis=1)
    ones = np.ones_like(total)
    return (
        np.divide(low, total, out=ones.copy(), where=total > 0),
        np.divide(high, total, out=ones.copy(), where=total > 0),
    )


@dataclass(frozen=True)
class Futures:
    """Seeded futures of every project (draws x n): where its benefits land in their range
    (0-1), and whether it delivers on time or a year late (1.0) or not at all."""

    level: np.ndarray
    on_time: np.ndarray
    late: np.ndarray

    def delivered(self, low: np.ndarray, width: np.ndarray) -> np.ndarray:
        """draws x years: what projects with these ranges (n x years, £k, before the
        delivery record's factor) deliver in each future."""
        on_time, late, level = self.on_time, self.late, self.level
        return (
            on_time @ low + (on_time * level) @ width + _later(late @ low + (late * level) @ width)
        )


def draw_futures(exposure: Exposure, settings: RiskSettings, draws: int, seed: object) -> Futures:
    """`draws` futures of a plan's projects from `seed`, its own figures setting the range
    point."""
    low, mode, high = sure_ranges(
        exposure.low, exposure.expected, exposure.high, exposure.confidence
    )
    return _draw(
        exposure.confidence,
        exposure.slip,
        exposure.programme,
        range_point(low, mode, high),
        settings,
        draws,
        seed,
    )


def register_futures(portfolio: Portfolio) -> Futures:
    """The odds' futures of every project of a register, for every plan of it: the range point
    is the register's, so the futures do not depend on the plan. The recommended plan and each
    what-if are then judged in the same futures (common random numbers: a change in the chance
    of closing is the plan's, not the draw's), and a what-if draws nothing."""
    settings = portfolio.config.risk
    low, mode, high = sure_ranges(
        portfolio.expected_low, portfolio.expected, portfolio.expected_high, portfolio.confidence
    )
    return _draw(
        portfolio.confidence,
        slips(portfolio),
        programmes(portfolio),
        range_point(low, mode, high),
        settings,
        settings.draws,
        settings.seed,
    )


def _draw(
    confidence: np.ndarray,
    slip: np.ndarray,
    programme: np.ndarray,
    point: float,
    settings: RiskSettings,
    draws: int,
    seed: object,
) -> Futures:
    """Places through the copula, then delivery, then slippage, in that order from `seed`."""
    rng = np.random.default_rng(seed)  # type: ignore[arg-type]
    n = len(confidence)
    place = correlated_places(rng, draws, programme, settings)  # draws x n, in 0-1
    level = tabulated(quantile_table(settings.distribution, point), place)
    delivers = rng.random((draws, n)) < confidence
    slips_now = rng.random((draws, n)) < slip
    return Futures(
        level, (delivers & ~slips_now).astype(float), (delivers & slips_now).astype(float)
    )


def slips(portfolio: Portfolio) -> np.ndarray:
    """n: each project's chance of slipping a year, by its evidence stage."""
    return np.array([portfolio.config.risk.slip[stage] for stage in portfolio.stages])


def programmes(portfolio: Portfolio) -> np.ndarray:
    """n int: each project's programme as a label index (sorted names), for the shared shock."""
    labels = {name: k for k, name in enumerate(sorted(set(portfolio.programme_labels)))}
    return np.array([labels[p] for p in portfolio.programme_labels], dtype=int)


def sure_ranges(
    low: np.ndarray, expected: np.ndarray, high: np.ndarray, confidence: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Low, expected and high (n x years) if the project delivers at all: the expected basis
    divided by its confidence, since delivering at all is drawn."""
    sure = np.where(confidence > 0, confidence, 1.0)[:, None]
    low, mode, high = (a / sure for a in (low, expected, high))
    return np.minimum(low, mode), mode, np.maximum(high, mode)


def simulate(
    exposure: Exposure,
    settings: RiskSettings,
    years: tuple[str, ...],
    futures: Futures | None = None,
) -> Odds:
    """The plan's odds over `settings.draws` seeded futures: the register's (`register_futures`)
    when given, else drawn for this plan."""
    futures = futures or draw_futures(exposure, settings, settings.draws, settings.seed)
    low, _, high = sure_ranges(exposure.low, exposure.expected, exposure.high, exposure.confidence)
    delivered = futures.delivered(low, high - low)
    planned = exposure.expected.sum()
    drawn = delivered.sum(axis=1).mean()
    factor = settings.delivery_record * planned / drawn if drawn > 0 else 1.0
    closed = factor * delivered - exposure.mtfs_planned
    gap = exposure.gap
    p10, p50, p90 = np.percentile(closed, [10, 50, 90], axis=0)
    short = np.quantile(closed, 1 - settings.confidence, axis=0)
    return Odds(
        years=years,
        gap=gap,
        closed=closed,
        mean=closed.mean(axis=0),
        p10=p10,
        p50=p50,
        p90=p90,
        p_closed=(closed >= gap - 1e-9).mean(axis=0),
        p_every_year=float((closed >= gap - 1e-9).all(axis=1).mean()),
        p_horizon=float((closed.sum(axis=1) >= gap.sum() - 1e-9).mean()),
        p_ninety=float((np.minimum(closed, gap).sum(axis=1) >= 0.9 * gap.sum() - 1e-9).mean()),
        confidence=settings.confidence,
        contingency=np.maximum(gap - short, 0.0),
        delivery_factor=float(factor),
        draws=settings.draws,
        seed=settings.seed,
    )


def tabulated(table: np.ndarray, place: np.ndarray) -> np.ndarray:
    """The tabulated quantile function at `place` (0-1), linearly between its even grid points
    (the index is arithmetic, not a search: `np.interp` takes 0.5 s at 10,000 x 570)."""
    at = place * (len(table) - 1)
    below = np.minimum(at.astype(np.intp), len(table) - 2)
    return table[below] + (at - below) * (table[below + 1] - table[below])


def _later(amounts: np.ndarray) -> np.ndarray:
    """Each year's amount a year later (draws x years); the last year's falls past the
    horizon."""
    moved = np.zeros_like(amounts)
    moved[:, 1:] = amounts[:, :-1]
    return moved


def correlated_places(
    rng: np.random.Generator, draws: int, programme: np.ndarray, settings: RiskSettings
) -> np.ndarray:
    """Each project's place in its range in each future (draws x n, uniform in 0-1), sharing a
    council-wide and a programme shock (a Gaussian copula)."""
    council, own = settings.council_correlation, settings.programme_correlation
    shocks = rng.standard_normal((draws, int(programme.max(initial=0)) + 1))
    z = (
        np.sqrt(council) * rng.standard_normal((draws, 1))
        + np.sqrt(own) * shocks[:, programme]
        + np.sqrt(1.0 - council - own) * rng.standard_normal((draws, len(programme)))
    )
    return special.ndtr(z)


def range_point(low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> float:
    """Where the expected figures sit in their ranges, over the whole plan (the register's
    range point, as `[scoring] range_point` places them)."""
    width = (high - low).sum()
    return float(np.clip((mode - low).sum() / width, 0.0, 1.0)) if width > 0 else 0.5


@cache
def quantile_table(distribution: str, point: float) -> np.ndarray:
    """The standard (0-1) quantile function tabulated on `GRID` points: Beta-PERT with its
    mode at `point`, or uniform."""
    grid = np.linspace(0.0, 1.0, GRID)
    if distribution == "uniform":
        return grid
    alpha, beta = 1 + 4 * point, 1 + 4 * (1 - point)
    return stats.beta.ppf(grid, alpha, beta)
