"""Shared fixtures: tiny hand-checkable registers and a config to match them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from inputs import Config, read_config

DATA = Path(__file__).parent / "data"
SMALL_REGISTER = DATA / "small_register.csv"
SMALL_CONFIG = DATA / "small_config.toml"

HEADER = "id,name,directorate,status"

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")  # the same examples on every CI run: no flaky submissions


@pytest.fixture
def small_config() -> Config:
    return read_config(SMALL_CONFIG)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def write(text: str | bytes, name: str = "register.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
