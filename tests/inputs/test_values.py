"""Cell parsing: friendly spellings accepted, anything ambiguous rejected with a fix."""

from __future__ import annotations

import pytest

from inputs.columns import BENEFIT_WORDS, STAGE_WORDS, STATUS_WORDS
from inputs.values import (
    CellError,
    UnknownValue,
    parse_choice,
    parse_id_list,
    parse_number,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("£1,200", 1200.0),
        (" 1200 ", 1200.0),
        ("1.2m", 1200.0),
        ("£350k", 350.0),
        ("(500)", -500.0),
        ("-", 0.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        (1200, 1200.0),
        (2.5, 2.5),
        ("", None),
        (None, None),
    ],
)
def test_money_spellings(raw: object, expected: float | None) -> None:
    assert parse_number(raw, money=True) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["#REF!", "#N/A", "#value!", "#DIV/0!"])
def test_excel_errors_are_rejected_by_name(raw: str) -> None:
    with pytest.raises(CellError, match="Excel error value"):
        parse_number(raw, money=True)


@pytest.mark.parametrize("raw", ["about 300", "Exempt under Section 43", "12 FTE", True])
def test_text_in_numbers_is_rejected(raw: object) -> None:
    with pytest.raises(CellError):
        parse_number(raw)  # type: ignore[arg-type]


def test_money_suffix_only_for_money() -> None:
    with pytest.raises(CellError):
        parse_number("2m")


@pytest.mark.parametrize("raw", ["TBC", "n/a", "unknown"])
def test_words_for_unknown(raw: str) -> None:
    with pytest.raises(UnknownValue):
        parse_number(raw, money=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Yes", True),
        ("Y", True),
        ("TRUE", True),
        (True, True),
        ("no", False),
        ("N", False),
        (False, False),
        ("", None),
    ],
)
def test_yes_no(raw: object, expected: bool | None) -> None:
    assert parse_yes_no(raw) == expected  # type: ignore[arg-type]


def test_yes_no_rejects_maybe() -> None:
    with pytest.raises(CellError, match="yes or no"):
        parse_yes_no("maybe")


@pytest.mark.parametrize(
    ("raw", "words", "expected"),
    [
        ("In-flight", STATUS_WORDS, "in_flight"),
        ("In flight", STATUS_WORDS, "in_flight"),
        (" Pipeline", STATUS_WORDS, "pipeline"),
        ("Proposed", STATUS_WORDS, "pipeline"),
        ("Business Case", STAGE_WORDS, "business_case"),
        ("Deep-dive", STAGE_WORDS, "deep_dive"),
        ("Cost Avoidance", BENEFIT_WORDS, "cost_avoidance"),
        ("Income recovery", BENEFIT_WORDS, "income_recovery"),
    ],
)
def test_choices_accept_friendly_spellings(raw: str, words: dict, expected: str) -> None:
    assert parse_choice(raw, words) == expected


def test_unknown_choice_lists_allowed_values() -> None:
    with pytest.raises(CellError) as caught:
        parse_choice("on hold", STATUS_WORDS)
    assert caught.value.fix == "use one of: in_flight, pipeline"


def test_id_lists() -> None:
    assert parse_id_list("SC1; SC2;;SC1, DIG-3\nWF1") == ("SC1", "SC2", "DIG-3", "WF1")
    assert parse_id_list(None) == ()


def test_bracketed_notes_in_choices_are_ignored() -> None:
    assert parse_choice("Business case (OBC)", STAGE_WORDS) == "business_case"
