"""One headless Chromium for every workspace test (each test opens its own pages)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.workspace.browser import chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(autouse=True)
def _pages_closed(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every page a test opened is closed after it, so the one browser does not fill up."""
    yield
    if "browser" in request.fixturenames:
        launched: Browser = request.getfixturevalue("browser")
        for context in launched.contexts:
            context.close()
