"""Small hand-worked registers and configs, run end to end, for the rules the Board relies on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from inputs import read_config, read_register
from inputs.decisions import Lock
from optimiser.solve import SolverOptions
from reset.decide import Choices
from reset.run import ResetRun, run_reset

EXACT = SolverOptions("highs", time_limit=10, gap_rel=0.0)
DEFAULTS = {
    "directorate": "Adults",
    "status": "in_flight",
    "stage": "delivery",
    "benefit_type": "cashable",
    "delivery_risk": 2,
    "complexity": 2,
}


def config_text(gap: int = 1000, capacity: float = 1, budget: int = 5000, extra: str = "") -> str:
    """Two years, one role (project managers), a gap and a budget per year."""
    return (
        'name = "Test council"\nyears = ["2024/25", "2025/26"]\n'
        f'[budget_gap]\n"2024/25" = {gap}\n"2025/26" = {gap}\n'
        f"[capacity]\nproject_manager = {capacity}\n"
        f'[budget]\n"2024/25" = {budget}\n"2025/26" = {budget}\n' + extra
    )


def register_text(rows: list[dict[str, object]]) -> str:
    """Rows (with the defaults above) as a register CSV with every column any row uses."""
    full = [DEFAULTS | {"fte_project_manager": 1} | row for row in rows]
    columns = list(dict.fromkeys(key for row in full for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(full)
    return out.getvalue()


def run_rows(
    folder: Path,
    rows: list[dict[str, object]],
    config: str | None = None,
    locks: dict[str, Lock] | None = None,
    core: bool = False,
    confidence: float | None = None,
) -> ResetRun:
    """The reset of these rows under this config, solved to proven optimality (with the core
    index when asked: it re-solves the plan under every sampled future)."""
    (folder / "register.csv").write_text(register_text(rows), encoding="utf-8")
    (folder / "config.toml").write_text(config or config_text(), encoding="utf-8")
    settings = read_config(folder / "config.toml")
    register = read_register(folder / "register.csv", config=settings)
    return run_reset(
        register,
        settings,
        Choices(locks=locks or {}),
        options=EXACT,
        frontier=False,
        core=core,
        confidence=confidence,
    )


def yearly(low: float, high: float | None = None) -> dict[str, float]:
    """The same benefit range in both years."""
    high = low if high is None else high
    return {
        "benefit_2024_25_low": low,
        "benefit_2024_25_high": high,
        "benefit_2025_26_low": low,
        "benefit_2025_26_high": high,
    }
