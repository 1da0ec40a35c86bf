"""Tiny hand-checkable registers: CSV and TOML text in, a Problem (and its solve) out.

The configs score on risk alone, `100 (5 - mean(delivery_risk, complexity)) / 4`, so every
score, rank and pause threshold can be worked out by hand next to the assertion.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from textwrap import dedent

from inputs import Config, Register, read_config, read_register
from inputs.decisions import Lock
from optimiser.problem import Problem
from optimiser.result import OptimisationResult
from optimiser.solve import SolverOptions, optimise
from reset.decide import Choices, build_choices_problem
from reset.prepare import prepare

DATA = Path(__file__).parents[1] / "data"
HIGHS = SolverOptions(solver="highs", time_limit=10.0, gap_rel=0.0)
CBC = SolverOptions(solver="cbc", time_limit=10.0, gap_rel=0.0)
SOLVERS = {"highs": HIGHS, "cbc": CBC}

RISK_ONLY = """
[weights]
mission_alignment = 0
value = 0
risk = 1
capacity = 0
"""
FULL_CONFIDENCE = """
[scoring]
confidence = { idea = 1, deep_dive = 1, business_case = 1, delivery = 1 }
"""


def config_text(
    gap: dict[str, float],
    capacity: dict[str, float],
    budget: dict[str, float],
    optimiser: str = "score_weight = 0",
    extra: str = FULL_CONFIDENCE,
) -> str:
    """A config over the years of `gap`, scored on risk alone, with an [optimiser] body."""

    def table(values: dict[str, float]) -> str:
        return "\n".join(f'"{key}" = {value}' for key, value in values.items())

    years = ", ".join(f'"{year}"' for year in gap)
    return (
        f'name = "Tiny council"\nyears = [{years}]\n\n[budget_gap]\n{table(gap)}\n\n'
        f"[capacity]\n{table(capacity)}\n\n[budget]\n{table(budget)}\n"
        f"{RISK_ONLY}{dedent(extra)}\n[optimiser]\n{dedent(optimiser)}\n"
    )


def edit(register_csv: str, project_id: str, **columns: str) -> str:
    """The CSV text with some cells of one project's row changed."""
    rows = list(csv.DictReader(io.StringIO(dedent(register_csv).strip())))
    for row in rows:
        if row["id"] == project_id:
            row.update(columns)
    fields = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build(
    folder: Path, register_csv: str, config_toml: str, locks: dict[str, Lock] | None = None
) -> Problem:
    """Write the two texts to `folder`, read them back validated, and build the problem."""
    register_path, config_path = folder / "register.csv", folder / "config.toml"
    register_path.write_text(dedent(register_csv).strip() + "\n", encoding="utf-8")
    config_path.write_text(config_toml, encoding="utf-8")
    config = read_config(config_path)
    return problem_of(read_register(register_path, config=config), config, locks)


def data_problem(name: str, locks: dict[str, Lock] | None = None) -> Problem:
    """The problem of tests/data/optimiser_<name>.csv with optimiser_<name>.toml."""
    config = read_config(DATA / f"optimiser_{name}.toml")
    register = read_register(DATA / f"optimiser_{name}.csv", config=config)
    return problem_of(register, config, locks)


def problem_of(register: Register, config: Config, locks: dict[str, Lock] | None = None) -> Problem:
    """The problem of a validated register and config, scored without draws."""
    prepared = prepare(register, config, stability=False)
    return build_choices_problem(prepared, Choices(locks=dict(locks or {})))


def solve(problem: Problem, solver: str = "highs") -> OptimisationResult:
    return optimise(problem, SOLVERS[solver])


def decisions(result: OptimisationResult) -> dict[str, str]:
    """Project id -> decision value."""
    return {p.id: p.decision.value for p in result.decisions}
