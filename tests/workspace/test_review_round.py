"""The reset's round in a real browser: the PMO issues it, two directors validate (one
challenge, one escalation), the PMO sees progress, the Board works its queue, re-optimises with
the challenge it upheld and approves the plan of record, and the record verifies. A director's
hand-made request for another directorate's project is refused on the server."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from inputs import read_config, read_register
from outputs.run_tables import RunTables
from outputs.workbook import write_group_workbooks
from review.audit import entries, verify
from review.roles import Role
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import Served, choose, serve, sign_in, watched_page
from workspace.signin import COOKIE
from workspace.state import Workspace, open_workspace

PASSWORD = "long enough password"
PEOPLE = {
    "Pat PMO": (Role.PMO, None),
    "Ada Adults": (Role.DIRECTOR, "Adults"),
    "Chi Children": (Role.DIRECTOR, "Children"),
    "Bea Board": (Role.BOARD, None),
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    config = read_config(SMALL_CONFIG)
    database = tmp_path_factory.mktemp("round") / "round.db"
    workspace = open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{database}"
    )
    for name, (role, directorate) in PEOPLE.items():
        workspace.accounts.add(name, role, directorate, PASSWORD, by="test")
    with serve(workspace) as running:
        yield running


HOSTS: set[str] = set()
"""Every host any page of these tests asked for."""


def _review(browser: Browser, served: Served, name: str) -> Page:
    watched = watched_page(browser)
    watched.hosts = HOSTS
    page = watched.page
    sign_in(page, served.url, name, PASSWORD)
    page.wait_for_selector("#ranked td")
    page.get_by_text("Review", exact=True).click()
    return page


def _label(workspace: Workspace, project: str) -> str:
    portfolio = workspace.baseline.portfolio
    return f"{project}: {portfolio.names[portfolio.index()[project]]}"


def _status(page: Page, starts: str) -> str:
    page.wait_for_function(
        "(s) => document.querySelector('#review-status').innerText.startsWith(s)", arg=starts
    )
    return page.inner_text("#review-status")


def test_a_whole_round_is_run_and_recorded(served: Served, browser: Browser) -> None:
    workspace = served.workspace
    recommended = workspace.baseline.result.by_id()["SC1"].decided
    proposed = "pause" if not recommended.startswith("pause") else "continue"

    pmo = _review(browser, served, "Pat PMO")
    pmo.fill("#round-name", "Reset 2026")
    pmo.click("#round-issue")
    assert "Issued round 'Reset 2026'" in _status(pmo, "Issued")

    adults = _review(browser, served, "Ada Adults")
    adults.wait_for_selector("#round-items td")
    assert "DIG2" not in adults.inner_text("#round-items")  # another directorate's project
    choose(adults, "validate-project", _label(workspace, "SC1"))
    adults.check("#validate-verdict input[value=challenge]")
    choose(adults, "validate-proposed", proposed)
    adults.fill("#validate-comment", "no social workers to run it this year")
    with adults.expect_request(lambda r: "validate-run" in (r.post_data or "")) as sent:
        adults.click("#validate-run")
    assert "SC1 recommendation challenged" in _status(adults, "Recorded")

    body = json.loads(sent.value.post_data or "{}")
    for state in body["state"]:
        if state["id"] == "validate-project":
            state["value"] = "DIG2"  # Children's, by hand
    token = next(c["value"] for c in adults.context.cookies() if c["name"] == COOKIE)
    request = urllib.request.Request(
        served.url + "_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Cookie": f"{COOKIE}={token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        shown = json.dumps(json.loads(answer.read())["response"])
    assert "may validate only Adults's projects, not Children's" in shown

    children = _review(browser, served, "Chi Children")
    choose(children, "validate-project", _label(workspace, "DIG2"))
    children.check("#validate-verdict input[value=escalate]")
    children.fill("#validate-comment", "shares a platform with Adults' work")
    children.click("#validate-run")
    assert "DIG2 escalated to the Board" in _status(children, "Recorded")

    pmo.reload()
    pmo.get_by_text("Review", exact=True).click()
    pmo.wait_for_selector("#round-progress td")
    progress = pmo.inner_text("#round-progress")
    assert "Adults" in progress and "Children" in progress

    board = _review(browser, served, "Bea Board")
    board.wait_for_selector("#board-queue td")
    queue = board.inner_text("#board-queue")
    assert "SC1" in queue and "DIG2" in queue and "escalated by Chi Children" in queue
    choose(board, "rule-validation", f"SC1: challenge by Ada Adults (proposes {proposed})")
    board.fill("#rule-reason", "the staffing gap is real")
    board.click("#rule-run")
    assert "Ruled: accept" in _status(board, "Ruled")
    board.click("#upheld-run")
    board.wait_for_selector("#upheld-cost")
    assert "against the recommendation" in board.inner_text("#upheld-cost")
    choose(board, "approve-plan", "the plan with the upheld challenges")
    choose(board, "approve-alternatives", "the recommended plan")
    board.fill("#approve-reasons", "closes the gap the staff can deliver")
    board.click("#approve-run")
    assert "as the plan of record" in _status(board, "Approved")
    assert "closes the gap the staff can deliver" in board.inner_text("#plan-of-record")

    engine = workspace.store.engine
    assert verify(engine).intact
    done = [(e.actor, e.action, e.subject) for e in entries(engine)][len(PEOPLE) :]
    assert done == [
        ("Pat PMO", "round issued", "Reset 2026"),
        ("Ada Adults", "recommendation challenged", "SC1"),
        ("Chi Children", "escalated to the Board", "DIG2"),
        ("Bea Board", "challenge upheld", "SC1"),
        ("Bea Board", "plan of record approved", "Reset 2026: upheld challenges"),
    ]
    approval = workspace.board.approvals()[0]
    assert [a["name"] for a in approval.alternatives] == ["the recommended plan"]
    assert {"127.0.0.1"} == HOSTS


def test_a_viewer_sees_no_review_controls_and_cannot_use_them(
    served: Served, browser: Browser
) -> None:
    served.workspace.accounts.add("Vi Ewer", Role.VIEWER, None, PASSWORD, by="test")
    page = _review(browser, served, "Vi Ewer")
    assert not page.locator("#pmo-part").is_visible()
    assert not page.locator("#board-part").is_visible()
    page.evaluate("document.querySelector('#pmo-part').style.display = 'block'")
    page.fill("#round-name", "sneaky")
    page.click("#round-issue")
    assert "may not issue and close validation rounds" in _status(page, "Not done")


def test_a_director_returns_their_workbook_and_the_board_downloads_the_record(
    served: Served, browser: Browser, tmp_path: Path
) -> None:
    adults = _review(browser, served, "Ada Adults")
    with adults.expect_download() as mine:
        adults.click("#workbook-run")
    book = tmp_path / "adults-returned.xlsx"
    mine.value.save_as(book)
    assert mine.value.suggested_filename == "Reset 2026 - Adults.xlsx"
    adults.set_input_files("#validate-upload input[type=file]", str(book))
    said = _status(adults, "Recorded adults-returned.xlsx")
    assert "1 accepted, 0 challenged; 0 rows of other directorates left to them" in said
    assert "SC1 left as exported, so the challenge or escalation already made stands" in said
    (everyone,) = write_group_workbooks(
        RunTables(served.workspace.baseline), tmp_path, single_file=True
    )
    adults.set_input_files("#validate-upload input[type=file]", str(everyone))
    said = _status(adults, "Recorded decisions-by-directorate.xlsx")
    assert "2 rows of other directorates left to them" in said
    board = _review(browser, served, "Bea Board")
    with board.expect_download() as download:
        board.click("#record-run")
    page = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Record of decision" in page and "every link intact" in page
    with board.expect_download() as log:
        board.click("#log-run")
    assert Path(log.value.path()).read_text(encoding="utf-8").startswith("seq,at,actor")
