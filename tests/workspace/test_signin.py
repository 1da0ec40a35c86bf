"""Once accounts exist, nothing in the workspace is read or done without signing in, and each
role's limits hold on the server, not only on the page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select
from sqlalchemy.orm import Session

from database.schema import LoginFailureRow
from inputs import read_config, read_register
from review.accounts import SessionSettings
from review.roles import Role
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import (
    Served,
    choose,
    serve,
    sign_in,
    watched_page,
    whatif_request,
)
from workspace.app import create_app
from workspace.signin import COOKIE
from workspace.state import Workspace, open_workspace

PASSWORD = "long enough password"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    config = read_config(SMALL_CONFIG)
    database = tmp_path_factory.mktemp("signin") / "s.db"
    opened = open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{database}"
    )
    opened.accounts.add("Vi Ewer", Role.VIEWER, None, PASSWORD, by="test")
    opened.accounts.add("Ann Alyst", Role.ANALYST, None, PASSWORD, by="test")
    return opened


@pytest.fixture(scope="module")
def served(workspace: Workspace) -> Iterator[Served]:
    with serve(workspace) as running:
        yield running


def _status(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_nothing_is_served_before_signing_in(served: Served, browser: Browser) -> None:
    watched = watched_page(browser)
    watched.page.goto(served.url)
    assert watched.page.url.endswith("/login")
    assert watched.page.locator("#signin").is_visible()
    assert _status(served.url + "_dash-layout") == 401
    body = json.dumps({"output": "ranked.data", "inputs": []}).encode()
    assert _status(served.url + "_dash-update-component", body) == 401
    assert watched.hosts == {"127.0.0.1"}


def test_a_wrong_password_is_refused_on_the_form(served: Served, browser: Browser) -> None:
    page = watched_page(browser).page
    sign_in(page, served.url, "Vi Ewer", "not the password")
    assert "do not match an active account" in page.inner_text("#signin-message")
    assert page.context.cookies() and all(c["name"] != COOKIE for c in page.context.cookies())


def test_a_viewer_reads_the_plan_but_cannot_run_a_what_if(served: Served, browser: Browser) -> None:
    page = browser.new_page()
    sign_in(page, served.url, "Vi Ewer", PASSWORD)
    page.wait_for_selector("#ranked td")
    assert "Signed in as Vi Ewer (viewer)" in page.inner_text("#signed-in")
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.get_by_text("What if", exact=True).click()
    project = served.workspace.baseline.portfolio.ids[-1]
    name = served.workspace.baseline.portfolio.names[-1]
    choose(page, "whatif-project", f"{project}: {name}")
    page.click("#whatif-run")
    page.wait_for_selector("#whatif-error")
    assert "Vi Ewer (viewer) may not run what-ifs" in page.inner_text("#whatif-error")
    page.context.close()


def test_the_role_is_checked_on_the_server_for_a_hand_made_request(
    served: Served, browser: Browser
) -> None:
    analyst = browser.new_page()
    sign_in(analyst, served.url, "Ann Alyst", PASSWORD)
    analyst.wait_for_selector("#ranked td")
    project = served.workspace.baseline.portfolio.ids[-1]
    label = f"{project}: {served.workspace.baseline.portfolio.names[-1]}"
    body = json.dumps(whatif_request(analyst, served.url, label)).encode()
    viewer = browser.new_page()
    sign_in(viewer, served.url, "Vi Ewer", PASSWORD)
    viewer.wait_for_selector("#ranked td")
    token = next(c["value"] for c in viewer.context.cookies() if c["name"] == COOKIE)
    request = urllib.request.Request(
        served.url + "_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json", "Cookie": f"{COOKIE}={token}"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        shown = json.dumps(json.loads(answer.read())["response"])
    assert "may not run what-ifs" in shown and "What if: pause" not in shown
    analyst.context.close()
    viewer.context.close()


def test_a_post_from_another_site_is_refused(served: Served) -> None:
    headers = {"Origin": "https://evil.example", "Content-Type": "application/json"}
    assert _status(served.url + "logout", b"", headers) == 403


def test_signing_out_or_an_idle_session_ends_access(
    served: Served, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browser.new_page()
    sign_in(page, served.url, "Ann Alyst", PASSWORD)
    page.wait_for_selector("#ranked td")
    page.click("#sign-out")
    page.wait_for_selector("#signin")
    page.goto(served.url)
    assert page.url.endswith("/login")
    sign_in(page, served.url, "Ann Alyst", PASSWORD)
    page.wait_for_selector("#ranked td")
    monkeypatch.setattr(served.workspace.accounts, "settings", SessionSettings(idle=timedelta(0)))
    page.goto(served.url)
    assert page.url.endswith("/login")  # the session timed out: signed in again to go on
    page.context.close()


def test_behind_a_proxy_the_clients_address_is_throttled_and_cookies_are_secure(
    workspace: Workspace,
) -> None:
    client = create_app(workspace, behind_proxy=True).server.test_client()
    page = client.get("/login")
    assert "Secure" in page.headers["Set-Cookie"]
    token = page.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    client.post(
        "/login",
        data={"name": "Vi Ewer", "password": "wrong password here", "reset_form": token},
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )
    with Session(workspace.store.engine) as session:
        addresses = set(session.scalars(select(LoginFailureRow.address)))
    assert "203.0.113.9" in addresses


def test_a_planted_form_token_is_replaced_not_shown(workspace: Workspace) -> None:
    client = create_app(workspace).server.test_client()
    client.set_cookie("reset_form", "<script>alert(1)</script>")
    page = client.get("/login").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "alert(1)" not in page
