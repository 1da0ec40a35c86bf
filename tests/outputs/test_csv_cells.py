"""A register cell holding a carriage return or a newline stays one cell in every CSV the
product writes: decisions.csv is read back with as many rows as projects, names intact."""

from __future__ import annotations

import csv
from pathlib import Path

from inputs import read_config, read_register
from outputs.reset_files import write_decisions_csv
from outputs.run_tables import RunTables
from reset.run import run_reset
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

BROKEN = {"INF1": "Network\rrefresh", "DIG1": "Digital\nfront door", "SC1": "Care\r\nreview"}


def test_line_breaks_inside_a_name_are_quoted(tmp_path: Path) -> None:
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    projects = tuple(
        p.model_copy(update={"name": BROKEN.get(p.id, p.name)}) for p in register.projects
    )
    run = run_reset(
        register.model_copy(update={"projects": projects}),
        config,
        frontier=False,
        core=False,
        stability=False,
    )
    path = write_decisions_csv(RunTables(run), tmp_path / "decisions.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(projects)
    names = {row["id"]: row["name"] for row in rows}
    assert {k: names[k] for k in BROKEN} == BROKEN
