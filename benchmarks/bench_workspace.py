"""Workspace benchmark on the sample, run by hand; results go in benchmarks/RESULTS.md.

    python benchmarks/bench_workspace.py [--users 10] [--each 3]

On localhost only: the page's first load in Debian's headless Chromium (until the headline and
the figures are drawn), one what-if's round trip through the app (the request the page sends,
replayed for ten projects in turn, polling as the page does when a solve outlasts its wait),
and `--users` people at once each asking `--each` what-ifs (every answer checked to be the
asker's own).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from inputs import load_sample
from inputs.decisions import Decision
from tests.workspace.browser import (
    answered,
    chromium,
    serve,
    watched_page,
    whatif_request,
    with_project,
)
from workspace.state import open_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--each", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        workspace = open_workspace(*load_sample(), f"sqlite:///{Path(folder) / 'b.db'}")
        print(f"workspace opened (recommended plan solved) in {time.perf_counter() - began:.1f} s")
        problem = workspace.baseline.problem
        continuing = [
            d.id
            for d in sorted(workspace.baseline.result.decisions, key=lambda d: d.rank)
            if d.decision is Decision.CONTINUE and not problem.mandatory[problem.index()[d.id]]
        ]
        with serve(workspace) as running, chromium() as browser:
            page = watched_page(browser).page
            loads = []
            for _ in range(3):
                began = time.perf_counter()
                page.goto(running.url)
                page.wait_for_selector("#headline")
                page.wait_for_selector("#capacity .main-svg")
                loads.append(time.perf_counter() - began)
            print(f"first load {loads[0]:.2f} s, then {statistics.median(loads[1:]):.2f} s")
            names = workspace.baseline.portfolio.names
            label = f"{continuing[0]}: {names[problem.index()[continuing[0]]]}"
            body = whatif_request(page, running.url, label)

            def ask(project: str) -> tuple[str, float, str]:
                """One what-if until answered (polling its job, as the page does, when it
                takes longer than the page waits)."""
                began = time.perf_counter()
                response = answered(running.url, with_project(body, project), 600)
                return project, time.perf_counter() - began, json.dumps(response)

            one = [ask(p)[1] for p in continuing[:10]]
            print(
                f"one what-if at a time (10 projects): median {statistics.median(one):.2f} s, "
                f"{min(one):.2f}-{max(one):.2f}"
            )
            asked = [continuing[k % len(continuing)] for k in range(args.users * args.each)]
            began = time.perf_counter()
            with ThreadPoolExecutor(args.users) as pool:
                answers = list(pool.map(ask, asked))
            wall = time.perf_counter() - began
            own = sum(f"What if: pause {project}" in text for project, _, text in answers)
            times = sorted(seconds for _, seconds, _ in answers)
            slow = times[int(0.95 * (len(times) - 1))]
            print(
                f"{args.users} users x {args.each}: {len(answers)}/{len(asked)} answered, "
                f"{own} with the asker's own answer, in {wall:.1f} s; per request median "
                f"{statistics.median(times):.2f} s, 95th {slow:.2f} s"
            )


if __name__ == "__main__":
    main()
