"""End-to-end benchmark of the commands a council runs, run by hand; results go in RESULTS.md.

    python benchmarks/bench_end_to_end.py [--repeat 5] [--size 50160] [--skip-large]

1. Start-up: `prioritise --help` and `--version` as subprocesses.
2. The sample: `prioritise run` (all four files, frontier included), with `--no-frontier`, and
   `prioritise whatif --pause SC1`, as subprocesses.
3. A large register (the sample copied with its links, capacity, budget and gap scaled, see
   bench_optimiser.synthetic): written as CSV and .xlsx, then `prioritise validate` on the
   .xlsx and `prioritise run` on the CSV, each as a subprocess with its wall time and peak
   memory (resident set of the process and its children, from /usr/bin/time-like wait4).

Every time is the median of the repeats with the spread beside it, and the machine's load
average is printed, because this 2-core machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_optimiser import prioritise_command, scaled_config, synthetic

from inputs import Config, load_sample
from outputs.register_file import write_register


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a command (itself and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-800:]}")
    children = usage.ru_maxrss / 1024
    return seconds, children


def report(label: str, command: list[str], repeat: int) -> list[float]:
    runs = [timed(command) for _ in range(repeat)]
    seconds = [s for s, _ in runs]
    peak = max(m for _, m in runs)
    print(
        f"{label:<58} median {statistics.median(seconds):6.2f} s "
        f"({min(seconds):.2f}-{max(seconds):.2f}), peak {peak:,.0f} MB",
        flush=True,
    )
    return seconds


def config_toml(config: Config) -> str:
    """The scaled sample config as TOML (only the tables the sample sets)."""

    def table(name: str, values: dict[str, float]) -> str:
        return f"[{name}]\n" + "".join(f'"{k}" = {v}\n' for k, v in values.items())

    missions = "".join(f'{k} = "{v}"\n' for k, v in config.missions.items())
    weights = "".join(f"{k} = {v}\n" for k, v in config.weights.direct.items())
    years = ", ".join(f'"{y}"' for y in config.years)
    return (
        f'name = "{config.name} x large"\nyears = [{years}]\n\n'
        + table("budget_gap", config.budget_gap)
        + table("capacity", config.capacity)
        + table("budget", config.budget)
        + f"[missions]\n{missions}[weights]\n{weights}"
    )


def write_xlsx(csv_path: Path, xlsx_path: Path) -> None:
    """The CSV's cells into one sheet, numbers as numbers, with xlsxwriter."""
    import csv

    import xlsxwriter

    with csv_path.open(encoding="utf-8") as handle, xlsxwriter.Workbook(str(xlsx_path)) as book:
        sheet = book.add_worksheet("Register")
        for r, row in enumerate(csv.reader(handle)):
            for c, cell in enumerate(row):
                number = _number(cell) if r else None
                if number is None:
                    sheet.write_string(r, c, cell)
                else:
                    sheet.write_number(r, c, number)


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--size", type=int, default=50_160)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    prioritise = prioritise_command()
    print(f"load average: {os.getloadavg()[0]:.1f}", flush=True)
    report("prioritise --help", [*prioritise, "--help"], args.repeat)
    report("prioritise --version", [*prioritise, "--version"], args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out")
        report(
            "prioritise run (sample, four files, frontier)",
            [*prioritise, "run", "-q", "--out", out],
            args.repeat,
        )
        report(
            "prioritise run --no-frontier (sample)",
            [*prioritise, "run", "-q", "--no-frontier", "--out", out],
            args.repeat,
        )
        report(
            "prioritise whatif --pause SC1 (sample)",
            [*prioritise, "whatif", "-q", "--pause", "SC1", "--out", out],
            args.repeat,
        )
        if args.skip_large:
            return
        register, config = load_sample()
        copies = max(1, round(args.size / len(register.projects)))
        big = Path(folder) / "big.csv"
        write_register(synthetic(register, copies), big)
        (Path(folder) / "big.toml").write_text(config_toml(scaled_config(config, copies)))
        write_xlsx(big, Path(folder) / "big.xlsx")
        size = f"{copies * len(register.projects):,}"
        print(f"load average: {os.getloadavg()[0]:.1f}", flush=True)
        report(
            f"prioritise validate big.xlsx ({size} rows)",
            [*prioritise, "validate", str(Path(folder) / "big.xlsx")],
            1,
        )
        report(
            f"prioritise validate big.csv ({size} rows)",
            [*prioritise, "validate", str(big)],
            1,
        )
        report(
            f"prioritise run big.csv ({size}, end to end, four files)",
            [
                *prioritise,
                "run",
                str(big),
                "--config",
                str(Path(folder) / "big.toml"),
                "-q",
                "--out",
                out,
            ],
            1,
        )
        report(
            f"prioritise run big.xlsx ({size}, end to end, four files)",
            [
                *prioritise,
                "run",
                str(Path(folder) / "big.xlsx"),
                "--config",
                str(Path(folder) / "big.toml"),
                "-q",
                "--out",
                out,
            ],
            1,
        )
        for name in ("decisions.csv", "decisions.xlsx", "summary.json", "report.html"):
            print(f"  {name}: {(Path(out) / name).stat().st_size / 1e6:,.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
