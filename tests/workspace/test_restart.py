"""`prioritise serve` as a council runs it (waitress, a real process): killed outright after a
round is issued and validated, it restarts with every committed action there and the record
intact."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser

from database.engine import open_engine
from database.migrate import upgrade
from inputs import read_config, read_register
from review.accounts import Accounts
from review.audit import entries, verify
from review.roles import Role
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import choose, sign_in

PASSWORD = "long enough password"
STARTUP = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _started(url: str, port: int, log: Path) -> subprocess.Popen[str]:
    """The server, its output in `log` (a pipe nobody reads could fill and stall it)."""
    server = subprocess.Popen(
        [sys.executable, "-c", "from cli import main; main()", "serve", str(SMALL_REGISTER),
         "--config", str(SMALL_CONFIG), "--port", str(port), "--database-url", url, "--quiet"],
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError as refused:
            if server.poll() is not None:
                raise AssertionError(f"serve stopped: {log.read_text()}") from refused
            time.sleep(0.3)
    server.kill()
    raise AssertionError("serve did not start in time")


def test_a_killed_server_restarts_with_every_committed_action(
    tmp_path: Path, browser: Browser
) -> None:
    url = f"sqlite:///{tmp_path / 'council.db'}"
    ready = open_engine(url)
    upgrade(ready)
    accounts = Accounts(ready)
    accounts.add("Pat PMO", Role.PMO, None, PASSWORD, by="test")
    accounts.add("Ada Adults", Role.DIRECTOR, "Adults", PASSWORD, by="test")
    ready.dispose()
    port = _free_port()
    site = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    server = _started(url, port, log)
    try:
        pmo = browser.new_page()
        sign_in(pmo, site, "Pat PMO", PASSWORD)
        pmo.get_by_text("Review", exact=True).click()
        pmo.fill("#round-name", "Before the crash")
        pmo.click("#round-issue")
        pmo.wait_for_function("document.querySelector('#review-status').innerText.length > 0")
        director = browser.new_page()
        sign_in(director, site, "Ada Adults", PASSWORD)
        director.get_by_text("Review", exact=True).click()
        director.wait_for_selector("#round-items td")
        choose(director, "validate-project", f"SC1: {_sc1_name()}")
        director.click("#validate-run")
        director.wait_for_function(
            "document.querySelector('#review-status').innerText.startsWith('Recorded')"
        )
    finally:
        os.kill(server.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
        server.wait(timeout=30)
    engine = open_engine(url)
    assert verify(engine).intact
    assert [e.action for e in entries(engine)][-2:] == ["round issued", "recommendation accepted"]
    server = _started(url, port, log)
    try:
        again = browser.new_page()
        sign_in(again, site, "Pat PMO", PASSWORD)
        again.get_by_text("Review", exact=True).click()
        again.wait_for_selector("#round-progress td")
        assert "Round 'Before the crash' (open for validation)" in again.inner_text("#round-line")
        adults = next(
            line for line in again.inner_text("#round-progress").splitlines() if "Adults" in line
        )
        assert adults.split()[1:3] == ["2", "1"]  # two projects, one accepted
    finally:
        server.terminate()
        server.wait(timeout=30)


def _sc1_name() -> str:
    config = read_config(SMALL_CONFIG)
    register = read_register(SMALL_REGISTER, config=config)
    return next(p.name for p in register.projects if p.id == "SC1")
