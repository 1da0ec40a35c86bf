"""Graph explorer benchmark at 5,000 projects, run by hand; results in RESULTS.md.

    python benchmarks/bench_graph.py [--copies 9]

The sample copied `--copies` times (links kept within each copy, as bench_optimiser.py builds
it): the workspace opened, then the explorer's views built and drawn in Debian's headless
Chromium: one node per programme (the unfocused view), and the top critical enabler's
neighbourhood and impact set.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench_optimiser import scaled_config, synthetic

from inputs import load_sample
from tests.workspace.browser import choose, chromium, serve, watched_page
from workspace import graph_view
from workspace.state import open_workspace

CY = (
    "const holder = [...document.querySelectorAll('#graph, #graph *')]"
    ".find(el => el._cyreg && el._cyreg.cy); const cy = holder ? holder._cyreg.cy : null;"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=9)
    args = parser.parse_args()
    register, config = load_sample()
    big, settings = synthetic(register, args.copies), scaled_config(config, args.copies)
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        workspace = open_workspace(big, settings, f"sqlite:///{Path(folder) / 'g.db'}")
        took = time.perf_counter() - began
        print(f"{len(big.projects):,} projects: workspace opened in {took:.1f} s")
        enabler = graph_view.enablers(workspace)[0]
        for focus, scope in (
            (None, "neighbourhood"),
            (enabler, "neighbourhood"),
            (enabler, "impact set"),
        ):
            began = time.perf_counter()
            shown = graph_view.elements(workspace, focus, scope)
            nodes = sum("source" not in e["data"] for e in shown)
            print(
                f"elements for {focus or 'no focus'} / {scope}: {nodes} nodes, "
                f"{len(shown) - nodes} edges in {time.perf_counter() - began:.3f} s"
            )
        with serve(workspace) as running, chromium() as browser:
            page = watched_page(browser).page
            began = time.perf_counter()
            page.goto(running.url)
            page.click('text="Graph"')
            page.wait_for_function(f"() => {{ {CY} return cy !== null && cy.nodes().length > 0; }}")
            print(f"programme view drawn {time.perf_counter() - began:.2f} s after opening")
            name = workspace.baseline.portfolio.names[workspace.baseline.portfolio.index()[enabler]]
            want = len(graph_view.elements(workspace, enabler, "impact set"))
            began = time.perf_counter()
            choose(page, "graph-enabler", f"{enabler}: {name}")
            page.wait_for_function(
                f"(n) => {{ {CY} return cy !== null && cy.elements().length === n; }}", arg=want
            )
            print(f"{enabler}'s impact set drawn in {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
