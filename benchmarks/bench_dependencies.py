"""Dependency-check benchmark, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_dependencies.py

Times every check on the sample; scores the likely-duplicate search on pairs planted in a copy
of the sample (the tests' own plants, tests/dependencies/test_duplicates_within.py); then times
the search on a synthetic register of about 50,000 projects (the sample repeated with reworded
names), across directorates only and with the within-directorate search, and reports peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

from dependencies.duplicates import find_duplicates, similar_pairs
from dependencies.report import check_portfolio
from inputs import Config, Register, load_sample
from portfolio import build_portfolio

ROOT = Path(__file__).parents[1]

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
    print_planted_scores(register, config)
    big = build_portfolio(synthetic(register, 88), config)
    settings = config.dependencies
    threshold, neighbours = settings.duplicate_threshold, settings.duplicate_neighbours
    before = _peak_mb()
    start = time.perf_counter()
    across = similar_pairs(big, threshold, neighbours)
    print(
        f"duplicate search across directorates on {big.size:,}: "
        f"{time.perf_counter() - start:.1f} s, {len(across):,} pairs"
    )
    start = time.perf_counter()
    pairs = find_duplicates(big, threshold, neighbours)
    print(
        f"duplicate search across and within directorates on {big.size:,}: "
        f"{time.perf_counter() - start:.1f} s, {len(pairs.across):,} + {len(pairs.within):,} pairs"
    )
    print(f"peak resident memory: {_peak_mb():.0f} MB ({before:.0f} MB before the searches)")


def print_planted_scores(register: Register, config: Config) -> None:
    """Precision and recall on the sample's planted pairs across directorates, and on second
    registrations planted within one directorate among template siblings, in a copy."""
    sys.path.insert(0, str(ROOT))
    from tests.dependencies.test_duplicates_within import plant_within, precision_recall

    plants = plant_within(register)
    portfolio = build_portfolio(plants.register, config)
    settings = config.dependencies
    threshold, neighbours = settings.duplicate_threshold, settings.duplicate_neighbours
    pairs = find_duplicates(portfolio, threshold, neighbours)
    planted = json.loads((ROOT / "tests/data/sample_planted.json").read_text())["near_duplicates"]
    copies = dict(plants.duplicates)  # a second registration duplicates its source's partners
    across = [*planted, *((copies[a], b) for a, b in planted if a in copies)]
    across += [(a, copies[b]) for a, b in planted if b in copies]
    for label, found, wanted in (
        ("across directorates", pairs.across, across),
        ("within a directorate", pairs.within, plants.duplicates),
    ):
        precision, recall = precision_recall(found, wanted)
        print(
            f"planted pairs {label}: {len(wanted)} planted, {len(found)} found, "
            f"precision {precision:.2f}, recall {recall:.2f}"
        )
    bare = find_duplicates(portfolio, threshold, neighbours, own_weight=1.01).within
    precision, recall = precision_recall(bare, plants.duplicates)
    print(
        f"  the within threshold alone, no sibling rule: {len(bare)} found, "
        f"precision {precision:.2f}, recall {recall:.2f} ({len(plants.siblings)} planted siblings)"
    )


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
