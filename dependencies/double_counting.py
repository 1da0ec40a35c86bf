"""Savings claimed twice: benefit pools, their caps, de-duplicated totals, and MTFS benefits."""

from __future__ import annotations

import pandas as pd

from dependencies.findings import Finding, FindingKind, FindingSeverity
from dependencies.graph import pools
from inputs.config import Config
from inputs.models import Register


def pool_claims(register: Register, config: Config) -> pd.DataFrame:
    """One row per (pool, year): claimed low/high, the cap, and the de-duplicated low/high.

    Rule `largest`: projects in one pool chase the same money, so the pool yields at most its
    largest single claim. Rule `sum_capped`: claims add up, but never beyond the pool's cap.
    Either way a configured cap also bounds the result.
    """
    settings = config.dependencies
    by_id = {p.id: p for p in register.projects}
    rows = []
    for pool, members in pools(register).items():
        cap = settings.pool_caps.get(pool, {})
        for year in config.years:
            lows = [by_id[m].benefits[year].low for m in members if year in by_id[m].benefits]
            highs = [by_id[m].benefits[year].high for m in members if year in by_id[m].benefits]
            limit = cap.get(year)
            rows.append(
                {
                    "pool": pool,
                    "year": year,
                    "projects": len(members),
                    "claimed_low": sum(lows),
                    "claimed_high": sum(highs),
                    "cap": limit,
                    "dedup_low": _dedup(lows, settings.overlap_rule, limit),
                    "dedup_high": _dedup(highs, settings.overlap_rule, limit),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "pool",
            "year",
            "projects",
            "claimed_low",
            "claimed_high",
            "cap",
            "dedup_low",
            "dedup_high",
        ],
    )


def _dedup(claims: list[float], rule: str, cap: float | None) -> float:
    total = max(claims, default=0.0) if rule == "largest" else sum(claims)
    return min(total, cap) if cap is not None else total


def portfolio_totals(register: Register, config: Config) -> pd.DataFrame:
    """Benefits per year: raw (every claim), new money only, and new money de-duplicated."""
    claims = pool_claims(register, config)
    rows = []
    for year in config.years:
        raw = [p.benefits[year] for p in register.projects if year in p.benefits]
        new = [
            p
            for p in register.projects
            if year in p.benefits and not p.in_mtfs and p.benefit_type != "income_recovery"
        ]
        pooled = [p for p in new if p.benefit_pool]
        in_year = claims[claims["year"] == year]
        rows.append(
            {
                "year": year,
                "raw_low": sum(b.low for b in raw),
                "raw_high": sum(b.high for b in raw),
                "new_low": sum(p.benefits[year].low for p in new),
                "new_high": sum(p.benefits[year].high for p in new),
                "dedup_low": sum(p.benefits[year].low for p in new if not p.benefit_pool)
                + _pooled_dedup(pooled, year, in_year, "low"),
                "dedup_high": sum(p.benefits[year].high for p in new if not p.benefit_pool)
                + _pooled_dedup(pooled, year, in_year, "high"),
                "gap": config.budget_gap[year],
            }
        )
    return pd.DataFrame(rows)


def _pooled_dedup(pooled: list, year: str, claims: pd.DataFrame, bound: str) -> float:
    """De-duplicated pool totals, scaled down where some of a pool's claims are not new money."""
    total = 0.0
    for pool, row in claims.set_index("pool").iterrows():
        new_claims = sum(getattr(p.benefits[year], bound) for p in pooled if p.benefit_pool == pool)
        claimed = row[f"claimed_{bound}"]
        if claimed > 0:
            total += row[f"dedup_{bound}"] * new_claims / claimed
    return total


def check_double_counting(register: Register, config: Config) -> list[Finding]:
    """Every pool claimed by two or more projects, with its claims against what it can yield."""
    claims = pool_claims(register, config)
    members = pools(register)
    findings = []
    for pool, table in claims.groupby("pool", sort=True):
        if len(members[pool]) < 2:
            continue
        over = table["claimed_high"] - table["dedup_high"]
        years = ", ".join(
            f"{r.year}: £{r.claimed_high:,.0f}k claimed vs £{r.dedup_high:,.0f}k"
            for r in table.itertuples()
            if r.claimed_high > 0
        )
        findings.append(
            Finding(
                kind=FindingKind.DOUBLE_COUNTING,
                severity=FindingSeverity.HIGH if over.sum() > 0 else FindingSeverity.MEDIUM,
                project_ids=tuple(members[pool]),
                message=f"{len(members[pool])} projects claim savings from pool '{pool}' "
                f"({', '.join(members[pool])}); up to £{over.sum():,.0f}k may be counted twice"
                + (f" ({years})" if years else ""),
                fix="agree which project owns the saving and split the claims, or set a cap "
                f"for '{pool}' under [dependencies.pool_caps]",
                data={"pool": pool, "double_counted_high": float(over.sum())},
            )
        )
    return findings


def check_not_new_money(register: Register, config: Config) -> list[Finding]:
    """Benefits already in the MTFS, or income recovery, do not close the gap."""
    findings = []
    for label, chosen, fix in (
        (
            "already in the MTFS",
            [p for p in register.projects if p.in_mtfs],
            "count them as protecting the baseline, not as new savings",
        ),
        (
            "income recovery (revenue already recognised)",
            [p for p in register.projects if p.benefit_type == "income_recovery"],
            "do not count them against the budget gap",
        ),
    ):
        if not chosen:
            continue
        high = sum(b.high for p in chosen for y, b in p.benefits.items() if y in config.years)
        findings.append(
            Finding(
                kind=FindingKind.NOT_NEW_MONEY,
                severity=FindingSeverity.INFO,
                project_ids=tuple(sorted(p.id for p in chosen)),
                message=f"{len(chosen)} projects' benefits (up to £{high:,.0f}k) are {label}, "
                "so they are not new money",
                fix=fix,
                data={"benefit_high": high},
            )
        )
    return findings
