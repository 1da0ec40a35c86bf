"""Risk engine benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_risk.py [--repeat 5]

The sample's recommended plan, simulated over its config's 10,000 draws x 4 years: the first
call (which tabulates the PERT quantile function) and the median of the rest, and that two
runs with the same seed agree exactly.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from inputs import load_sample
from reset.run import run_reset
from risk import exposure_of, simulate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    register, config = load_sample()
    run = run_reset(register, config, frontier=False, stability=False)
    exposure = exposure_of(run.portfolio, run.result)
    times = []
    for _ in range(args.repeat + 1):
        start = time.perf_counter()
        odds = simulate(exposure, config.risk, run.result.years)
        times.append(time.perf_counter() - start)
    again = simulate(exposure, config.risk, run.result.years)
    print(
        f"{len(exposure.confidence)} projects x {config.risk.draws:,} draws x "
        f"{len(run.result.years)} years: first {times[0]:.3f} s, then median "
        f"{statistics.median(times[1:]):.3f} s ({min(times[1:]):.3f}-{max(times[1:]):.3f})"
    )
    print(f"same seed, same odds: {np.array_equal(odds.closed, again.closed)}")
    print("chance closed by year:", ", ".join(f"{p:.1%}" for p in odds.p_closed))
    print("contingency for 80 %:", ", ".join(f"£{c:,.0f}k" for c in odds.contingency))


if __name__ == "__main__":
    main()
