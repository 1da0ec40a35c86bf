"""Prepare: the portfolio of numbers, its scores and its dependency checks, computed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from dependencies.report import DependencyReport, check_portfolio
from inputs.config import Config
from inputs.models import Register
from portfolio import Portfolio, build_portfolio
from prioritise import ScoreResult, score_portfolio
from risk.engine import Futures, register_futures

Progress = Callable[[str], None]


def silent(message: str) -> None:
    """No progress report."""


@dataclass(frozen=True)
class Prepared:
    """What every decision on one register and config starts from; locks and limits change
    none of it, so what-ifs reuse it."""

    portfolio: Portfolio
    scores: ScoreResult
    checks: DependencyReport

    @property
    def register(self) -> Register:
        return self.portfolio.register

    @cached_property
    def futures(self) -> Futures:
        """The odds' futures of this register, drawn on first use: the recommended plan and
        every what-if on it are judged in the same futures."""
        return register_futures(self.portfolio)

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a worker process without the futures (tens of MB; drawn again there)."""
        return {k: v for k, v in self.__dict__.items() if k != "futures"}

    @property
    def config(self) -> Config:
        return self.portfolio.config

    def score_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each project's total score, rank and priority (the total it ranks by), register
        order."""
        by_id = self.scores.by_id()
        ids = self.portfolio.ids
        return (
            np.array([by_id[i].total for i in ids], dtype=float),
            np.array([by_id[i].rank for i in ids], dtype=int),
            np.array([by_id[i].priority for i in ids], dtype=float),
        )


STABILITY_UP_TO = 5_000
"""Projects up to which rank stability is computed unless asked otherwise: its draws grow with
the register (1,000 x projects x years), and no decision depends on them."""


def prepare(
    register: Register,
    config: Config,
    *,
    stability: bool | None = None,
    progress: Progress = silent,
) -> Prepared:
    """Build the portfolio, score it and run every check.

    `stability` asks for the Monte Carlo rank bands; None computes them up to
    `STABILITY_UP_TO` projects.
    """
    portfolio = build_portfolio(register, config)
    bands = portfolio.size <= STABILITY_UP_TO if stability is None else stability
    progress(f"Scoring {portfolio.size} projects" + (" with rank stability" if bands else ""))
    scores = score_portfolio(portfolio, stability=bands)
    progress("Checking dependencies, clashes and double counting")
    return Prepared(portfolio, scores, check_portfolio(portfolio))
