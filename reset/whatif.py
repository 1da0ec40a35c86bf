"""What if: lock some decisions, add people or money, re-optimise and compare with the baseline.

Every changed decision is labelled with its cause: the scenario's own lock, a knock-on through
a prerequisite or a clash, or the re-optimisation that fills what the change freed or took.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from inputs.config import Config
from inputs.decisions import AnyLock
from inputs.errors import LockError, OptimiserError
from inputs.models import Register
from inputs.scenarios import Scenario
from optimiser.solve import SolverOptions
from parallel import Executor, LocalExecutor
from reset.causes import Moves, causes
from reset.decide import Choices, check_choices
from reset.prepare import Prepared, Progress, prepare, silent
from reset.run import ResetRun, run_reset


@dataclass(frozen=True)
class Comparison:
    """One scenario against the baseline: per year, per role, and every changed project."""

    scenario: Scenario
    baseline: ResetRun
    run: ResetRun
    years: pd.DataFrame
    roles: pd.DataFrame
    changes: pd.DataFrame

    @property
    def objective_change(self) -> float:
        return self.run.result.objective - self.baseline.result.objective

    def already(self) -> list[str]:
        """Projects the scenario locks to what the recommended plan already decides."""
        before = self.baseline.result.by_id()
        same = []
        asked: dict[str, AnyLock] = dict(self.scenario.locks)
        problem = self.run.problem
        asked |= {i: problem.locks[problem.index()[i]] for i in self.scenario.resume}
        for project_id, lock in asked.items():
            old = before.get(project_id)
            if old is not None and lock.met_by(old.decision, old.resume_year):
                same.append(
                    f"{project_id} is already {old.decided} in the recommended plan"
                    if old.resume_year
                    else f"{project_id} is already {old.decision.past} in the recommended plan"
                )
        return same

    def dependants_hit(self) -> list[str]:
        """Projects stopped because something they need was stopped."""
        hit = self.changes[self.changes["cause"].str.startswith("knock-on")]
        return hit["id"].tolist()

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario": self.scenario.name,
            "changes_asked": self.scenario.describe(),
            "objective_baseline": self.baseline.result.objective,
            "objective_scenario": self.run.result.objective,
            "objective_change": self.objective_change,
            "status": self.run.result.status.value,
            "optimality_gap": self.run.result.gap_rel,
            "years": self.years.to_dict(orient="records"),
            "roles": self.roles.to_dict(orient="records"),
            "changed_projects": self.changes.to_dict(orient="records"),
            "dependants_hit": self.dependants_hit(),
            "already_so": self.already(),
        }


def scenario_choices(config: Config, scenario: Scenario) -> Choices:
    """The scenario's locks (over the config's own) and its changes to capacity and budget."""
    return Choices(
        locks={**config.optimiser.locks, **scenario.locks},
        capacity=dict(scenario.capacity),
        budget=dict(scenario.budget),
        resume=dict(scenario.resume),
    )


def run_scenarios(
    register: Register,
    config: Config,
    scenarios: list[Scenario],
    options: SolverOptions,
    progress: Progress = silent,
    baseline: ResetRun | None = None,
    executor: Executor | None = None,
) -> list[Comparison]:
    """Each scenario re-optimised and compared with the recommended plan, solved once; the
    scenarios run on `executor` (in this process by default), each a re-solve from the
    baseline's prepared portfolio.

    Every scenario's choices are checked against the register and config before anything is
    solved, so a mistyped id, role or year is refused at once.

    Raises:
        LockError: a scenario names an unknown project, role or year, or two decisions for one.
        InfeasibleError, OptimiserError: a scenario cannot be planned; says why.
    """
    _check(register, config, scenarios)
    prepared = baseline.prepared if baseline else prepare(register, config, progress=progress)
    if baseline is None:
        progress("Baseline: the recommended plan")
        baseline = run_reset(
            register,
            config,
            options=options,
            frontier=False,
            progress=progress,
            prepared=prepared,
            core=False,
        )
    for scenario in scenarios:
        progress(f"Scenario '{scenario.name}': {scenario.describe()}")
    runs = (executor or LocalExecutor(1)).map(
        _scenario_run, (register, config, options, baseline, prepared), scenarios
    )
    return [compare_runs(baseline, changed, s) for changed, s in zip(runs, scenarios, strict=True)]


def _check(register: Register, config: Config, scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        scenario.check_locks()
        try:
            check_choices(register, config, scenario_choices(config, scenario))
        except LockError as error:
            raise LockError(f"scenario '{scenario.name}': {error}") from error


def _scenario_run(
    shared: tuple[Register, Config, SolverOptions, ResetRun, Prepared],
    scenario: Scenario,
    progress: Progress = silent,
) -> ResetRun:
    """One scenario re-optimised from the baseline's plan (a task for any executor)."""
    register, config, options, baseline, prepared = shared
    try:
        return run_reset(
            register,
            config,
            scenario_choices(config, scenario),
            options=options,
            frontier=False,
            baseline_plan=baseline.result.plan,
            prepared=prepared,
            core=False,
            progress=progress,
        )
    except OptimiserError as error:
        raise type(error)(f"scenario '{scenario.name}': {error}") from error


def run_scenario(
    register: Register,
    config: Config,
    scenario: Scenario,
    options: SolverOptions,
    baseline: ResetRun | None = None,
    progress: Progress = silent,
) -> Comparison:
    """One scenario against the baseline (solved here with the same settings, unless given),
    in this process, telling `progress` each stage."""
    if baseline is None:
        return run_scenarios(register, config, [scenario], options, progress)[0]
    _check(register, config, [scenario])
    shared = (register, config, options, baseline, baseline.prepared)
    changed = _scenario_run(shared, scenario, progress)
    progress("Comparing with the recommended plan")
    return compare_runs(baseline, changed, scenario)


def compare_runs(baseline: ResetRun, changed: ResetRun, scenario: Scenario) -> Comparison:
    """Per-year benefits, coverage and the chance of closing the gap, FTE per role and year, and
    every project whose decision changed."""
    base, new = baseline.result, changed.result
    years = pd.DataFrame(
        {
            "year": list(base.years),
            "gap_k": base.gap,
            "benefit_baseline_k": base.benefit,
            "benefit_scenario_k": new.benefit,
            "benefit_change_k": new.benefit - base.benefit,
            "coverage_baseline": base.coverage(),
            "coverage_scenario": new.coverage(),
            "low_scenario_k": new.benefit_low,
            "high_scenario_k": new.benefit_high,
            "mtfs_at_risk_baseline_k": np.maximum(base.mtfs_at_risk, 0.0),
            "mtfs_at_risk_scenario_k": np.maximum(new.mtfs_at_risk, 0.0),
            "mtfs_kept_change_k": base.mtfs_at_risk - new.mtfs_at_risk,
            "p_closed_baseline": baseline.odds.p_closed,
            "p_closed_scenario": changed.odds.p_closed,
            "p_closed_change": changed.odds.p_closed - baseline.odds.p_closed,
        }
    )
    each = len(base.years)
    roles = pd.DataFrame(
        {
            "role": np.repeat(list(base.roles), each),
            "year": list(base.years) * len(base.roles),
            "capacity_baseline": base.capacity.ravel(),
            "capacity_scenario": new.capacity.ravel(),
            "used_baseline": base.fte_used.ravel(),
            "used_scenario": new.fte_used.ravel(),
            "freed_baseline": base.fte_freed.ravel(),
            "freed_scenario": new.fte_freed.ravel(),
            "external_scenario": new.external.ravel(),
            "fte_change": (new.fte_used - base.fte_used).ravel(),
        }
    )
    return Comparison(
        scenario, baseline, changed, years, roles, _changes(baseline, changed, scenario)
    )


def _changes(baseline: ResetRun, changed: ResetRun, scenario: Scenario) -> pd.DataFrame:
    before = baseline.result.by_id()
    problem = changed.problem
    index = problem.index()
    moved = [d for d in changed.result.decisions if before[d.id].decided != d.decided]
    moves = Moves(
        problem=problem,
        plan=changed.result.plan,
        before=baseline.result.plan,
        words=tuple(changed.result.by_id()[i].decision.value for i in problem.ids),
        locked={*scenario.locks, *scenario.resume},
        added=changed.problem.capacity - baseline.problem.capacity,
    )
    why = causes(moves, [index[d.id] for d in moved])
    rows = [
        {
            "id": decision.id,
            "name": decision.name,
            "rank": decision.rank,
            "score": round(decision.score, 2),
            "baseline_decision": before[decision.id].decided,
            "scenario_decision": decision.decided,
            "cause": why[index[decision.id]],
            "reason": decision.reason,
        }
        for decision in moved
    ]
    columns = [
        "id",
        "name",
        "rank",
        "score",
        "baseline_decision",
        "scenario_decision",
        "cause",
        "reason",
    ]
    return pd.DataFrame(rows, columns=columns)


def compare_scenarios(comparisons: list[Comparison]) -> pd.DataFrame:
    """Scenarios side by side: objective, coverage per year, FTE used, projects changed."""
    rows = []
    if comparisons:
        base = comparisons[0].baseline.result
        row: dict[str, object] = {
            "scenario": "baseline",
            "changes_asked": "",
            "objective": base.objective,
        }
        row |= {f"coverage_{y}": c for y, c in zip(base.years, base.coverage(), strict=True)}
        row |= {"fte_used": float(base.fte_used.sum()), "projects_changed": 0}
        rows.append(row)
    for comparison in comparisons:
        result = comparison.run.result
        row = {
            "scenario": comparison.scenario.name,
            "changes_asked": comparison.scenario.describe(),
            "objective": result.objective,
        }
        row |= {f"coverage_{y}": c for y, c in zip(result.years, result.coverage(), strict=True)}
        row |= {
            "fte_used": float(result.fte_used.sum()),
            "projects_changed": len(comparison.changes),
        }
        rows.append(row)
    return pd.DataFrame(rows)
