"""Register text printed to a terminal cannot inject escape sequences."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from outputs.terminal import terminal_text
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31mRed\x9b1m name\x00"


def test_control_characters_are_removed_but_lines_and_tabs_kept() -> None:
    assert terminal_text(ESCAPES) == "]0;owned[2J[31mRed1m name"
    assert terminal_text("two\nlines\tand a tab") == "two\nlines\tand a tab"


def test_a_hostile_name_reaches_the_terminal_inert(tmp_path: Path) -> None:
    with SMALL_REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("name")] = ESCAPES.rstrip("\x00")  # a NUL makes it a binary file
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "register.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(path), "--config", str(SMALL_CONFIG)])
    assert result.exit_code == 0 and "Red" in result.output  # the name was printed, inert
    assert "\x1b" not in result.output and "\x07" not in result.output
