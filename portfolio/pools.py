"""Savings pools counted once: the one owner of the rule every figure and check applies.

Projects that claim savings from one budget line (a benefit pool) chase the same money. Under
rule `largest` a pool yields, each year, at most its largest single claim; under `sum_capped` the
claims add up. Either way a configured cap bounds what the pool yields. Where the pool yields
less than its members claim, the cut is shared among them in proportion to their claims, so
per-project figures always add up to the pooled total. A claim on savings the MTFS already
counts is senior: the budget holds that money, so new claims on the same pool are credited only
with what it yields beyond it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

OverlapRule = Literal["largest", "sum_capped"]


@dataclass(frozen=True)
class Pool:
    """Projects (row indices) claiming savings from one budget line, and what it can yield."""

    name: str
    members: np.ndarray  # int row indices, in id order
    cap: np.ndarray  # per year, £k; nan where no cap
    rule: OverlapRule

    @property
    def needs_own_count(self) -> bool:
        """Whether counting it once changes anything: shared under `largest`, or capped."""
        return (self.rule == "largest" and len(self.members) > 1) or not bool(
            np.isnan(self.cap).all()
        )

    def yields(self, claims: np.ndarray) -> np.ndarray:
        """What the pool yields per year from its members' claims (members x years)."""
        kept = claims.max(axis=0, initial=0.0) if self.rule == "largest" else claims.sum(axis=0)
        return np.where(np.isnan(self.cap), kept, np.minimum(kept, self.cap))


def new_money_once(
    pools: Sequence[Pool],
    new: np.ndarray,
    senior: np.ndarray | None = None,
    basis: np.ndarray | None = None,
) -> np.ndarray:
    """Each project's new-money claims (n x years) with every pool counted once, where
    `senior` claims (MTFS savings the budget already counts) take the pool's money first: a
    new claim is credited only with what the pool yields beyond them, cut pro rata.

    With `basis` (the expected new claims of which `new` is a low or high) the cut is the one
    the expected claims take, so every project's figure keeps its place in its range.
    """
    counted = np.array(new, dtype=float)
    shares = np.asarray(new if basis is None else basis, dtype=float)
    senior = np.zeros_like(counted) if senior is None else senior
    for pool in pools:
        part = shares[pool.members]
        claimed = part.sum(axis=0)
        held = senior[pool.members].sum(axis=0)
        left = np.maximum(pool.yields(part + senior[pool.members]) - held, 0.0)
        ratio = np.divide(left, claimed, out=np.ones_like(claimed), where=claimed > 0)
        counted[pool.members] = counted[pool.members] * np.minimum(ratio, 1.0)
    return counted


def pooled_total(pools: Sequence[Pool], claims: np.ndarray) -> np.ndarray:
    """The portfolio's total per year with every pool counted once."""
    total = np.asarray(claims, dtype=float).sum(axis=0)
    for pool in pools:
        part = claims[pool.members]
        total = total - part.sum(axis=0) + pool.yields(part)
    return total
