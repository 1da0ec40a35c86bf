"""Dependency-check benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_dependencies.py

Times every check on the sample, then the likely-duplicate search on a synthetic register of
about 50,000 projects (the sample repeated with reworded names), and reports peak memory.
"""

from __future__ import annotations

import resource
import time

import numpy as np

from dependencies.duplicates import similar_pairs
from dependencies.report import check_portfolio
from inputs import Register, load_sample
from portfolio import build_portfolio

WORDS = ["review", "programme", "service", "digital", "redesign", "pilot", "phase", "local"]


def synthetic(register: Register, copies: int) -> Register:
    """Copies with new ids, a suffix word and a directorate per copy, links dropped."""
    rng = np.random.default_rng(3)
    projects = []
    for k in range(copies):
        for p in register.projects:
            extra = " ".join(rng.choice(WORDS, size=2))
            projects.append(
                p.model_copy(
                    update={
                        "id": f"{p.id}-{k}",
                        "name": f"{p.name} {extra}",
                        "directorate": f"D{k % 7}",
                        "depends_on": (),
                        "conflicts_with": (),
                        "benefit_pool": None,
                    }
                )
            )
    return register.model_copy(update={"projects": tuple(projects)})


def main() -> None:
    register, config = load_sample()
    start = time.perf_counter()
    report = check_portfolio(build_portfolio(register, config))
    print(
        f"all checks on the sample (570): {time.perf_counter() - start:.2f} s, "
        f"{len(report.findings)} findings"
    )
    big = build_portfolio(synthetic(register, 88), config)
    settings = config.dependencies
    before = _peak_mb()
    start = time.perf_counter()
    pairs = similar_pairs(big, settings.duplicate_threshold, settings.duplicate_neighbours)
    print(
        f"duplicate search on {big.size:,}: {time.perf_counter() - start:.1f} s, "
        f"{len(pairs):,} pairs"
    )
    print(f"peak resident memory: {_peak_mb():.0f} MB ({before:.0f} MB before the search)")


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
