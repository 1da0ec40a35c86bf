"""Saving what-ifs by name, setting them side by side, exporting the comparison files, and
finding them again after a restart: in the browser, on a real SQLite file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from playwright.sync_api import Browser, Page

from inputs import read_config, read_register
from inputs.scenarios import Scenario
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import Served, choose, opened, serve, watched_page
from workspace.state import Workspace, open_workspace


def small(url: str) -> Workspace:
    config = read_config(SMALL_CONFIG)
    return open_workspace(read_register(SMALL_REGISTER, config=config), config, url)


def run_and_save(page: Page, name: str, project: str | None = None) -> None:
    page.click("text=What if")
    if project:
        label = page.get_by_role("option", name=project)
        choose(page, "whatif-project", project)
        assert label is not None
    else:
        choose(page, "whatif-role", "project_manager")
        page.fill("#whatif-fte", "1")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-title")
    page.fill("#save-name", name)
    page.click("#save-run")
    page.wait_for_function(
        f"() => document.querySelector('#save-status').innerText.includes({name!r})"
    )


def label_of(workspace: Workspace, project: str) -> str:
    portfolio = workspace.baseline.portfolio
    return f"{project}: {portfolio.names[portfolio.index()[project]]}"


def test_two_saved_scenarios_side_by_side_then_after_a_restart(
    tmp_path: Path, browser: Browser
) -> None:
    url = f"sqlite:///{tmp_path / 'register-workspace.db'}"
    first = small(url)
    with serve(first) as running:
        watched = watched_page(browser)
        opened(watched.page, running.url)
        run_and_save(watched.page, "Pause the case system", label_of(first, "DIG1"))
        run_and_save(watched.page, "One more project manager")
        assert "Saved as 'One more project manager'" in watched.page.inner_text("#save-status")
        compare(watched.page, running, ["Pause the case system", "One more project manager"])
        assert watched.hosts == {"127.0.0.1"} and not watched.errors
    again = small(url)  # a new process's workspace on the same file
    assert [s.name for s in again.store.all()] == [
        "Pause the case system",
        "One more project manager",
    ]
    with serve(again) as restarted:
        watched = watched_page(browser)
        opened(watched.page, restarted.url)
        watched.page.click("text=Scenarios")
        table = watched.page.inner_text("#saved")
        assert "Pause the case system" in table and "this register and config" in table


def compare(page: Page, running: Served, names: list[str]) -> None:
    page.click("text=Scenarios")
    page.wait_for_selector("#saved td")
    for k in range(len(names)):
        page.locator("#saved input[type=checkbox]").nth(k).check()
    page.click("#compare-run")
    page.wait_for_selector("#compare-years td")
    years = page.inner_text("#compare-years")
    for name in names:
        assert f"{name} £k" in years
    saved = running.workspace.store.all()
    closed = saved[0].result["years"][0]["benefit_scenario_k"]
    assert f"{round(closed, 1):g}" in years
    assert "projects change" in page.inner_text("#compare-changed")
    with page.expect_download() as download:
        page.click("#export-run")
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == [
            "comparison.csv",
            "comparison.html",
            "comparison.json",
            "scenarios.csv",
        ]
        table = archive.read("scenarios.csv").decode("utf-8")
    assert all(name in table for name in names)


def test_saving_without_a_name_or_twice_says_why(tmp_path: Path, browser: Browser) -> None:
    workspace = small(f"sqlite:///{tmp_path / 'w.db'}")
    with serve(workspace) as running:
        watched = watched_page(browser)
        opened(watched.page, running.url)
        watched.page.click("text=What if")
        watched.page.click("#save-run")
        watched.page.wait_for_function(
            "() => document.querySelector('#save-status').innerText.length > 0"
        )
        assert "Run a what-if first" in watched.page.inner_text("#save-status")
        run_and_save(watched.page, "Twice", label_of(workspace, "DIG1"))
        watched.page.click("#save-run")
        watched.page.wait_for_function(
            "() => document.querySelector('#save-status').innerText.includes('already saved')"
        )


def test_extra_money_for_a_year_from_the_page(tmp_path: Path, browser: Browser) -> None:
    workspace = small(f"sqlite:///{tmp_path / 'm.db'}")
    with serve(workspace) as running:
        watched = watched_page(browser)
        opened(watched.page, running.url)
        watched.page.click("text=What if")
        choose(watched.page, "whatif-year", "2025/26")
        watched.page.fill("#whatif-money", "500")
        watched.page.click("#whatif-run")
        watched.page.wait_for_selector("#whatif-title")
        assert watched.page.inner_text("#whatif-title") == "What if: budget 2025/26 +500k"
        expected = workspace.what_if(Scenario(name="m", budget={"2025/26": 500.0}))
        assert f"{len(expected.changes)} projects change" in watched.page.inner_text(
            "#whatif-summary"
        )
