"""Optimiser benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_optimiser.py [--sizes 570,5000,50000] [--solvers cbc,highs]

1. The sample end to end: `prioritise run --out <tmp>` as a subprocess (Python start-up and
   imports included) and `run_reset(*load_sample())` in-process, with the config's CBC
   (gap 0.005) and with HiGHS.
2. Per size and solver, each in a fresh subprocess so every peak memory is its own: build the
   problem, build the matrix model, optimise (time limit 120 s, gap 0.005, reasons included);
   status, objective, bound, relative gap, peak memory (Python, and the CBC process it starts).
3. At 570: try to prove optimality (gap 0, 60 s) with each solver; the gap reached.
4. The greedy baseline (`evaluate(problem, greedy_plan(problem))`) beside the optimiser.

Registers above 570 projects are the sample repeated with fresh ids and jittered benefits;
prerequisites, conflicts and benefit pools are remapped within each copy, so they scale too,
and capacity, budget and the gap are multiplied by the number of copies.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import optimiser.solve as solve
import reset.decide as decide_step
import reset.prepare as prepare_step
import reset.run as pipeline
from inputs import BenefitRange, Config, Register, load_sample
from inputs.decisions import Mode
from optimiser.evaluate import evaluate
from optimiser.greedy import greedy_plan
from optimiser.model import build_model
from optimiser.solve import SolverOptions, optimise
from optimiser.solvers import RawSolution
from reset.decide import Choices, build_choices_problem, solver_options
from reset.prepare import prepare
from reset.run import run_reset

SAMPLE_SIZE = 570
MARK = "RESULT "


# --- registers -------------------------------------------------------------------------------


def synthetic(register: Register, copies: int) -> Register:
    """The sample repeated with fresh ids and jittered benefits, links kept within each copy."""
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
                        "depends_on": tuple(f"{d}-{k}" for d in p.depends_on),
                        "conflicts_with": tuple(f"{c}-{k}" for c in p.conflicts_with),
                        "benefit_pool": f"{p.benefit_pool}-{k}" if p.benefit_pool else None,
                    }
                )
            )
    return register.model_copy(update={"projects": tuple(projects)})


def times(value: Any, copies: int) -> Any:
    """A number, or each year's number of a table, times `copies`."""
    if isinstance(value, dict):
        return {key: amount * copies for key, amount in value.items()}
    return value * copies


def scaled_config(config: Config, copies: int) -> Config:
    """Capacity, budget and gap times `copies`; per-project and per-pool settings per copy."""

    def per_copy(named: dict[str, Any]) -> dict[str, Any]:
        return {f"{key}-{k}": value for k in range(copies) for key, value in named.items()}

    settings = config.optimiser
    optimiser = settings.model_copy(
        update={
            "locks": per_copy(settings.locks),
            "accelerate_factors": per_copy(settings.accelerate_factors),
            "exit_costs": per_copy(settings.exit_costs),
            "restart_costs": per_copy(settings.restart_costs),
            "external": {
                role: e.model_copy(update={"max_fte": times(e.max_fte, copies)})
                for role, e in settings.external.items()
            },
            "transformation_budget": {
                y: v * copies for y, v in settings.transformation_budget.items()
            },
        }
    )
    dependencies = config.dependencies.model_copy(
        update={"pool_caps": per_copy(config.dependencies.pool_caps)}
    )
    return config.model_copy(
        update={
            "capacity": {r: times(v, copies) for r, v in config.capacity.items()},
            "streams": {
                name: stream.model_copy(update={"budget": times(stream.budget, copies)})
                for name, stream in config.streams.items()
            },
            "budget": {y: v * copies for y, v in config.budget.items()},
            "budget_gap": {y: v * copies for y, v in config.budget_gap.items()},
            "optimiser": optimiser,
            "dependencies": dependencies,
        }
    )


def make_case(size: int) -> tuple[Register, Config]:
    """The sample itself at 570; otherwise round(size / 570) structured copies of it."""
    register, config = load_sample()
    copies = max(1, round(size / len(register.projects)))
    if copies == 1:
        return register, config
    return synthetic(register, copies), scaled_config(config, copies)


# --- timing helpers --------------------------------------------------------------------------


def clocked(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


class Clock:
    """Wall time of module-level functions, gathered by wrapping them where they are looked up."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.solves: list[dict[str, Any]] = []

    def reset(self) -> None:
        self.seconds, self.solves = {}, []

    def wrap(self, module: Any, name: str, label: str) -> None:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed

        setattr(module, name, timed)

    def wrap_solver(self, module: Any) -> None:
        """Each solve_model call: MIP or LP relaxation, wall time, the solver's own time, result."""
        original = module.solve_model

        def timed(model: Any, *args: Any, **kwargs: Any) -> RawSolution:
            start = time.perf_counter()
            raw: RawSolution = original(model, *args, **kwargs)
            wall = time.perf_counter() - start
            self.solves.append(
                {
                    "relax": bool(kwargs.get("relax", False)),
                    "wall": wall,
                    "solver_seconds": raw.seconds,
                    "status": raw.status.value,
                    "objective": raw.objective,
                    "bound": raw.bound,
                }
            )
            return raw

        module.solve_model = timed


class ChildPeak(threading.Thread):
    """Largest peak RSS (VmHWM) of any child process while watching: CBC runs as one.

    `getrusage(RUSAGE_CHILDREN)` is no use here: it counts the forked Python before the exec.
    """

    def __init__(self, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.every, self.peak_kb, self.done = every, 0, threading.Event()

    def run(self) -> None:
        me = str(os.getpid())
        while not self.done.wait(self.every):
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if stat.read_text().rsplit(")", 1)[1].split()[1] != me:
                        continue
                    status = (stat.parent / "status").read_text()
                except (OSError, IndexError):
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def __enter__(self) -> ChildPeak:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.join()


def peak_memory(children: ChildPeak) -> dict[str, float]:
    """Peak resident MB of this process (HiGHS runs inside it) and of its largest child (CBC)."""
    return {
        "peak_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_child_mb": children.peak_kb / 1024,
    }


def tune_highs(options: dict[str, Any]) -> None:
    """An experiment: every HiGHS the optimiser creates gets these options as well.

    E.g. `presolve_rule_off=4194304` (bit 22) switches off HiGHS 1.16's Fourier-Motzkin presolve.
    """
    if not options:
        return
    import highspy

    base = highspy.Highs

    class Tuned(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name, value in options.items():
                self.setOptionValue(name, value)

    highspy.Highs = Tuned  # type: ignore[misc]


# --- workers (run in a fresh subprocess each) ------------------------------------------------


def solve_case(size: int, solver: str, time_limit: float, gap_rel: float) -> dict[str, Any]:
    """Build the problem and the model, optimise, and judge the greedy baseline, all timed."""
    (register, config), make_s = clocked(lambda: make_case(size))
    prepared, score_s = clocked(lambda: prepare(register, config, stability=False))
    problem, problem_s = clocked(lambda: build_choices_problem(prepared, Choices()))
    model, model_s = clocked(lambda: build_model(problem))
    shape = {
        "columns": int(model.matrix.shape[1]),
        "rows": int(model.matrix.shape[0]),
        "nonzeros": int(model.matrix.nnz),
    }
    del model
    clock = Clock()
    for name in ("check_rules", "build_model", "fill_idle_capacity", "evaluate", "explain"):
        clock.wrap(solve, name, name)
    clock.wrap_solver(solve)
    out: dict[str, Any] = {
        "size": problem.size,
        "solver": solver,
        "time_limit": time_limit,
        "gap_rel": gap_rel,
        "requires": len(problem.requires),
        "conflicts": len(problem.conflicts),
        "pools": len(problem.pools),
        "make_s": make_s,
        "score_s": score_s,
        "problem_s": problem_s,
        "model_s": model_s,
        **shape,
    }
    options = SolverOptions(solver, time_limit, gap_rel)
    start = time.perf_counter()
    try:
        with ChildPeak() as children:
            result = optimise(problem, options)
    except Exception as error:  # report and carry on: a benchmark, not a test
        return (
            out
            | {
                "error": f"{type(error).__name__}: {error}",
                "optimise_s": time.perf_counter() - start,
                "parts": clock.seconds,
                "solves": clock.solves,
                "load": load(),
            }
            | peak_memory(children)
        )
    optimise_s = time.perf_counter() - start
    greedy, greedy_s = clocked(lambda: evaluate(problem, greedy_plan(problem)))
    mip = next((s for s in clock.solves if not s["relax"]), None)
    out |= {
        "optimise_s": optimise_s,
        "parts": clock.seconds,
        "solves": clock.solves,
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap_rel,
        "raw_gap": (
            max(0.0, mip["bound"] - mip["objective"]) / max(abs(mip["objective"]), 1e-9)
            if mip
            else None
        ),
        "proceeding": int((result.plan != Mode.STOP).sum()),
        "gap_closed": float((result.gap - result.shortfall).sum()),
        "gap_total": float(result.gap.sum()),
        "greedy_s": greedy_s,
        "greedy_objective": greedy.objective,
        "greedy_gap_closed": float((problem.gap - greedy.shortfall).sum()),
        "greedy_feasible": greedy.feasible,
    }
    return out | peak_memory(children) | {"load": load()}


def sample_case(solver: str, repeat: int) -> dict[str, Any]:
    """`run_reset(*load_sample())` in-process: the first (cold) call, then the best of the rest."""
    (register, config), load_s = clocked(load_sample)
    options = solver_options(config, solver)
    clock = Clock()
    for name in ("score_portfolio", "check_portfolio"):
        clock.wrap(prepare_step, name, name)
    clock.wrap(decide_step, "build_problem", "build_problem")
    clock.wrap(decide_step, "optimise", "optimise")
    clock.wrap(pipeline, "efficient_frontier", "frontier")
    clock.wrap(pipeline, "greedy_baseline", "greedy")
    clock.wrap_solver(solve)
    runs = []
    with ChildPeak() as children:
        for _ in range(repeat):
            clock.reset()
            run, seconds = clocked(lambda: run_reset(register, config, options=options))
            solves = [round(c["wall"], 2) for c in clock.solves]
            runs.append({"seconds": seconds, "parts": dict(clock.seconds), "solves": solves})
    best = min(runs[1:] or runs, key=lambda r: r["seconds"])
    return (
        {
            "solver": solver,
            "load_s": load_s,
            "first_s": runs[0]["seconds"],
            "best_s": best["seconds"],
            "parts": best["parts"],
            "solves": best["solves"],
            "status": run.result.status.value,
            "objective": run.result.objective,
            "gap": run.result.gap_rel,
        }
        | peak_memory(children)
        | {"load": load()}
    )


# --- the parent: runs everything and prints the tables ---------------------------------------


@dataclass(frozen=True)
class Setup:
    """What every case shares: how long to wait for one, and any experimental HiGHS options."""

    timeout: float = 900.0
    highs: dict[str, int] = field(default_factory=dict)


def child(job: dict[str, Any], setup: Setup) -> dict[str, Any]:
    """Run one case in a fresh interpreter; its result is the line marked RESULT."""
    job = job | {"highs": setup.highs}
    timeout = setup.timeout
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(job)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"no answer within {timeout:g} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARK):
            return json.loads(line[len(MARK) :])
    return {"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"}


def prioritise_command() -> list[str]:
    """The console script next to this interpreter (not a pyenv shim), else the one on PATH."""
    beside = Path(sys.executable).parent / "prioritise"
    found = str(beside) if beside.exists() else shutil.which("prioritise")
    if found is None:
        raise SystemExit("prioritise is not installed: pip install -e .")
    return [found]


def wall(command: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - start)
    return times


def load() -> str:
    """The machine's 1- and 5-minute load averages: other work on the 2 cores skews timings."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def say(text: str = "") -> None:
    print(text, flush=True)


def end_to_end(solvers: list[str], repeat: int, setup: Setup) -> dict[str, Any]:
    say(f"## 1. The sample end to end (best / worst of {repeat})")
    found: dict[str, Any] = {}
    say(f"load before: {load()}")
    times = wall([sys.executable, "-c", "import cli"], repeat)
    found["import cli"] = times
    label = 'python -c "import cli" (start-up + imports)'
    say(f"{label:<52} {_spread(times)}")
    with tempfile.TemporaryDirectory() as folder:
        for solver in solvers:
            flags = ["--solver", solver] if solver != "cbc" else []
            times = wall([*prioritise_command(), "run", "--out", folder, *flags], repeat)
            found[f"prioritise run {solver}"] = times
            label = " ".join(["prioritise run --out <tmp>", *flags])
            say(f"{label:<52} {_spread(times)}")
    for solver in solvers:
        result = child({"kind": "sample", "solver": solver, "repeat": repeat + 1}, setup)
        found[f"run_reset {solver}"] = result
        if "error" in result:
            say(f"run_reset ({solver}): {result['error']}")
            continue
        parts = ", ".join(f"{k} {v:.2f}" for k, v in result["parts"].items())
        say(
            f"{f'run_reset(*load_sample()) {solver}':<52} {result['best_s']:6.2f} s best, "
            f"{result['first_s']:.2f} s first; load_sample {result['load_s']:.2f} s"
        )
        say(f"    {parts}")
        say(f"    solver calls (MIP, LP for prices, frontier MIPs): {result['solves']} s")
        say(
            f"    {result['status']}, objective {result['objective']:.3f}, gap "
            f"{result['gap']:.4%}, peak {result['peak_self_mb']:.0f} MB "
            f"(+ CBC {result['peak_child_mb']:.0f} MB); load {result['load']}"
        )
    say()
    return found


def _spread(times: list[float]) -> str:
    return f"{min(times):6.2f} s / {max(times):.2f} s (median {statistics.median(times):.2f})"


def show_solve(result: dict[str, Any]) -> None:
    if "error" in result and "size" not in result:
        say(f"    failed: {result['error']}")
        return
    say(
        f"{result['size']:>7,} {result['solver']:<6} "
        f"make {result['make_s']:6.2f}  score {result['score_s']:5.2f}  "
        f"problem {result['problem_s']:5.2f}  model {result['model_s']:5.2f}  "
        f"({result['columns']:,} cols, {result['rows']:,} rows, {result['nonzeros']:,} nz; "
        f"{result['requires']:,} prereqs, {result['conflicts']:,} conflicts, "
        f"{result['pools']:,} pools)"
    )
    mip = [s for s in result["solves"] if not s["relax"]]
    lp = [s for s in result["solves"] if s["relax"]]
    solves = "; ".join(
        f"{'LP' if s['relax'] else 'MIP'} {s['wall']:.1f} s (solver call {s['solver_seconds']:.1f})"
        for s in mip + lp
    )
    parts = ", ".join(f"{k} {v:.2f}" for k, v in result["parts"].items())
    if "error" in result:
        say(f"    optimise failed after {result['optimise_s']:.1f} s: {solves}; {parts}")
        say(f"    {result['error']}")
        say(
            f"    peak Python {result['peak_self_mb']:,.0f} MB, CBC process "
            f"{result['peak_child_mb']:,.0f} MB; load {result['load']}"
        )
        return
    raw = "n/a" if result["raw_gap"] is None else f"{result['raw_gap']:.4%}"
    say(f"    optimise {result['optimise_s']:.1f} s: {solves}; {parts}")
    say(
        f"    {result['status']}, objective {result['objective']:.4f}, "
        f"bound {result['bound']:.4f}, gap {result['gap']:.4%} (solver's own {raw}); "
        f"peak Python {result['peak_self_mb']:,.0f} MB, CBC process "
        f"{result['peak_child_mb']:,.0f} MB; load {result['load']}"
    )
    beat = result["objective"] - result["greedy_objective"]
    closed = result["gap_closed"] - result["greedy_gap_closed"]
    say(
        f"    greedy ({result['greedy_s']:.2f} s): objective {result['greedy_objective']:.4f}, "
        f"gap closed £{result['greedy_gap_closed']:,.0f}k; optimiser {beat:+.3f} points, "
        f"£{closed:+,.0f}k closed (of £{result['gap_total']:,.0f}k)"
        + ("" if result["greedy_feasible"] else "; greedy plan breaks a rule!")
    )


def solve_cases(
    sizes: list[int], solvers: list[str], time_limit: float, gap_rel: float, setup: Setup
) -> list[dict[str, Any]]:
    say(f"## 2 and 4. Solve at each size (time limit {time_limit:g} s, gap {gap_rel:g}) vs greedy")
    found = []
    for size in sizes:
        for solver in solvers:
            job = {
                "kind": "solve",
                "size": size,
                "solver": solver,
                "time_limit": time_limit,
                "gap_rel": gap_rel,
            }
            result = child(job, setup) | {"requested_size": size, "solver": solver}
            show_solve(result)
            found.append(result)
    say()
    return found


def prove_cases(solvers: list[str], time_limit: float, setup: Setup) -> list[dict[str, Any]]:
    say(f"## 3. Prove optimality at 570 (gap 0, time limit {time_limit:g} s)")
    found = []
    for solver in solvers:
        job = {
            "kind": "solve",
            "size": SAMPLE_SIZE,
            "solver": solver,
            "time_limit": time_limit,
            "gap_rel": 0.0,
        }
        result = child(job, setup) | {"solver": solver}
        show_solve(result)
        found.append(result)
    say()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="570,5000,50000", help="projects, comma-separated")
    parser.add_argument("--solvers", default="cbc,highs", help="cbc, highs or both")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per solve")
    parser.add_argument("--gap", type=float, default=0.005, help="relative gap for part 2")
    parser.add_argument("--prove-limit", type=float, default=60.0, help="seconds, part 3")
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end repetitions")
    parser.add_argument("--skip", default="", help="parts to skip: sample,solve,prove")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument(
        "--child-timeout", type=float, default=900.0, help="seconds before a case is abandoned"
    )
    parser.add_argument(
        "--highs-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="experiment (worker cases only): extra HiGHS option, e.g. presolve_rule_off=4194304",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        job = json.loads(args.worker)
        tune_highs(job.get("highs", {}))
        if job["kind"] == "sample":
            result = sample_case(job["solver"], job["repeat"])
        else:
            result = solve_case(job["size"], job["solver"], job["time_limit"], job["gap_rel"])
        print(MARK + json.dumps(result), flush=True)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    solvers = [s.strip() for s in args.solvers.split(",") if s.strip()]
    skip = set(args.skip.split(","))
    highs = {k: int(v) for k, _, v in (o.partition("=") for o in args.highs_option)}
    setup = Setup(args.child_timeout, highs)
    if highs:
        say(f"Experiment: every HiGHS also gets {highs}")
    found: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "argv": sys.argv[1:],
        "highs_options": highs,
    }
    if "sample" not in skip:
        found["end_to_end"] = end_to_end(solvers, args.repeat, setup)
    if "solve" not in skip:
        found["solve"] = solve_cases(sizes, solvers, args.time_limit, args.gap, setup)
    if "prove" not in skip:
        found["prove"] = prove_cases(solvers, args.prove_limit, setup)
    if args.json:
        args.json.write_text(json.dumps(found, indent=2, default=str))
        say(f"Wrote {args.json}")


if __name__ == "__main__":
    main()
