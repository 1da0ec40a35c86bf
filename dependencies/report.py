"""Every dependency check over one portfolio, gathered for the CLI, the reset and reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from dependencies.checks import (
    check_broken_prerequisites,
    check_clashes,
    check_critical_enablers,
    check_prerequisite_chains,
    check_together,
)
from dependencies.double_counting import (
    check_double_counting,
    check_not_new_money,
    pool_claims,
    portfolio_totals,
)
from dependencies.duplicates import check_duplicates
from dependencies.findings import Finding, FindingKind
from dependencies.graph import build_graph
from portfolio import Portfolio


@dataclass(frozen=True)
class DependencyReport:
    """The graph (with similarity edges), every finding, and raw vs de-duplicated benefits."""

    graph: nx.MultiDiGraph
    findings: tuple[Finding, ...]
    totals: pd.DataFrame
    pools: pd.DataFrame

    def counts(self) -> dict[str, int]:
        """Findings of each kind, one named together with others counted as all it stands for."""
        return {
            kind.value: sum(f.stands_for for f in self.findings if f.kind is kind)
            for kind in FindingKind
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "benefit_totals": self.totals.to_dict(orient="records"),
            "pools": self.pools.where(self.pools.notna(), None).to_dict(orient="records"),
        }


def check_portfolio(portfolio: Portfolio) -> DependencyReport:
    """Run every check, in a fixed order, so the same register always gives the same report."""
    settings = portfolio.config.dependencies
    graph = build_graph(portfolio)
    findings = [
        *check_prerequisite_chains(graph),
        *check_broken_prerequisites(graph),
        *check_clashes(graph),
        *check_together(graph),
        *check_double_counting(portfolio),
        *check_not_new_money(portfolio),
        *check_duplicates(
            portfolio,
            graph,
            settings.duplicate_threshold,
            settings.duplicate_neighbours,
            settings.duplicate_within_threshold,
        ),
        *check_critical_enablers(graph, settings.enabler_min_dependants, portfolio),
    ]
    return DependencyReport(
        graph, tuple(findings), portfolio_totals(portfolio), pool_claims(portfolio)
    )
