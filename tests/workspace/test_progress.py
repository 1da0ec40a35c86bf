"""A what-if that takes a while shows how its solve is getting on, the page stays usable, and the
answer replaces the progress when it comes; background jobs are bounded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from inputs import read_config, read_register
from inputs.scenarios import Scenario
from reset.prepare import Progress
from reset.whatif import Comparison
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import choose, opened, serve, watched_page
from workspace import jobs
from workspace.jobs import BusyError, Jobs
from workspace.state import Workspace, open_workspace


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    config = read_config(SMALL_CONFIG)
    database = tmp_path_factory.mktemp("progress") / "p.db"
    return open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{database}"
    )


def test_a_slow_what_if_shows_progress_and_the_page_stays_usable(
    workspace: Workspace, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    solve = workspace.what_if

    def held(scenario: Scenario, progress: Progress) -> Comparison:
        gate.wait(60)  # the solve is held until the test has seen its progress
        return solve(scenario, progress)

    monkeypatch.setattr(workspace, "what_if", held)
    monkeypatch.setattr(workspace, "answer_within", 0.2)
    problem, names = workspace.baseline.problem, workspace.baseline.portfolio.names
    at = next(i for i in range(problem.size) if not problem.mandatory[i])
    project, label = problem.ids[at], f"{problem.ids[at]}: {names[at]}"
    with serve(workspace) as running:
        watched = watched_page(browser)
        page = watched.page
        opened(page, running.url)
        page.click("text=What if")
        choose(page, "whatif-project", label)
        page.click("#whatif-run")
        page.wait_for_selector("#whatif-progress")
        assert "Waiting for a free solver" in page.inner_text("#whatif-progress")
        assert "so far" in page.inner_text("#whatif-progress")
        page.get_by_text("Plan", exact=True).click()  # the page is not frozen meanwhile
        page.wait_for_selector("#ranked td", state="visible")
        assert workspace.tables.decisions.iloc[0]["id"] in page.inner_text("#ranked")
        page.get_by_text("What if", exact=True).click()
        gate.set()
        page.wait_for_selector("#whatif-title", timeout=60_000)
        assert page.locator("#whatif-progress").count() == 0
        assert f"pause {project}" in page.inner_text("#whatif-title")
    assert watched.hosts == {"127.0.0.1"} and not watched.errors


def test_a_job_reports_each_stage_its_work_reaches() -> None:
    reached, finish = threading.Event(), threading.Event()

    def work(progress: Progress) -> str:
        progress("Solving with highs (up to 30 s)")
        reached.set()
        finish.wait(10)
        return "answer"

    held: Jobs[str] = Jobs()
    token, job = held.start(work)
    assert reached.wait(10)
    assert job.stage == "Solving with highs (up to 30 s)" and not job.done
    assert held.get(token) is job and held.get("another") is None and held.get(None) is None
    finish.set()
    assert job.future.result(10) == "answer" and job.done


def test_too_many_waiting_jobs_are_refused_and_finished_ones_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "KEPT", 2)
    finish = threading.Event()
    held: Jobs[None] = Jobs()
    first, _ = held.start(lambda _: None)
    held.get(first).future.result(10)  # type: ignore[union-attr]
    waiting = [held.start(lambda _: finish.wait(10) and None) for _ in range(2)]
    assert held.get(first) is None  # the finished job made room for the waiting ones
    with pytest.raises(BusyError, match="2 what-ifs are being worked out"):
        held.start(lambda _: None)
    finish.set()
    for _, job in waiting:
        job.future.result(10)
    token, _ = held.start(lambda _: None)
    assert held.get(token) is not None


def test_a_quick_what_if_is_answered_within_the_pages_wait(tmp_path: Path) -> None:
    config = read_config(SMALL_CONFIG)
    opened_workspace = open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{tmp_path / 'q.db'}"
    )
    project = opened_workspace.baseline.portfolio.ids[-1]
    _, job = opened_workspace.start_what_if(Scenario(name="pause", pause=(project,)))
    assert job.done  # answered within the page's wait: no progress shown
    assert job.future.result().scenario.pause == (project,)
