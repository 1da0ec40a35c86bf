"""Core index benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_core.py [--futures 200]

The sample's recommended plan re-solved under its config's sampled futures: on one process and
on every core side by side (same futures, so the shares must agree exactly), with the labels
and how far the futures' plans fall below their LP bounds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from inputs import load_sample
from optimiser.solve import build_models
from parallel import LocalExecutor
from reset.run import run_reset
from risk import core_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--futures", type=int, default=200)
    args = parser.parse_args()
    register, sample = load_sample()
    config = sample.model_copy(update={"risk": replace_risk(sample, args.futures)})
    run = run_reset(register, config, frontier=False, stability=False, core=False)
    model = build_models(run.problem).hard
    results = {}
    for executor in (LocalExecutor(1), LocalExecutor()):
        began = time.perf_counter()
        index = core_index(run.portfolio, run.scores, run.problem, model, executor)
        results[executor.workers] = index
        print(
            f"{index.futures} futures on {index.where}: {time.perf_counter() - began:.1f} s; "
            + ", ".join(f"{k.value} {v}" for k, v in index.counts().items())
            + f"; plans {index.below_bound:.2%} below their LP bounds on average"
        )
    one, many = results.values()
    print(f"same shares on 1 and {max(results)} processes: {np.array_equal(one.share, many.share)}")
    chosen = run.result.plan != 0
    print(
        f"recommended plan: {int(chosen.sum())} proceed; of them core "
        f"{int((one.share[chosen] >= 1).sum())}, borderline "
        f"{int(((one.share[chosen] > 0) & (one.share[chosen] < 1)).sum())}; stopped but in most "
        f"good plans {int((one.share[~chosen] >= 0.5).sum())}"
    )


def replace_risk(config, futures: int):  # type: ignore[no-untyped-def]
    return config.risk.model_copy(update={"futures": futures})


if __name__ == "__main__":
    main()
