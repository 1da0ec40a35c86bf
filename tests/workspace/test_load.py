"""Ten people asking what-ifs at once, on localhost, bounded in count and time: every request
answered, none lost, none given another's answer."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from inputs import read_config, read_register
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from tests.workspace.browser import (
    answered,
    serve,
    watched_page,
    whatif_request,
    with_project,
)
from workspace.state import open_workspace

USERS = 10
EACH = 3  # what-ifs per user: 30 in all
SECONDS = 120  # the whole load must finish within this


def test_ten_users_at_once_each_get_their_own_answer(tmp_path: Path, browser: Browser) -> None:
    config = read_config(SMALL_CONFIG)
    workspace = open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{tmp_path / 'l.db'}"
    )
    workspace.answer_within = 0.0  # every answer comes by polling its job, as a long solve's
    projects = list(workspace.baseline.portfolio.ids)
    asked = [projects[(user + k) % len(projects)] for user in range(USERS) for k in range(EACH)]
    with serve(workspace) as running:
        label = f"{projects[0]}: {workspace.baseline.portfolio.names[0]}"
        body = whatif_request(watched_page(browser).page, running.url, label)

        def ask(project: str) -> tuple[str, dict[str, Any]]:
            return project, answered(running.url, with_project(body, project), SECONDS)

        with ThreadPoolExecutor(USERS) as pool:
            answers = list(pool.map(ask, asked, timeout=SECONDS))
    assert len(answers) == len(asked)
    for project, response in answers:
        result = response["whatif-result"]["children"]
        title = result[0]["props"]["children"] if "props" in result[0] else ""
        shown = json.dumps(result)
        mandatory = workspace.baseline.problem.mandatory[
            workspace.baseline.problem.index()[project]
        ]
        if mandatory:  # a mandatory project cannot be paused: the answer says so, for it
            assert project in shown and "mandatory" in shown
        else:
            assert title == f"What if: pause {project}", shown[:300]
