"""Savings claimed twice: benefit pools, their caps, de-duplicated totals, and MTFS benefits.

The pool rule itself (what a pool yields, how the cut is shared) lives in `portfolio.pools`;
these checks only report it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dependencies.findings import Finding, FindingKind, FindingSeverity
from inputs.models import BenefitType
from portfolio import Portfolio
from portfolio.pools import pooled_total

POOL_COLUMNS = [
    "pool",
    "year",
    "projects",
    "claimed_low",
    "claimed_high",
    "cap",
    "dedup_low",
    "dedup_high",
]


def pool_claims(portfolio: Portfolio) -> pd.DataFrame:
    """One row per (pool, year): claimed low/high, the cap, and what the pool yields low/high."""
    rows = []
    for pool in portfolio.pools:
        low, high = portfolio.low[pool.members], portfolio.high[pool.members]
        kept_low, kept_high = pool.yields(low), pool.yields(high)
        for t, year in enumerate(portfolio.years):
            rows.append(
                {
                    "pool": pool.name,
                    "year": year,
                    "projects": len(pool.members),
                    "claimed_low": float(low[:, t].sum()),
                    "claimed_high": float(high[:, t].sum()),
                    "cap": None if np.isnan(pool.cap[t]) else float(pool.cap[t]),
                    "dedup_low": float(kept_low[t]),
                    "dedup_high": float(kept_high[t]),
                }
            )
    return pd.DataFrame(rows, columns=POOL_COLUMNS)


def portfolio_totals(portfolio: Portfolio) -> pd.DataFrame:
    """Benefits per year: raw (every claim), new money only, and new money with pools once."""
    new_low = pooled_total(portfolio.pools, portfolio.new_low)
    new_high = pooled_total(portfolio.pools, portfolio.new_high)
    return pd.DataFrame(
        {
            "year": list(portfolio.years),
            "raw_low": portfolio.low.sum(axis=0),
            "raw_high": portfolio.high.sum(axis=0),
            "new_low": portfolio.new_low.sum(axis=0),
            "new_high": portfolio.new_high.sum(axis=0),
            "dedup_low": new_low,
            "dedup_high": new_high,
            "gap": portfolio.gap,
        }
    )


def check_double_counting(portfolio: Portfolio) -> list[Finding]:
    """Every pool claimed by two or more projects, with its claims against what it can yield."""
    findings = []
    for pool in portfolio.pools:
        if len(pool.members) < 2:
            continue
        members = sorted(portfolio.ids[i] for i in pool.members)
        claimed = portfolio.high[pool.members].sum(axis=0)
        kept = pool.yields(portfolio.high[pool.members])
        over = float((claimed - kept).sum())
        years = ", ".join(
            f"{year}: £{claimed[t]:,.0f}k claimed vs £{kept[t]:,.0f}k"
            for t, year in enumerate(portfolio.years)
            if claimed[t] > 0
        )
        in_mtfs = sorted(portfolio.ids[i] for i in pool.members if portfolio.protected[i])
        mixed = (
            f"; {', '.join(in_mtfs)} {'is' if len(in_mtfs) == 1 else 'are'} already in the MTFS, "
            "so the others' claims may be money the budget already counts (the plan credits "
            "them only with what the pool yields beyond the MTFS savings)"
            if in_mtfs and len(in_mtfs) < len(members)
            else ""
        )
        findings.append(
            Finding(
                kind=FindingKind.DOUBLE_COUNTING,
                severity=FindingSeverity.HIGH if over > 0 or mixed else FindingSeverity.MEDIUM,
                project_ids=tuple(members),
                message=f"{len(members)} projects claim savings from pool '{pool.name}' "
                f"({', '.join(members)}); up to £{over:,.0f}k may be counted twice"
                + (f" ({years})" if years else "")
                + mixed,
                fix="agree which project owns the saving and split the claims, or set a cap "
                f"for '{pool.name}' under [dependencies.pool_caps]",
                data={"pool": pool.name, "double_counted_high": over},
            )
        )
    return findings


def check_not_new_money(portfolio: Portfolio) -> list[Finding]:
    """Benefits already in the MTFS, or income recovery, do not close the gap."""
    recovery = np.array([k is BenefitType.INCOME_RECOVERY for k in portfolio.benefit_types])
    findings = []
    for label, chosen, fix in (
        (
            "already in the MTFS",
            portfolio.in_mtfs,
            "they protect the budget: the plan counts stopping one as widening the gap by its "
            "benefits (mtfs_rule protect)"
            if portfolio.protected.any()
            else "count them as protecting the baseline, not as new savings",
        ),
        (
            "income recovery (revenue already recognised)",
            recovery,
            "do not count them against the budget gap",
        ),
    ):
        if not chosen.any():
            continue
        high = float(portfolio.high[chosen].sum())
        ids = tuple(sorted(portfolio.ids[i] for i in np.flatnonzero(chosen)))
        findings.append(
            Finding(
                kind=FindingKind.NOT_NEW_MONEY,
                severity=FindingSeverity.INFO,
                project_ids=ids,
                message=f"{len(ids)} projects' benefits (up to £{high:,.0f}k) are {label}, "
                "so they are not new money",
                fix=fix,
                data={"benefit_high": high},
            )
        )
    return findings
