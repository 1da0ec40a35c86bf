"""Confidence plan benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_confidence.py [--confidence 0.8]

The sample's plan for a confidence level beside its recommended plan: seconds, the chance of
closing each year in the sampled futures and out of sample, the most any plan could, the price
in objective points and the decisions that change.
"""

from __future__ import annotations

import argparse
import time

from inputs import load_sample
from optimiser.solve import build_models
from reset.run import run_reset
from risk.confident import confident_plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--confidence", type=float, default=0.8)
    args = parser.parse_args()
    register, config = load_sample()
    run = run_reset(register, config, frontier=False, stability=False, core=False)
    model = build_models(run.problem).hard
    began = time.perf_counter()
    sure = confident_plan(
        run.portfolio,
        run.problem,
        model,
        run.result,
        args.confidence,
        run.options,
        run.odds,
        run.prepared.futures,
    )
    print(f"{args.confidence:.0%} plan in {time.perf_counter() - began:.1f} s")
    for t, year in enumerate(run.result.years):
        print(
            f"{year}: in sample {sure.in_sample[t]:.0%} (most any plan {sure.reachable[t]:.0%}); "
            f"out of sample {run.odds.p_closed[t]:.1%} -> {sure.odds.p_closed[t]:.1%}; expected "
            f"£{run.result.benefit[t]:,.0f}k -> £{sure.benefit[t]:,.0f}k"
        )
    print(
        f"every year {run.odds.p_every_year:.1%} -> {sure.odds.p_every_year:.1%}; price "
        f"{sure.price:.2f} objective points; {len(sure.changed)} decisions change"
    )


if __name__ == "__main__":
    main()
