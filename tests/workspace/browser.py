"""A workspace served on localhost and Debian's Chromium driven by Playwright, for the tests."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from workspace.app import create_app
from workspace.state import Workspace

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium (apt-get install chromium): nothing is downloaded at test time."""
QUIET_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class Served:
    url: str
    workspace: Workspace


@contextmanager
def serve(workspace: Workspace) -> Iterator[Served]:
    """The workspace's app on a free localhost port, in a thread, for the block."""
    server = make_server("127.0.0.1", 0, create_app(workspace).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_port}/", workspace)
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET_CHROMIUM)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page and everything it asked for and was told."""

    page: Page
    hosts: set[str] = field(default_factory=set)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watched_page(browser: Browser) -> Watched:
    page = browser.new_page()
    watched = Watched(page)
    page.on("request", lambda request: watched.hosts.add(urlparse(request.url).hostname or ""))
    page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    return watched


def opened(page: Page, url: str) -> None:
    """Go to the workspace and wait until it has drawn (its figures render after the page,
    moving what is below them)."""
    page.goto(url)
    page.wait_for_selector("#ranked td")
    page.wait_for_selector("#capacity .main-svg")


def choose(page: Page, dropdown_id: str, text: str) -> None:
    """Pick the option of a Dash dropdown whose text is `text`: search for it, as a person
    would, then click it (waiting until the search has shown it)."""
    page.keyboard.press("Escape")  # no other menu left open over this one
    page.click(f"#{dropdown_id}")
    search = page.locator("input.dash-dropdown-search:visible")
    search.wait_for()
    search.fill(text)
    page.get_by_role("option", name=text, exact=True).click()


def whatif_request(page: Page, url: str, project_label: str) -> dict[str, object]:
    """The JSON body the page posts to run a what-if pausing a project, captured from a real
    click (so a replay matches what Dash itself sends)."""
    opened(page, url)
    page.click("text=What if")
    choose(page, "whatif-project", project_label)
    with page.expect_request(
        lambda request: (
            request.method == "POST"
            and "_dash-update-component" in request.url
            and "whatif-run" in (request.post_data or "")
        )
    ) as posted:
        page.click("#whatif-run")
    page.wait_for_selector("#whatif-title, #whatif-error")
    body = posted.value.post_data_json
    assert isinstance(body, dict)
    return body


def with_project(body: dict[str, object], project: str) -> bytes:
    """The captured what-if body asking about another project."""
    changed = json.loads(json.dumps(body))
    for state in changed["state"]:
        if state["id"] == "whatif-project":
            state["value"] = project
    return json.dumps(changed).encode("utf-8")


def polling(body: dict[str, object], job: str | None) -> bytes:
    """The captured what-if body turned into the page's poll for a job's progress."""
    changed = json.loads(json.dumps(body))
    changed["changedPropIds"] = ["whatif-poll.n_intervals"]
    for entry in changed["inputs"]:
        if entry["id"] == "whatif-poll":
            entry["value"] = 1
    for state in changed["state"]:
        if state["id"] == "whatif-job":
            state["value"] = job
    return json.dumps(changed).encode("utf-8")


def answered(url: str, first: bytes, timeout: float) -> dict[str, Any]:
    """Post a what-if and poll its job, as the page does, until it is answered; the answer's
    outputs by component."""
    endpoint = url + "_dash-update-component"
    deadline = time.monotonic() + timeout
    data = first
    while True:
        request = urllib.request.Request(
            endpoint, data=data, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            response: dict[str, Any] = json.loads(reply.read())["response"]
        job = response["whatif-job"]["data"]
        if job is None:
            return response
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer within {timeout:g} s")
        time.sleep(0.2)
        data = polling(json.loads(first), job)


def sign_in(page: Page, url: str, name: str, password: str) -> None:
    """Sign in through the workspace's own form."""
    page.goto(url + "login")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("#signin")
