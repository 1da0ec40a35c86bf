"""Savings pools counted once: the one owner of the rule every figure and check applies.

Projects that claim savings from one budget line (a benefit pool) chase the same money. Under
rule `largest` a pool yields, each year, at most its largest single claim; under `sum_capped` the
claims add up. Either way a configured cap bounds what the pool yields. Where the pool yields
less than its members claim, the cut is shared among them in proportion to their claims, so
per-project figures always add up to the pooled total.
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


def counted_once(
    pools: Sequence[Pool], claims: np.ndarray, basis: np.ndarray | None = None
) -> np.ndarray:
    """Each project's claims (n x years) with every pool counted once, the cut pro rata.

    With `basis` (the expected claims of which `claims` are a low or high), each pool's cut is
    the one its expected claims take, so every project's figure keeps its place in its range.
    """
    counted = np.array(claims, dtype=float)
    shares = np.asarray(claims if basis is None else basis, dtype=float)
    for pool in pools:
        part = shares[pool.members]
        raw = part.sum(axis=0)
        ratio = np.divide(pool.yields(part), raw, out=np.ones_like(raw), where=raw > 0)
        counted[pool.members] = counted[pool.members] * ratio
    return counted


def pooled_total(pools: Sequence[Pool], claims: np.ndarray) -> np.ndarray:
    """The portfolio's total per year with every pool counted once (`counted_once` summed)."""
    total = np.asarray(claims, dtype=float).sum(axis=0)
    for pool in pools:
        part = claims[pool.members]
        total = total - part.sum(axis=0) + pool.yields(part)
    return total
