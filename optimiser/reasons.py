"""Why each project got its decision, in words a board member can read and as structured facts.

Stopped projects are explained by the first rule that holds: a lock, a stopped prerequisite, a
clash with a project that proceeds, then the limits it would break. For those, the shadow
prices of the LP relaxation give the score it would need to win its place at current prices.
A pause that resumes is explained in time: the limits (each role in each year) starting a year
earlier would break, and how much more of them would start it then.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from inputs.decisions import Action, Decision, Mode, delays
from optimiser.evaluate import PlanFigures
from optimiser.feasibility import forced_projects
from optimiser.limits import Limit, Use, fte_text, limits_of, uses
from optimiser.options import chosen as chosen_of
from optimiser.options import figures, start_of
from optimiser.problem import Problem
from optimiser.result import ChosenFigures, ProjectDecision
from portfolio.links import dependant_bitsets

TOLERANCE = 1e-6
NEEDED_BY_NAMED = 50
"""Proceeding projects that need a project, named in its reason's details (all are counted)."""


Prices = dict[str, np.ndarray]
"""Shadow prices from the LP relaxation, in objective points per FTE or per £k, by row family
(each limit's family, and `gap`)."""


def explain(
    problem: Problem,
    plan: np.ndarray,
    figures: PlanFigures,
    prices: Prices,
    chosen: ChosenFigures,
) -> list[ProjectDecision]:
    """A decision and its reason for every project, in rank order.

    A project's benefit is its figure under the plan, each savings pool counted once (what it
    would bring, as registered, when it does not proceed)."""
    forced = forced_projects(problem)
    proceeds = plan != Mode.STOP
    needs: dict[int, list[int]] = {}
    needed_by: dict[int, list[int]] = {}
    for dependant, prerequisite in problem.requires.tolist():
        needs.setdefault(dependant, []).append(prerequisite)
        needed_by.setdefault(prerequisite, []).append(dependant)
    rivals: dict[int, list[int]] = {}
    for first, second in problem.conflicts.tolist():
        rivals.setdefault(first, []).append(second)
        rivals.setdefault(second, []).append(first)
    total_score = problem.score.sum()
    point = 100 * problem.score_weight / total_score if total_score > 0 else 0.0
    fast = plan == Mode.ACCELERATE
    benefit = np.where(
        proceeds,
        (chosen.benefit + chosen.mtfs).sum(axis=1),
        (problem.gain + problem.mtfs).sum(axis=1),
    )
    delay = delays(plan)
    resumes = start_of(problem) + delay  # the year (index) a pause that ends resumes in
    context = _Context(
        problem,
        plan,
        proceeds,
        fast,
        figures,
        prices,
        limits_of(problem),
        forced,
        needs,
        needed_by,
        rivals,
        problem.group_of(),
        benefit,
        point,
        delay,
        resumes,
        chosen,
    )
    cost = np.where(proceeds, chosen.cost.sum(axis=1), problem.cost.sum(axis=1))
    fte = np.where(fast[:, None], problem.fte_acc, problem.fte).sum(axis=1)
    runs = np.where(proceeds[:, None], chosen.runs, problem.runs)
    years = problem.years
    decisions = []
    for i in np.argsort(problem.rank, kind="stable"):
        i = int(i)
        if delay[i]:
            decision, code, text, details = context.resumed(i)
        elif proceeds[i]:
            decision, code, text, details = context.proceeding(i)
        else:
            decision, code, text, details = context.stopped(i)
        first = bool(problem.business_case_first[i]) and not fast[i]
        running = np.flatnonzero(runs[i])
        decisions.append(
            ProjectDecision(
                id=problem.ids[i],
                name=problem.names[i],
                decision=decision,
                action=Action.of(decision, bool(problem.in_flight[i]), first),
                rank=int(problem.rank[i]),
                score=float(problem.score[i]),
                reason=text,
                reason_code=code,
                benefit_k=float(benefit[i]),
                cost_k=float(cost[i]),
                fte=float(fte[i]),
                details=details,
                start_year=years[running[0]] if len(running) else None,
                end_year=years[running[-1]] if len(running) else None,
                resume_year=years[resumes[i]] if delay[i] else None,
            )
        )
    return decisions


@dataclass(frozen=True)
class _Context:
    problem: Problem
    plan: np.ndarray
    proceeds: np.ndarray  # n bool (arrays, not Mode lookups, in the per-project loops)
    fast: np.ndarray  # n bool: accelerated
    figures: PlanFigures
    prices: Prices
    limits: tuple[Limit, ...]  # built once, not per project
    forced: dict[int, str]
    needs: dict[int, list[int]]
    needed_by: dict[int, list[int]]
    rivals: dict[int, list[int]]
    group_of: dict[int, list[int]]  # each grouped project's together group
    worth: np.ndarray  # n: expected £k (new money and MTFS savings), pools counted once
    point: float  # objective per score point
    delay: np.ndarray  # n: years each start moves on (a pause that resumes)
    resumes: np.ndarray  # n: the year (index) it resumes in, where it does
    chosen: ChosenFigures

    @cached_property
    def _needing(self) -> list[int]:
        """Per project, the proceeding projects that need it (directly or through others) as a
        bitset, found for every project in one pass (`dependant_bitsets`)."""
        return dependant_bitsets(self.problem.requires, self.problem.size, self.proceeds)

    def proceeding_users(self, i: int) -> np.ndarray:
        """Rows of the proceeding projects that need this one, directly or through others,
        best rank first."""
        n = self.problem.size
        mask = self._needing[i]
        if not mask:
            return np.zeros(0, dtype=int)
        raw = np.frombuffer(mask.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
        users = np.flatnonzero(np.unpackbits(raw, bitorder="little")[:n])
        return users[np.argsort(self.problem.rank[users], kind="stable")]

    def label(self, i: int) -> str:
        return f"{self.problem.ids[i]} ('{self.problem.names[i]}')"

    def proceeding(self, i: int) -> tuple[Decision, str, str, dict[str, Any]]:
        """Why it proceeds; for work initiated business case first, the case comes first."""
        decision, code, text, details = self.proceed_cause(i)
        p = self.problem
        if self.fast[i] or not p.business_case_first[i]:
            return decision, code, text, details
        years = p.years
        later = f"from {years[1]}" if len(years) > 1 else "after the horizon"
        lost = (
            f"; £{p.tail[i]:,.0f}k of its benefits fall after {years[-1]}"
            if p.tail[i] > TOLERANCE
            else ""
        )
        case = p.cost[i, 0]
        head = (
            "Business case first: a new complex or costly project without a business case may "
            f"not start delivery at once, so the plan funds its business case in {years[0]} "
            f"(£{case:,.0f}k) and its delivery, costs and benefits {later}{lost}. "
        )
        return decision, code, head + text, details | {"business_case_first": True}

    def proceed_cause(self, i: int) -> tuple[Decision, str, str, dict[str, Any]]:
        p = self.problem
        users = self.proceeding_users(i).tolist()
        details: dict[str, Any] = {
            "needed_by": [p.ids[d] for d in users[:NEEDED_BY_NAMED]],
            "needed_by_count": len(users),
        }
        needed = ""
        if users:
            worth = float(self.worth[users].sum())
            needed = (
                f"; needed by {len(users)} "
                + ("projects that proceed " if len(users) > 1 else "project that proceeds ")
                + f"({', '.join(p.ids[d] for d in users[:5])}{' ...' if len(users) > 5 else ''})"
                + (f", with £{worth:,.0f}k of expected benefits" if worth > TOLERANCE else "")
            )
            details["enables_k"] = worth
        together = [j for j in self.group_of.get(i, []) if j != i]
        if together:
            needed += f"; goes together with {', '.join(p.ids[j] for j in together[:5])}" + (
                " ..." if len(together) > 5 else ""
            )
            details["together_with"] = [p.ids[j] for j in together]
        under = figures(p, Mode(int(self.plan[i])), np.array([i]))
        gain, kept = under.gain[0], under.mtfs[0].sum()
        money = f", closing about £{gain.sum():,.0f}k of the gap" if gain.sum() > 0 else ""
        if kept > TOLERANCE:
            money += f", keeping £{kept:,.0f}k of savings the MTFS already assumes"
        if self.fast[i]:
            decision = Decision.ACCELERATE
            moved = p.gain_acc[i] + p.mtfs_acc[i] - p.gain[i] - p.mtfs[i]
            early = [
                p.years[t]
                for t in range(len(p.years))
                if (moved[t] > TOLERANCE and self.figures.shortfall[t] > TOLERANCE)
                or (moved[t] > TOLERANCE and p.gap[t] > 0)
            ]
            extra = p.fte_acc[i].sum() - p.fte[i].sum()
            code = "locked" if i in p.locks else "accelerated"
            text = (
                f"Accelerated: brings about £{moved.clip(0).sum():,.0f}k of savings forward into "
                f"{', '.join(early) or 'earlier years'}, where the gap is hardest to close, for "
                f"{fte_text(extra)} more FTE{needed}"
            )
            if i in p.locks:
                text = f"Locked to accelerate in this scenario. {text}"
            details |= {"brought_forward_k": float(moved.clip(0).sum()), "extra_fte": float(extra)}
            return decision, code, text, details
        if p.mandatory[i]:
            return (
                Decision.CONTINUE,
                "mandatory",
                "Mandatory (statutory duty, business continuity or cyber): always proceeds"
                + needed,
                details,
            )
        if i in p.locks:
            return (
                Decision.CONTINUE,
                "locked",
                f"Locked to {p.locks[i]} in this scenario{money}{needed}",
                details,
            )
        if i in self.forced:
            return Decision.CONTINUE, "needed", f"Continues: {self.forced[i]}{money}", details
        verb = "Continues" if p.in_flight[i] else "Initiated"
        text = (
            f"{verb}: rank {p.rank[i]} (score {p.score[i]:.1f}) and fits within capacity "
            f"and budget{money}{needed}"
        )
        if users:
            return Decision.CONTINUE, "needed", text, details
        return Decision.CONTINUE, "priority", text, details

    def stopped(self, i: int) -> tuple[Decision, str, str, dict[str, Any]]:
        """The cause, then what stopping it costs in MTFS savings (the gap widens by them)."""
        decision, code, text, details = self.stop_cause(i)
        lost = self.problem.mtfs_budgeted[i]
        if lost.sum() <= TOLERANCE:
            return decision, code, text, details
        years = int((lost > TOLERANCE).sum())
        verb = "pausing" if decision is Decision.PAUSE else "terminating"
        text += (
            f"; {verb} it removes £{lost.sum() / years:,.0f}k a year (£{lost.sum():,.0f}k over "
            f"{years} year{'s' if years > 1 else ''}) already assumed in the MTFS: the gap widens "
            "by that"
        )
        return decision, code, text, details | {"mtfs_at_risk_k": float(lost.sum())}

    def stop_cause(self, i: int) -> tuple[Decision, str, str, dict[str, Any]]:
        p = self.problem
        decision = p.stop_decision[i]
        lifted = p.priority is not None and p.priority[i] > p.score[i] + TOLERANCE
        worth = (
            f"score {p.score[i]:.1f}, ranked with the work that needs it at {p.priority[i]:.1f}"
            if lifted and p.priority is not None
            else f"score {p.score[i]:.1f}"
        )
        if decision is Decision.PAUSE:
            head = (
                f"Paused (worthwhile: {worth}, at or above the pause "
                f"threshold {p.pause_min_score:.1f})"
            )
        else:
            head = (
                f"Terminated (nice to have: {worth}, below the pause "
                f"threshold {p.pause_min_score:.1f})"
            )
        if i in p.locks:
            return decision, "locked", f"Locked to {p.locks[i]} in this scenario", {}
        group = self.group_of.get(i, [i])
        held = [j for j in group if j in p.locks and p.locks[j].forces_stop and j != i]
        if held:
            names = ", ".join(f"{self.label(j)}, locked to {p.locks[j]}" for j in held)
            return (
                decision,
                "together",
                f"{head}: it goes together with {names} in this scenario",
                {"together_with": [p.ids[j] for j in held]},
            )
        together = [j for j in group if j != i]
        if together:
            names = ", ".join(p.ids[j] for j in together[:5]) + (
                " ..." if len(together) > 5 else ""
            )
            head += f"; it goes together with {names}, which do not proceed either"
        stopped_needs = [
            j
            for g in group
            for j in self.needs.get(g, [])
            if not self.proceeds[j] and j not in group
        ]
        if stopped_needs:
            names = ", ".join(
                f"{self.label(j)} is {p.stop_decision[j].value}d" for j in stopped_needs
            )
            return (
                decision,
                "prerequisite",
                f"{head}: its prerequisite {names}",
                {"blocked_by": [p.ids[j] for j in stopped_needs]},
            )
        winners = [j for g in group for j in self.rivals.get(g, []) if self.proceeds[j]]
        if winners:
            names = ", ".join(f"{self.label(j)} (score {p.score[j]:.1f})" for j in winners)
            return (
                decision,
                "conflict",
                f"{head}: conflicts with {names}, which proceeds",
                {"conflicts_with": [p.ids[j] for j in winners]},
            )
        return self.squeezed(i, decision, head, group)

    def squeezed(
        self, i: int, decision: Decision, head: str, group: list[int]
    ) -> tuple[Decision, str, str, dict[str, Any]]:
        p = self.problem
        parts, binding = self.binding(self.shortfalls(group))
        details: dict[str, Any] = {"binding": binding}
        if not parts:
            if p.score[i] <= 0 and p.gain[i].sum() + p.mtfs[i].sum() <= 0:
                return (
                    decision,
                    "no_value",
                    f"{head}: it adds no score or gap-closing value",
                    details,
                )
            return (
                decision,
                "outranked",
                f"{head}: the plan gets more value from other work with the same people and money",
                details,
            )
        needed_score = self.score_needed(i)
        threshold = ""
        if needed_score is not None and needed_score > p.score[i] + TOLERANCE:
            threshold = (
                f" or, at current shadow prices, a score above {needed_score:.0f}"
                if needed_score <= 100
                else " (no score on 0-100 would win it a place at current prices)"
            )
            details["score_needed"] = float(needed_score)
        limits = ", ".join(b["limit"] for b in binding)
        return (
            decision,
            "squeezed",
            f"{head}: squeezed out by {limits}; would proceed with "
            f"{' and '.join(parts)}{threshold}",
            details,
        )

    def binding(self, found: tuple[Use, ...]) -> tuple[list[str], list[dict[str, Any]]]:
        """Each limit a change would break: what more of it would let the change fit ('+1.5
        FTE of ict in 2025/26'), and as facts (the limit, by how much, its shadow price)."""
        parts: list[str] = []
        binding: list[dict[str, Any]] = []
        for use in found:
            limit = use.limit
            for k in np.flatnonzero(use.excess > TOLERANCE).tolist():
                more = float(use.excess[k])
                parts.append(limit.more_of(k, more))
                binding.append(
                    {
                        "limit": limit.where(k),
                        "short_by": more,
                        "shadow_price": float(self.prices[limit.family][k]),
                    }
                )
        return parts, binding

    def shortfalls(self, rows: list[int], mode: Mode = Mode.CONTINUE) -> tuple[Use, ...]:
        """Every limit's use if the projects (one, or a together group) ran in `mode` instead
        of their mode in the plan, external FTE bought where allowed."""
        p, plan_figures = self.problem, self.figures
        now = chosen_of(p, self.plan[rows], rows)
        then = figures(p, mode, np.array(rows))
        fte = plan_figures.fte_used + p.per_period(then.load - now.load).sum(axis=0)
        spend = plan_figures.own_spend + (then.money(p) - now.money(p)).sum(axis=0)
        return uses(p, fte, spend, self.limits)

    def resumed(self, i: int) -> tuple[Decision, str, str, dict[str, Any]]:
        """Paused now and resumed later: what holds it back a year earlier, and what would not."""
        p = self.problem
        d = int(self.delay[i])
        year = p.years[self.resumes[i]]
        details: dict[str, Any] = {"resume_year": year}
        head = f"Paused until {year}"
        group = self.group_of.get(i, [i])
        later = [
            j for g in group for j in self.needs.get(g, []) if j not in group and self.delay[j] >= d
        ]
        if i in p.locks:
            text, code = f"{head}: locked to {p.locks[i]} in this scenario", "locked"
        elif later:
            names = ", ".join(
                f"{self.label(j)} resumes in {p.years[self.resumes[j]]}" for j in later
            )
            text, code = f"{head}: its prerequisite {names}", "prerequisite"
            details["blocked_by"] = [p.ids[j] for j in later]
        else:
            sooner = Mode.later(d - 1) if d > 1 else Mode.CONTINUE
            parts, binding = self.binding(self.shortfalls(group, sooner))
            details["binding"] = binding
            if binding:
                full = ", ".join(b["limit"] for b in binding)
                text = (
                    f"{head}: a year earlier it would not fit ({full}); "
                    f"{' and '.join(parts)} would start it a year earlier"
                )
                code = "resumes"
            else:
                text = (
                    f"{head}: a year earlier the plan would get less value from the same "
                    "people and money"
                )
                code = "resumes_outranked"
        together = [j for j in group if j != i]
        if together:
            text += f"; resumes with {', '.join(p.ids[j] for j in together[:5])}"
        tail = float(self.chosen.tail[i])
        if tail > TOLERANCE:
            text += f"; £{tail:,.0f}k of its benefits fall after {p.years[-1]}"
            details["tail_k"] = tail
        risk = float(self.chosen.mtfs_at_risk[i].clip(0).sum())
        if risk > TOLERANCE:
            text += (
                f"; £{risk:,.0f}k of savings the MTFS assumes come later: the gap widens by that"
            )
            details["mtfs_at_risk_k"] = risk
        return Decision.PAUSE, code, text, details

    def score_needed(self, i: int) -> float | None:
        """The score at which the project's value covers the LP price of what it uses."""
        p = self.problem
        if self.point <= 0:
            return None
        price = sum(float(self.prices[limit.family] @ limit.direct[i]) for limit in self.limits)
        gap_value = float(self.prices["gap"] @ (p.gain[i] + p.mtfs[i]))
        return max(price - gap_value, 0.0) / self.point
