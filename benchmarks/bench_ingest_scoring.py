"""Ingest and scoring benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_ingest_scoring.py

Times loading the sample, scoring it with and without rank stability (570 x 1,000 draws),
then reading (as CSV and as .xlsx) and scoring a synthetic 50,000-project register; reports
peak memory.
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import xlsxwriter

from inputs import BenefitRange, Config, Project, Register, load_sample, read_register
from inputs.interchange import register_rows
from outputs.register_file import write_register
from portfolio import build_portfolio
from prioritise import score_portfolio


def timed(label: str, work: Callable[[], object], repeat: int = 3) -> object:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<52} {best:8.3f} s (best of {repeat})")
    return result


def synthetic(register: Register, copies: int) -> Register:
    """The sample repeated with fresh ids and jittered benefits, links dropped."""
    rng = np.random.default_rng(1)
    projects = []
    for k in range(copies):
        for p in register.projects:
            scale = float(rng.uniform(0.5, 1.5))
            benefits = {
                y: BenefitRange(low=b.low * scale, high=b.high * scale)
                for y, b in p.benefits.items()
            }
            projects.append(
                p.model_copy(
                    update={
                        "id": f"{p.id}-{k}",
                        "benefits": benefits,
                        "depends_on": (),
                        "conflicts_with": (),
                    }
                )
            )
    return register.model_copy(update={"projects": tuple(projects)})


def write_xlsx(register: Register, path: Path) -> Path:
    """The register as a workbook of typed cells (numbers, booleans, text), as Excel saves it."""
    columns, rows = register_rows(register)
    with xlsxwriter.Workbook(path, {"constant_memory": True}) as book:
        sheet = book.add_worksheet("Register")
        sheet.write_row(0, 0, columns)
        for number, row in enumerate(rows, start=1):
            for index, column in enumerate(columns):
                value = row.get(column)
                if value is not None:  # str(): status and stage are StrEnums, written as text
                    sheet.write(number, index, str(value) if isinstance(value, str) else value)
    return path


def time_ingest(big: Register, config: Config) -> None:
    """Read + validate the same register from CSV and from .xlsx, with the config."""
    rows = f"{len(big.projects):,}-row"
    with tempfile.TemporaryDirectory() as folder:
        csv_path = write_register(big, Path(folder) / "big.csv")
        xlsx_path = write_xlsx(big, Path(folder) / "big.xlsx")
        for label, path in ((f"{rows} CSV", csv_path), (f"{rows} .xlsx", xlsx_path)):
            timed(f"read + validate {label}", partial(read_register, path, config=config), 1)


def main() -> None:
    register, config = timed("load + validate sample (570)", load_sample)  # type: ignore[misc]
    timed(
        "score 570, no stability",
        lambda: score_portfolio(build_portfolio(register, config), stability=False),
    )
    timed(
        "score 570 + stability (1,000 draws)",
        lambda: score_portfolio(build_portfolio(register, config)),
    )
    big = synthetic(register, 88)
    assert isinstance(big.projects[0], Project)
    time_ingest(big, config)
    timed(
        f"score {len(big.projects):,}, no stability",
        lambda: score_portfolio(build_portfolio(big, config), stability=False),
        repeat=1,
    )
    timed(
        f"score {len(big.projects):,} + stability (1,000 draws)",
        lambda: score_portfolio(build_portfolio(big, config)),
        repeat=1,
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<52} {peak:8.0f} MB")


if __name__ == "__main__":
    main()
