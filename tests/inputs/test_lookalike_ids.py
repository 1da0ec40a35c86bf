"""An id that could never match the same id typed elsewhere is refused at its cell: an
invisible character in it, or letters of two alphabets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from inputs import read_config, validate_register
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER


def _with(tmp_path: Path, column: str, value: str) -> list[str]:
    with SMALL_REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(column)] = value
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path = tmp_path / "register.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    report = validate_register(path, config=read_config(SMALL_CONFIG))
    return [f"{p.row} {p.column} {p.message}" for p in report.problems if p.is_error]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("INF\u200b1", "ZERO WIDTH SPACE) at position 4"),
        ("INF\u00a01", "NO-BREAK SPACE"),
        ("\ufeffINF1", "ZERO WIDTH NO-BREAK SPACE"),
        ("\u0406NF1", "mixes alphabets (cyrillic, latin): 'І' is CYRILLIC CAPITAL LETTER"),
        ("INF\x1b1", "invisible character (U+001B)"),
    ],
)
def test_an_id_with_a_hidden_or_look_alike_character_is_refused(
    tmp_path: Path, value: str, said: str
) -> None:
    errors = _with(tmp_path, "id", value)
    assert any(e.startswith("2 id ") and said in e for e in errors), errors


def test_a_reference_with_a_look_alike_is_refused_at_its_cell(tmp_path: Path) -> None:
    errors = _with(tmp_path, "depends_on", "DIG\u200b2")
    assert any(e.startswith("2 depends_on ") and "ZERO WIDTH SPACE" in e for e in errors)


def test_ids_in_one_other_alphabet_are_read() -> None:
    from inputs.values import check_id

    assert check_id("ПРОЕКТ-1") == "ПРОЕКТ-1"  # all Cyrillic: one alphabet, as written
    assert check_id("Prosiect-Môn") == "Prosiect-Môn"  # Welsh: Latin with a circumflex
