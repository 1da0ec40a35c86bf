"""The workspace in a real headless Chromium: the plan opens, a director pauses a project and
sees what changes and why, register text stays text, and nothing leaves the machine."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from dependencies.checks import impact_of
from inputs import load_sample, read_config, read_register
from inputs.decisions import Decision
from inputs.scenarios import Scenario
from reset.whatif import run_scenario
from tests.workspace.browser import (
    Served,
    Watched,
    choose,
    opened,
    serve,
    watched_page,
)
from workspace import graph_view
from workspace.app import headline_text
from workspace.state import Workspace, open_workspace

HOSTILE = "<img src=x onerror=alert(1)> Digital <b>front door</b>"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'sample-workspace.db'}"


@pytest.fixture(scope="module")
def sample(database: str) -> Workspace:
    return open_workspace(*load_sample(), database)


@pytest.fixture(scope="module")
def served(sample: Workspace) -> Iterator[Served]:
    with serve(sample) as running:
        yield running


def paused_project(workspace: Workspace) -> str:
    """The best-ranked project the plan continues that may be paused (not mandatory)."""
    problem = workspace.baseline.problem
    return next(
        d.id
        for d in sorted(workspace.baseline.result.decisions, key=lambda d: d.rank)
        if d.decision is Decision.CONTINUE and not problem.mandatory[problem.index()[d.id]]
    )


def test_the_plan_opens_with_its_headline_and_every_project(
    served: Served, browser: Browser
) -> None:
    watched = watched_page(browser)
    watched.page.goto(served.url)
    watched.page.wait_for_selector("#headline")
    assert watched.page.inner_text("#headline") == headline_text(served.workspace)
    watched.page.wait_for_selector("#ranked td")
    first = served.workspace.tables.decisions.iloc[0]
    assert first["id"] in watched.page.inner_text("#ranked")
    watched.page.wait_for_selector("#benefits .main-svg")  # the pack's own figure, drawn
    assert watched.hosts == {"127.0.0.1"} and not watched.errors


def test_filtering_the_ranked_table_by_decision(served: Served, browser: Browser) -> None:
    watched = watched_page(browser)
    opened(watched.page, served.url)
    choose(watched.page, "filter-decision", "terminate")
    watched.page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll("
        "'#ranked td[data-dash-column=action]')];"
        " return cells.length > 0 && cells.every(td => td.innerText.startsWith('terminate')); }"
    )
    shown = watched.page.inner_text("#ranked")
    kept = served.workspace.tables.decisions
    terminated = kept[kept["decision"] == "terminate"]["id"].tolist()
    assert terminated[0] in shown


def test_pausing_a_project_shows_what_changes_and_why(served: Served, browser: Browser) -> None:
    workspace = served.workspace
    project = paused_project(workspace)
    watched = watched_page(browser)
    watched.page.goto(served.url)
    watched.page.click("text=What if")
    name = workspace.baseline.portfolio.names[workspace.baseline.portfolio.index()[project]]
    choose(watched.page, "whatif-project", f"{project}: {name}")  # the whole label: one match
    watched.page.check("input[value=pause]")
    watched.page.click("#whatif-run")
    watched.page.wait_for_selector("#whatif-changes td", timeout=60_000)
    assert f"pause {project}" in watched.page.inner_text("#whatif-title")
    expected = workspace.what_if(Scenario(name="what-if", pause=(project,)))
    table = watched.page.inner_text("#whatif-changes")
    for row in expected.changes.itertuples():
        assert row.id in table
    assert "locked by the scenario" in table
    summary = watched.page.inner_text("#whatif-summary")
    assert f"{len(expected.changes)} projects change" in summary
    assert watched.hosts == {"127.0.0.1"} and not watched.errors


def test_a_what_if_without_a_choice_says_what_to_choose(served: Served, browser: Browser) -> None:
    watched = watched_page(browser)
    watched.page.goto(served.url)
    watched.page.click("text=What if")
    watched.page.click("#whatif-run")
    watched.page.wait_for_selector("#whatif-note")
    assert "Choose a project" in watched.page.inner_text("#whatif-note")


def test_the_in_memory_what_if_is_a_fresh_whatif_run(sample: Workspace) -> None:
    project = paused_project(sample)
    scenario = Scenario(name="what-if", pause=(project,))
    kept = sample.what_if(scenario)
    fresh = run_scenario(sample.register, sample.config, scenario, sample.options)
    assert kept.run.result.objective == pytest.approx(fresh.run.result.objective, abs=1e-9)
    assert kept.changes.to_dict(orient="records") == fresh.changes.to_dict(orient="records")


def test_a_get_never_runs_a_callback_and_a_bad_request_gets_a_short_answer(
    served: Served,
) -> None:
    with urllib.request.urlopen(served.url + "_dash-update-component") as answer:
        assert answer.headers.get_content_type() == "text/html"  # the page, not a callback
    request = urllib.request.Request(
        served.url + "_dash-update-component",
        data=b"{not json",
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    body = refused.value.read().decode()
    assert refused.value.code == 400 and "Traceback" not in body
    assert json.loads(body)["error"]


def test_hostile_register_text_is_shown_as_text(tmp_path: Path, browser: Browser) -> None:
    data = Path(__file__).parents[1] / "data"
    rows = (data / "small_register.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = rows
    cells = first.split(",")
    cells[1] = f'"{HOSTILE}"'
    (tmp_path / "register.csv").write_text(
        "\n".join([header, ",".join(cells), *rest]) + "\n", encoding="utf-8"
    )
    config = read_config(data / "small_config.toml")
    workspace = open_workspace(
        read_register(tmp_path / "register.csv", config=config),
        config,
        f"sqlite:///{tmp_path / 'hostile.db'}",
    )
    with serve(workspace) as running:
        watched = watched_page(browser)
        watched.page.goto(running.url)
        watched.page.wait_for_selector("#ranked td")
        assert HOSTILE in watched.page.inner_text("#ranked")
        assert watched.page.locator("#ranked img").count() == 0
        assert watched.page.locator("#ranked b").count() == 0
        assert not watched.dialogs and not watched.errors


def test_the_critical_enabler_shows_its_impact_set_in_a_few_clicks(
    served: Served, browser: Browser
) -> None:
    run = served.workspace.baseline
    needed = Counter(run.problem.ids[j] for _, j in run.problem.requires.tolist())
    enabler = max(needed, key=lambda project: (needed[project], project))
    impact = impact_of(run.checks.graph, enabler, portfolio=run.portfolio)
    watched = watched_page(browser)
    opened(watched.page, served.url)
    watched.page.click("text=Project")
    name = run.portfolio.names[run.portfolio.index()[enabler]]
    choose(watched.page, "project-pick", f"{enabler}: {name}")
    watched.page.wait_for_selector("#project-impact")
    assert watched.page.inner_text("#project-title") == f"{enabler}: {name}"
    assert f"{len(impact.stopped)} other projects stop" in watched.page.inner_text(
        "#project-impact"
    )
    stops = watched.page.inner_text("#project-stops")
    assert impact.stopped[0] in stops and len(impact.stopped) >= 10
    assert "critical_enabler" in watched.page.inner_text("#project-findings")
    needed_by = watched.page.inner_text("#project-needed-by")
    index = run.problem.index()[enabler]
    direct = [run.problem.ids[d] for d, j in run.problem.requires.tolist() if j == index]
    assert direct and all(project in needed_by for project in direct)
    assert watched.hosts == {"127.0.0.1"} and not watched.errors


CY = (
    "const holder = [...document.querySelectorAll('#graph, #graph *')]"
    ".find(el => el._cyreg && el._cyreg.cy); const cy = holder ? holder._cyreg.cy : null;"
)
"""JavaScript finding the cytoscape instance that draws the graph (on its container)."""


def graph_nodes(watched: Watched) -> list[str]:
    """The ids of the nodes cytoscape is drawing now."""
    return watched.page.evaluate(
        f"() => {{ {CY} return cy ? cy.nodes().map(n => n.id()) : null; }}"
    )


def test_the_graph_finds_a_project_and_focuses_its_impact_set(
    served: Served, browser: Browser
) -> None:
    run = served.workspace.baseline
    enabler = graph_view.enablers(served.workspace)[0]
    impact = impact_of(run.checks.graph, enabler, portfolio=run.portfolio)
    watched = watched_page(browser)
    opened(watched.page, served.url)
    watched.page.click('text="Graph"')
    watched.page.wait_for_selector("#graph canvas")
    name = run.portfolio.names[run.portfolio.index()[enabler]]
    choose(watched.page, "graph-enabler", f"{enabler}: {name}")
    want = {enabler, *impact.stopped}
    watched.page.wait_for_function(
        f"(n) => {{ {CY} return cy !== null && cy.nodes().length === n; }}", arg=len(want)
    )
    assert set(graph_nodes(watched)) == want
    assert watched.page.is_checked("#graph-scope input[value='impact set']")
    neighbours = graph_view.elements(served.workspace, enabler, "neighbourhood")
    watched.page.check("#graph-scope input[value=neighbourhood]")
    expected = {e["data"]["id"] for e in neighbours if "source" not in e["data"]}
    watched.page.wait_for_function(
        f"(n) => {{ {CY} return cy !== null && cy.nodes().length === n; }}", arg=len(expected)
    )
    assert set(graph_nodes(watched)) == expected
    assert watched.hosts == {"127.0.0.1"} and not watched.errors


def test_the_unfocused_graph_shows_one_node_per_programme(served: Served) -> None:
    shown = graph_view.elements(served.workspace, None)
    programmes = {
        served.workspace.baseline.checks.graph.nodes[n]["programme"]
        for n in served.workspace.baseline.checks.graph.nodes
    }
    nodes = [e for e in shown if "source" not in e["data"]]
    assert len(nodes) == len(programmes)
    everything = graph_view.elements(served.workspace, None, "everything")
    assert sum("source" not in e["data"] for e in everything) == run_size(served)
    requires = [e for e in everything if e["data"].get("kind") == "requires"]
    assert requires and all(e["classes"] == "requires" for e in requires)


def run_size(served: Served) -> int:
    return served.workspace.baseline.portfolio.size


def test_a_what_if_the_plan_already_meets_offers_no_change(sample: Workspace) -> None:
    continuing = next(
        d.id for d in sample.baseline.result.decisions if d.decision is Decision.CONTINUE
    )
    kept = sample.what_if(Scenario(name="keep", keep=(continuing,)))
    assert kept.changes.empty  # nothing shuffled within the solver's tolerance
    assert kept.already() == [f"{continuing} is already continuing in the recommended plan"]
