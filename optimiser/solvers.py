"""CBC (through PuLP) and HiGHS (through highspy's array API) behind one plain interface.

Both report "optimal" when a time limit stopped them (solver-notes.md), so the status here
comes from whether the bound was proven, and the bound and gap are reported explicitly.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from inputs.errors import OptimiserError
from optimiser.matrix import MatrixModel


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"  # proven within the requested relative gap
    FEASIBLE = "feasible"  # a plan, but the time limit stopped the proof
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"  # no plan found
    GREEDY = "greedy"  # no solver plan in the time limit: the greedy plan stands in

    @property
    def is_ok(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


@dataclass(frozen=True)
class RawSolution:
    status: SolveStatus
    x: np.ndarray
    objective: float
    bound: float  # best proven upper bound
    seconds: float
    row_duals: np.ndarray | None = None  # only for LP relaxations
    reduced_costs: np.ndarray | None = None  # only for LP relaxations


def solve_model(
    model: MatrixModel,
    solver: str = "cbc",
    time_limit: float = 60.0,
    gap_rel: float = 0.0,
    relax: bool = False,
    start: dict[int, float] | None = None,
) -> RawSolution:
    """Solve the model (or its LP relaxation, which gives shadow prices).

    `start` gives values for some columns (the integer ones) as a first plan to improve on.

    Raises:
        OptimiserError: the solver's library or program is missing or cannot run here.
    """
    solve = {"highs": _solve_highs, "cbc": _solve_cbc}.get(solver)
    if solve is None:
        raise ValueError(f"unknown solver '{solver}': use cbc or highs")
    try:
        return solve(model, time_limit, gap_rel, relax, start)
    except (ImportError, OSError, _solver_failure()) as error:
        other = "highs" if solver == "cbc" else "cbc"
        raise OptimiserError(
            f"the {solver} solver cannot run here ({type(error).__name__}: {error}). Fix: "
            f"reinstall prioritise (pip install --force-reinstall portfolio-reset), or use "
            f"--solver {other}"
        ) from error


def _solver_failure() -> type[Exception]:
    """PuLP's error for a CBC program that is missing or dies; ImportError where PuLP is."""
    try:
        from pulp import PulpSolverError
    except ImportError:
        return ImportError
    return PulpSolverError


def _solve_highs(
    model: MatrixModel,
    time_limit: float,
    gap_rel: float,
    relax: bool,
    start: dict[int, float] | None,
) -> RawSolution:
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(model.cost), len(model.row_lower)
    lp.col_cost_ = model.cost
    lp.col_lower_, lp.col_upper_ = model.col_lower, model.col_upper
    lp.row_lower_, lp.row_upper_ = model.row_lower, model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = model.matrix.indptr
    lp.a_matrix_.index_ = model.matrix.indices
    lp.a_matrix_.value_ = model.matrix.data
    if not relax:
        kinds = {True: highspy.HighsVarType.kInteger, False: highspy.HighsVarType.kContinuous}
        lp.integrality_ = [kinds[bool(k)] for k in model.integer]
    with _banner_hidden():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", float(gap_rel))
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 0)
    if len(model.cost) >= FOURIER_MOTZKIN_OFF_FROM:
        # HiGHS 1.16's Fourier-Motzkin presolve rule runs for many minutes on 50,000 projects
        # and ignores the time limit; on small models it helps (benchmarks/RESULTS.md).
        highs.setOptionValue("presolve_rule_off", FOURIER_MOTZKIN)
    if relax and len(model.cost) >= INTERIOR_POINT_FROM:
        # The time-phased LP at 50,000 projects (276,000 columns, 40 dense capacity rows):
        # dual simplex 231 s, interior point with crossover 52 s (benchmarks/RESULTS.md);
        # crossover keeps a basic solution, so duals and reduced costs are as simplex's.
        highs.setOptionValue("solver", "ipm")
        highs.setOptionValue("run_crossover", "on")
    began = time.perf_counter()
    highs.passModel(lp)
    if start and not relax:
        columns = np.fromiter(start, dtype=np.int32, count=len(start))
        highs.setSolution(len(columns), columns, np.array(list(start.values()), dtype=float))
    highs.run()
    seconds = time.perf_counter() - began
    status = highs.getModelStatus()
    info = highs.getInfo()
    solution = highs.getSolution()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if status == highspy.HighsModelStatus.kInfeasible:
        outcome = SolveStatus.INFEASIBLE
    elif status == highspy.HighsModelStatus.kOptimal:
        outcome = SolveStatus.OPTIMAL
    else:
        outcome = SolveStatus.FEASIBLE if has_plan else SolveStatus.UNKNOWN
    objective = float(info.objective_function_value)
    bound = (
        objective
        if relax or (outcome is SolveStatus.OPTIMAL and gap_rel == 0)
        else float(info.mip_dual_bound)
    )
    x = np.array(solution.col_value) if has_plan else np.zeros(len(model.cost))
    duals = np.array(solution.row_dual) if relax and has_plan else None
    reduced = np.array(solution.col_dual) if relax and has_plan else None
    return RawSolution(outcome, x, objective, bound, seconds, duals, reduced)


FOURIER_MOTZKIN = 1 << 22
FOURIER_MOTZKIN_OFF_FROM = 20_000  # columns
INTERIOR_POINT_FROM = 150_000  # columns of an LP relaxation solved by interior point

_BOUND = re.compile(r"^(?:Upper|Lower) bound:\s*(-?[\d.eE+-]+)", re.MULTILINE)


def _solve_cbc(
    model: MatrixModel,
    time_limit: float,
    gap_rel: float,
    relax: bool,
    start: dict[int, float] | None,
) -> RawSolution:
    import pulp

    problem = pulp.LpProblem("reset", pulp.LpMaximize)
    variables = [_add_variable(problem, pulp, j, model, relax) for j in range(len(model.cost))]
    problem += pulp.LpAffineExpression(
        [(variables[j], float(model.cost[j])) for j in np.flatnonzero(model.cost)]
    )
    matrix = model.matrix
    constraints = []
    for r in range(matrix.shape[0]):
        first, last = matrix.indptr[r], matrix.indptr[r + 1]
        terms = [
            (variables[j], float(v))
            for j, v in zip(matrix.indices[first:last], matrix.data[first:last], strict=True)
        ]
        lower, upper = model.row_lower[r], model.row_upper[r]
        if lower == upper:
            sense, rhs = pulp.LpConstraintEQ, upper
        elif np.isfinite(upper):
            sense, rhs = pulp.LpConstraintLE, upper
        else:
            sense, rhs = pulp.LpConstraintGE, lower
        constraint = pulp.LpConstraint(
            pulp.LpAffineExpression(terms), sense=sense, rhs=float(rhs), name=f"r{r}"
        )
        problem += constraint
        constraints.append(constraint)
        if np.isfinite(lower) and np.isfinite(upper) and lower != upper and lower > -1e30:
            problem += pulp.LpConstraint(
                pulp.LpAffineExpression(terms),
                sense=pulp.LpConstraintGE,
                rhs=float(lower),
                name=f"r{r}_lo",
            )
    for column, value in (start or {}).items():
        variables[column].setInitialValue(value)
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "cbc.log"
        # No `threads` option: CBC 2.10 with `threads 1` sometimes leaves its one worker
        # thread "waiting to start" until the time limit (seen on OR-Library instances).
        with warnings.catch_warnings():
            # PuLP 3.x warns that its bundled CBC moves to an extra in PuLP 4; pinned below 4.
            warnings.simplefilter("ignore", DeprecationWarning)
            command = pulp.PULP_CBC_CMD(
                msg=False,
                timeLimit=time_limit,
                gapRel=gap_rel if not relax else None,
                mip=not relax,
                logPath=str(log),
                warmStart=bool(start) and not relax,
            )
        began = time.perf_counter()
        problem.solve(command)
        seconds = time.perf_counter() - began
        text = log.read_text(errors="replace") if log.exists() else ""
    x = np.array([v.varValue if v.varValue is not None else 0.0 for v in variables])
    has_plan = problem.sol_status in (1, 2)
    if problem.status == pulp.LpStatusInfeasible:
        outcome = SolveStatus.INFEASIBLE
    elif problem.sol_status == 1:
        outcome = SolveStatus.OPTIMAL
    else:
        outcome = SolveStatus.FEASIBLE if has_plan else SolveStatus.UNKNOWN
    objective = float(model.cost @ x)
    bound = objective
    found = _BOUND.search(text)
    proven_exact = outcome is SolveStatus.OPTIMAL and gap_rel == 0
    if found and not relax and not proven_exact:
        bound = float(found.group(1))
    duals = reduced = None
    if relax and has_plan:
        duals = np.array([c.pi if c.pi is not None else 0.0 for c in constraints])
        reduced = np.array([v.dj if v.dj is not None else 0.0 for v in variables])
    return RawSolution(outcome, x, objective, max(bound, objective), seconds, duals, reduced)


_STDOUT = threading.Lock()
"""One thread at a time may point the process's stdout elsewhere (solves run in threads)."""


@contextlib.contextmanager
def _banner_hidden() -> Iterator[None]:
    """HiGHS prints a banner from C++ when first created; keep it out of reports and JSON."""
    with _STDOUT:
        yield from _stdout_to_null()


def _stdout_to_null() -> Iterator[None]:
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _add_variable(problem, pulp, j: int, model: MatrixModel, relax: bool):  # type: ignore[no-untyped-def]
    kind = pulp.LpInteger if model.integer[j] and not relax else pulp.LpContinuous
    lower, upper = _finite(model.col_lower[j]), _finite(model.col_upper[j])
    if hasattr(problem, "add_variable"):
        return problem.add_variable(f"x{j}", lower, upper, cat=kind)
    return pulp.LpVariable(f"x{j}", lowBound=lower, upBound=upper, cat=kind)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
