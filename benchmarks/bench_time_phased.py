"""Time-phased reset benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_time_phased.py [--sizes 570,50000] [--time-limit 120]

Per size (the sample, or structured copies of it as in bench_optimiser.py) and per schedule,
each in a fresh subprocess so every peak memory is its own: build the problem and optimise
with the config's solver choice (CBC below fix_from projects, HiGHS's LP-and-fix from there),
gap 0.005, reasons included. Reported: the model's size, seconds solving, status, the gap to
the bound, objective, gap closed and peak memory, for `schedule = "by_year"` (time-phased:
capacity per year, pauses that resume) beside `"whole_horizon"` (the single-period plan), so
the ratio is measured side by side in one run.

`--squeeze F` also runs the sample with every role's first-year capacity at F (e.g. 0.6, as
when ICT is taken up by separating a shared service) and the later years as registered.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_optimiser import make_case

from inputs import Config
from reset.decide import Choices, build_choices_problem, solver_options
from reset.prepare import prepare

MARK = "RESULT "
SCHEDULES = ("by_year", "whole_horizon")


def configured(config: Config, schedule: str, squeeze: float | None) -> Config:
    """The config with the schedule set and, with `squeeze`, the first year's capacity cut."""
    capacity: dict[str, Any] = dict(config.capacity)
    if squeeze is not None:
        capacity = {
            role: {
                y: fte * (squeeze if t == 0 else 1.0)
                for t, (y, fte) in enumerate(
                    zip(config.years, config.capacity_of(role), strict=True)
                )
            }
            for role in config.capacity
        }
    optimiser = config.optimiser.model_copy(update={"schedule": schedule})
    return config.model_copy(update={"capacity": capacity, "optimiser": optimiser})


def worker(job: dict[str, Any]) -> dict[str, Any]:
    from optimiser.model import build_model
    from optimiser.solve import optimise

    register, config = make_case(job["size"])
    config = configured(config, job["schedule"], job.get("squeeze"))
    prepared = prepare(register, config, stability=False)
    problem = build_choices_problem(prepared, Choices())
    model = build_model(problem)
    shape = {"columns": model.matrix.shape[1], "rows": model.matrix.shape[0]}
    shape["nonzeros"] = int(model.matrix.nnz)
    del model
    options = solver_options(config, None, job["time_limit"], 0.005, problem.size)
    start = time.perf_counter()
    result = optimise(problem, options)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        **job,
        **shape,
        "projects": problem.size,
        "phased": problem.phased,
        "solver": options.solver,
        "optimise_s": seconds,
        "status": result.status.value,
        "gap_rel": result.gap_rel,
        "objective": result.objective,
        "gap_closed_k": result.gap_closed,
        "shortfall_k": float(result.shortfall.sum()),
        "resumed": sum(d.resume_year is not None for d in result.decisions),
        "proceeding": sum(d.decision.proceeds for d in result.decisions),
        "peak_mb": peak,
        "solver_process_mb": children,
    }


def run_child(job: dict[str, Any], timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(job)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {**job, "error": f"no answer within {timeout:g} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    return {**job, "error": f"exit {done.returncode}: {done.stderr.strip()[-800:]}"}


def show(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"| {row['size']} | {row['schedule']} | error: {row['error']} |"
    return (
        f"| {row['projects']:,} | {row['schedule']}"
        + (f" (year 1 x{row['squeeze']:g})" if row.get("squeeze") else "")
        + f" | {row['columns']:,} x {row['rows']:,} ({row['nonzeros']:,} nz) | {row['solver']} "
        f"| {row['optimise_s']:.2f} s | {row['status']}, {row['gap_rel']:.3%} | "
        f"{row['objective']:.3f} | £{row['gap_closed_k'] / 1000:,.1f}m | {row['resumed']} | "
        f"{row['peak_mb']:,.0f} MB (+{row['solver_process_mb']:,.0f}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="570,50000")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--squeeze", type=float, default=0.6)
    parser.add_argument("--worker")
    args = parser.parse_args()
    if args.worker:
        print(MARK + json.dumps(worker(json.loads(args.worker))))
        return
    jobs = [
        {"size": int(size), "schedule": schedule, "time_limit": args.time_limit}
        for size in args.sizes.split(",")
        for schedule in SCHEDULES
    ]
    if args.squeeze:
        jobs += [
            {"size": 570, "schedule": s, "time_limit": args.time_limit, "squeeze": args.squeeze}
            for s in SCHEDULES
        ]
    print(
        "| projects | schedule | model (columns x rows) | solver | optimising | status, gap "
        "| objective | gap closed | resumed | peak memory (solver process) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for job in jobs:
        row = run_child(job, timeout=args.time_limit * 4 + 300)
        rows.append(row)
        print(show(row), flush=True)
    by_case: dict[tuple[int, float | None], dict[str, dict[str, Any]]] = {}
    for row in rows:
        if "error" not in row:
            by_case.setdefault((row["size"], row.get("squeeze")), {})[row["schedule"]] = row
    for (size, squeeze), pair in by_case.items():
        if len(pair) == 2:
            phased, single = pair["by_year"], pair["whole_horizon"]
            more = phased["gap_closed_k"] - single["gap_closed_k"]
            points = phased["objective"] - single["objective"]
            print(
                f"{size:,}{' squeezed' if squeeze else ''}: time-phased closes "
                f"£{more / 1000:+,.2f}m ({more / max(single['gap_closed_k'], 1):+.1%}) against "
                f"the single-period plan; objective {points:+.3f}"
            )


if __name__ == "__main__":
    main()
