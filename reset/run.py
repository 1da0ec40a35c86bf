"""The whole reset in one call: prepare, decide, and the frontier and greedy baseline beside it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dependencies.report import DependencyReport
from inputs.config import Config
from inputs.models import Register
from optimiser.frontier import efficient_frontier, frontier_options
from optimiser.greedy import greedy_baseline
from optimiser.problem import Problem
from optimiser.result import Baseline, OptimisationResult
from optimiser.solve import SolverOptions, build_models
from parallel import Executor
from portfolio import Portfolio
from prioritise import ScoreResult
from reset.decide import Choices, build_choices_problem, check_choices, decide, solver_options
from reset.governance import Governance, route_decisions
from reset.prepare import Prepared, Progress, prepare, silent
from risk import CoreIndex, Odds, core_index, exposure_of, simulate
from risk.confident import ConfidentPlan, confident_plan

FRONTIER_TIME_SHARE = 0.05
"""Of the time limit, what each frontier point may take (3 s at the default 60 s): the
time-phased sample's hardest point (capacity halved) takes 9 s to reach 0.5 % and is reported
at the gap it reached (benchmarks/RESULTS.md)."""
FRONTIER_GAP = 0.01
FRONTIER_UP_TO = 10_000
"""Projects up to which the efficient frontier is solved unless asked otherwise: each point is a
further solve of the whole register (on the LP-and-fix path from `fix_from` projects)."""
CORE_UP_TO = 2_000
"""Projects up to which the core index is computed unless asked otherwise: `[risk] futures`
re-solves of the whole register (27 s for 200 on two cores at 570; benchmarks/RESULTS.md)."""


@dataclass(frozen=True)
class ResetRun:
    """Everything `prioritise run` reports, from one register and config."""

    prepared: Prepared
    choices: Choices
    problem: Problem  # the arrays the plan was solved on; what-ifs start from them
    result: OptimisationResult
    baseline: Baseline  # the greedy spreadsheet plan, judged by the same arithmetic
    frontier: pd.DataFrame | None
    options: SolverOptions
    governance: Governance  # the route each decision must take
    odds: Odds  # how likely the plan is to close the gap (the risk engine)
    core: CoreIndex | None  # each project's share of the good plans over sampled futures
    confident: ConfidentPlan | None = None  # the plan for a confidence level, when asked

    @property
    def portfolio(self) -> Portfolio:
        return self.prepared.portfolio

    @property
    def register(self) -> Register:
        return self.prepared.register

    @property
    def config(self) -> Config:
        return self.prepared.config

    @property
    def scores(self) -> ScoreResult:
        return self.prepared.scores

    @property
    def checks(self) -> DependencyReport:
        return self.prepared.checks


def run_reset(
    register: Register,
    config: Config,
    choices: Choices | None = None,
    options: SolverOptions | None = None,
    frontier: bool | None = None,
    baseline_plan: np.ndarray | None = None,
    progress: Progress = silent,
    prepared: Prepared | None = None,
    stability: bool | None = None,
    core: bool | None = None,
    executor: Executor | None = None,
    confidence: float | None = None,
) -> ResetRun:
    """Prepare (unless `prepared` is given: a what-if reuses its baseline's) and decide.

    `stability` asks for the Monte Carlo rank bands, `frontier` for the efficient frontier and
    `core` for the core index (its re-solves run on `executor`: every core here by default);
    None leaves each to the register's size. `confidence` asks for the plan that closes each
    year's gap with that chance (`risk.confident`) beside the recommended one.

    Raises:
        LockError: a choice names an unknown project, role or year (before any work).
        InfeasibleError, OptimiserError: see `optimise`.
    """
    choices = choices or Choices()
    check_choices(register, config, choices)
    options = options or solver_options(config, size=len(register.projects))
    prepared = prepared or prepare(register, config, stability=stability, progress=progress)
    problem = build_choices_problem(prepared, choices)
    models = build_models(problem)
    progress(f"Solving with {options.solver} (up to {options.time_limit:g} s)")
    result = decide(problem, options, models, baseline_plan)
    curve = None
    wanted = problem.size <= FRONTIER_UP_TO if frontier is None else frontier
    if wanted and config.optimiser.frontier:
        curve = efficient_frontier(
            problem,
            models,
            result,
            frontier_options(options, FRONTIER_TIME_SHARE, FRONTIER_GAP),
            config.optimiser.frontier,
            config.optimiser.frontier_of,
            progress,
        )
    robust = None
    if (problem.size <= CORE_UP_TO if core is None else core) and config.risk.futures:
        progress(f"Core index: re-solving the plan under {config.risk.futures} sampled futures")
        robust = core_index(prepared.portfolio, prepared.scores, problem, models.hard, executor)
    progress("Working out the chance of closing each year's gap")
    odds = simulate(
        exposure_of(prepared.portfolio, result), config.risk, result.years, prepared.futures
    )
    sure = None
    if confidence is not None:
        progress(f"Plan for {confidence:.0%} confidence of closing each year's gap")
        sure = confident_plan(
            prepared.portfolio,
            problem,
            models.hard,
            result,
            confidence,
            options,
            odds,
            prepared.futures,
        )
    return ResetRun(
        prepared=prepared,
        choices=choices,
        problem=problem,
        result=result,
        baseline=greedy_baseline(problem),
        frontier=curve,
        options=options,
        governance=route_decisions(prepared.portfolio, prepared.checks.graph, result),
        odds=odds,
        core=robust,
        confident=sure,
    )
