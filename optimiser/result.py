"""The plain result the optimiser hands back: no solver object ever leaves the package."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from inputs.decisions import Action, Decision, with_resume
from optimiser.solvers import SolveStatus


def coverage_of(benefit: np.ndarray, gap: np.ndarray) -> np.ndarray:
    """Share of each year's gap a (net) benefit closes, within 0-1; 1 where there is no gap
    and nothing is lost."""
    share = np.where(gap > 0, benefit / np.where(gap > 0, gap, 1), np.where(benefit < 0, 0, 1))
    return np.clip(share, 0.0, 1.0)


def closed_of(gap: np.ndarray, benefit: np.ndarray, at_risk: np.ndarray) -> np.ndarray:
    """£k of each year's gap a plan closes: its new money net of the MTFS savings it puts at
    risk, at most the gap (reserves and contingency come after the gap)."""
    return np.minimum(gap, benefit - at_risk)


@dataclass(frozen=True)
class ProjectDecision:
    """One project's decision and why, in plain English and as structured facts."""

    id: str
    name: str
    decision: Decision
    action: Action  # the decision as a board member says it (initiate, business case first)
    rank: int
    score: float
    reason: str
    reason_code: str
    benefit_k: float  # expected £k of gap it closes over the horizon (what it would, if stopped)
    cost_k: float  # £k investment over the horizon under its decision (as planned, if stopped)
    fte: float  # FTE it needs under its decision (as planned, if stopped)
    details: dict[str, Any] = field(default_factory=dict)
    start_year: str | None = None  # first year it runs under its decision (None: not in it)
    end_year: str | None = None  # last year it runs under its decision
    resume_year: str | None = None  # a pause that resumes: the year it resumes

    @property
    def action_text(self) -> str:
        """The action as the Board reads it: 'pause, resume 2026/27' for a pause that ends."""
        return with_resume(self.action.value, self.resume_year)

    @property
    def decided(self) -> str:
        """The decision with the year a pause ends: 'pause, resume 2026/27', 'continue'."""
        return with_resume(self.decision.value, self.resume_year)


@dataclass(frozen=True)
class ChosenFigures:
    """Each project's figures under the plan's decision, register order (zero when stopped).

    Benefits count every savings pool once, its cut shared pro rata among the members, so the
    rows of a year add up to the plan's total for that year.
    """

    mode: np.ndarray  # n Mode values
    mtfs: np.ndarray  # n x years, £k of MTFS savings kept under the decision
    mtfs_at_risk: np.ndarray  # n x years, £k of budgeted MTFS savings not kept (negative: early)
    benefit: np.ndarray  # n x years, expected £k closing the gap
    benefit_low: np.ndarray  # n x years, new-money £k
    benefit_high: np.ndarray  # n x years
    cost: np.ndarray  # n x years, £k investment
    stop_cost: np.ndarray  # n x years, £k to pause (restart) or terminate (exit)
    fte: np.ndarray  # n x roles x years
    freed_fte: np.ndarray  # n x roles x years: what paused or ended in-flight work no longer uses
    freed_cost: np.ndarray  # n x years: its planned investment, net of what it still costs
    tail: np.ndarray  # n, expected £k its decision pushes past the horizon
    runs: np.ndarray  # n x years bool: the years it runs under its decision


@dataclass(frozen=True)
class Baseline:
    """The spreadsheet plan a PMO would make, judged by the optimiser's own arithmetic."""

    method: str
    objective: float
    gap_closed: float  # £k over the horizon


@dataclass(frozen=True)
class LimitUse:
    """How much of one limit the plan uses, and what one more unit of it is worth."""

    kind: str  # capacity, budget, external_budget, gap
    name: str  # role or year
    used: float
    limit: float
    shadow_price: float  # objective points (0-100 scale) per FTE or £k, from the LP relaxation

    @property
    def slack(self) -> float:
        return self.limit - self.used

    @property
    def binding(self) -> bool:
        return self.slack <= 1e-6 * max(1.0, abs(self.limit)) or self.shadow_price > 1e-9


@dataclass(frozen=True)
class OptimisationResult:
    """The decision for every project plus the portfolio's figures, per year and per role."""

    status: SolveStatus
    solver: str
    objective: float
    bound: float
    seconds: float
    decisions: tuple[ProjectDecision, ...]  # in rank order
    years: tuple[str, ...]
    roles: tuple[str, ...]
    gap: np.ndarray  # years, £k
    reserves: np.ndarray  # years, £k of reserves to rebuild on top of the gap
    contingency: np.ndarray  # years, £k planned beyond the gap
    benefit: np.ndarray  # years, expected new money (£k) closing the gap
    benefit_low: np.ndarray  # years, on the same basis (benefit lies inside low-high)
    benefit_high: np.ndarray  # years
    mtfs_at_risk: np.ndarray  # years, £k of MTFS savings lost (negative: brought forward)
    shortfall: np.ndarray  # years: gap + reserves + contingency + MTFS at risk - benefit, >= 0
    capacity: np.ndarray  # roles x years
    fte_demand: np.ndarray  # roles x years: every project proceeding as registered
    fte_used: np.ndarray  # roles x years
    fte_freed: np.ndarray  # roles x years: from in-flight projects paused or terminated
    external: np.ndarray  # roles x years: FTE bought
    budget: np.ndarray  # years
    spend: np.ndarray  # years
    limits: tuple[LimitUse, ...]
    plan: np.ndarray  # per project in register order: its Mode
    chosen: ChosenFigures
    score_weight: float  # the objective's balance the plan was solved with
    pause_min_score: float  # score from which a stopped project is paused, not terminated
    warnings: tuple[str, ...] = ()

    @property
    def gap_rel(self) -> float:
        """Relative distance from the best possible objective (0 = proven optimal)."""
        return max(0.0, self.bound - self.objective) / max(abs(self.objective), 1e-9)

    @property
    def size(self) -> int:
        return len(self.decisions)

    @property
    def gap_closed(self) -> float:
        """£k of the whole horizon's gap the plan closes."""
        return float(closed_of(self.gap, self.benefit, self.mtfs_at_risk).sum())

    def counts(self) -> dict[Decision, int]:
        return {d: sum(p.decision is d for p in self.decisions) for d in Decision}

    def by_id(self) -> dict[str, ProjectDecision]:
        return {p.id: p for p in self.decisions}

    def coverage(self, benefit: np.ndarray | None = None) -> np.ndarray:
        """Share of each year's gap closed by expected benefits (or by `benefit`, e.g. low),
        net of the MTFS savings the plan puts at risk."""
        return coverage_of(
            (self.benefit if benefit is None else benefit) - self.mtfs_at_risk, self.gap
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per project in rank order: id, name, decision, rank, score and reason."""
        return pd.DataFrame(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "decision": p.decision.value,
                    "action": p.action.value,
                    "rank": p.rank,
                    "score": p.score,
                    "reason": p.reason,
                    "reason_code": p.reason_code,
                    "benefit_k": p.benefit_k,
                    "cost_k": p.cost_k,
                    "fte": p.fte,
                }
                for p in self.decisions
            ]
        )
