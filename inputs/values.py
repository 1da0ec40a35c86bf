"""Turning one spreadsheet cell into a typed value, forgiving of presentation, strict on meaning."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time

Raw = str | int | float | bool | date | datetime | time | None

EXCEL_ERRORS = frozenset(
    {
        "#REF!",
        "#N/A",
        "#VALUE!",
        "#DIV/0!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    }
)
UNCALCULATED = "#UNCALCULATED!"
"""Stands in for a formula cell whose workbook was saved without calculating it."""
UNKNOWN_WORDS = frozenset({"tbc", "tbd", "n_a", "na", "unknown", "not_known"})
_YES = frozenset({"yes", "y", "true", "1", "x", "mandatory", "statutory"})
_NO = frozenset({"no", "n", "false", "0", "none"})
_ZERO_DASHES = frozenset({"-", "–", "—"})
_MONEY_SCALE = {"": 1.0, "k": 1.0, "m": 1000.0, "bn": 1_000_000.0}
_NUMBER = re.compile(r"^(-?)(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?(k|m|bn)?$")


def normalise_token(text: str) -> str:
    """Lower-case words joined by underscores: 'In-flight ' -> 'in_flight'."""
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


class CellError(ValueError):
    """A cell whose content cannot mean what its column needs."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


class UnknownValue(Exception):
    """A cell that says, in words, that the value is not known (TBC, n/a)."""


def as_text(raw: Raw) -> str | None:
    """The cell as trimmed text; numbers lose a spurious `.0` (Excel stores 101 as 101.0)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, datetime | date | time):
        return raw.isoformat()
    text = str(raw).strip()
    return text or None


def check_not_excel_error(text: str) -> None:
    if text == UNCALCULATED:
        raise CellError(
            "is a formula with no saved result",
            "open the workbook in Excel and save it, so its formulas are calculated",
        )
    if text.upper() in EXCEL_ERRORS:
        raise CellError(
            f"is an Excel error value ({text.upper()}), not real data",
            "repair the formula in the source workbook, or type the figure in",
        )


def _without_separators(text: str, decimal_comma: bool) -> str:
    """`1,200.50` -> `1200.50`; `1,5` -> `1.5` where the comma is the decimal mark.

    Raises:
        CellError: commas that are neither thousands groups nor a decimal mark (`1.200,50`).
    """
    body = text.strip("()-")
    if "," not in body:
        return text
    if decimal_comma and "." not in body and body.count(",") == 1:
        return text.replace(",", ".")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?[a-z]*", body) and not decimal_comma:
        return text.replace(",", "")
    if not decimal_comma and "." not in body and re.fullmatch(r"\d+,\d{1,2}[a-z]*", body):
        return text.replace(",", ".")
    raise CellError(
        "has commas that are neither thousands separators nor one decimal mark",
        "write the figure plainly, e.g. 1200.5",
    )


def parse_number(raw: Raw, *, money: bool = False, decimal_comma: bool = False) -> float | None:
    """A number from a cell: `£1,200`, `1.2m` (money in £k), `(500)`, or `-` for zero.

    Raises:
        CellError: text, an Excel error value, or a boolean where a number belongs.
        UnknownValue: the cell says TBC, n/a or unknown.
    """
    if isinstance(raw, bool):
        raise CellError("is TRUE/FALSE, not a number", "enter a number")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        if isinstance(raw, float) and math.isinf(raw):
            raise CellError("is infinite", "enter a finite number")
        return float(raw)
    text = as_text(raw)
    if text is None:
        return None
    check_not_excel_error(text)
    if normalise_token(text) in UNKNOWN_WORDS:
        raise UnknownValue(text)
    if text in _ZERO_DASHES:
        return 0.0
    compact = _without_separators(re.sub(r"[\s£]", "", text.lower()), decimal_comma)
    negative = compact.startswith("(") and compact.endswith(")")
    match = _NUMBER.match(compact.strip("()"))
    if not match or (match.group(4) and not money):
        unit = "£k, e.g. 1200 or £1,200" if money else "a plain number, e.g. 2.5"
        raise CellError("is not a number", f"enter {unit}, or leave it blank if not known")
    value = float(f"{match.group(1)}{match.group(2)}e{match.group(3) or 0}")
    value *= _MONEY_SCALE[match.group(4) or ""]
    if math.isinf(value):
        raise CellError("is too large to be a figure", "enter a realistic figure")
    return -value if negative else value


def parse_yes_no(raw: Raw) -> bool | None:
    text = as_text(raw)
    if text is None:
        return None
    check_not_excel_error(text)
    token = normalise_token(text)
    if token in _YES:
        return True
    if token in _NO:
        return False
    if token in UNKNOWN_WORDS:
        raise UnknownValue(text)
    raise CellError("is not yes or no", "enter yes or no, or leave it blank if not known")


def parse_choice(raw: Raw, words: dict[str, str]) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    check_not_excel_error(text)
    token = normalise_token(text)
    bare = normalise_token(re.sub(r"\(.*?\)", " ", text))  # 'Business case (OBC)'
    for candidate in (token, bare):
        if candidate in words:
            return words[candidate]
    if token in UNKNOWN_WORDS:
        raise UnknownValue(text)
    allowed = ", ".join(dict.fromkeys(words.values()))
    raise CellError("is not a recognised value", f"use one of: {allowed}")


def parse_id_list(raw: Raw) -> tuple[str, ...]:
    """Ids separated by `;` (also `,` or line breaks), trimmed, each once, in written order."""
    text = as_text(raw)
    if text is None:
        return ()
    check_not_excel_error(text)
    parts = (part.strip() for part in re.split(r"[;,\n]", text))
    return tuple(dict.fromkeys(part for part in parts if part))
