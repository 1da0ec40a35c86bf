"""Turning one spreadsheet cell into a typed value, forgiving of presentation, strict on meaning."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from inputs.years import parse_year

Raw = str | int | float | bool | date | datetime | time | timedelta | None

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
OWN_UNIT = re.compile(r"\d\s*(k|m|bn)\s*\)?\s*$", re.IGNORECASE)
"""A money cell that names its own unit ('1.2m', '£500k'), which its column's header does not
override."""
FIGURE_LIMIT = 1e12
"""The largest figure read (£1,000bn in £k): anything beyond is a typing or export error
(`1e308`), and would overflow the sums built from it."""
_NUMBER = re.compile(r"^(-?)(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?(k|m|bn)?$")
_PLAIN = re.compile(r"-?\d{1,12}(?:\.\d{1,15})?")
"""A figure no rule below changes (`1200`, `-0.5`), too short to pass FIGURE_LIMIT: read at
once, as most CSV cells are."""
_SPACED = re.compile(r"\d+(?:\s+\d+)+")
_SPACE_GROUPS = re.compile(r"\d{1,3}(?:\s\d{3})+")
"""Spaces inside a figure only group thousands (`1 234 567`, with a no-break or narrow
no-break space too, as French and Nordic Excel writes them); `10 20` is two figures."""
_AMBIGUOUS_DOT = re.compile(r"([1-9]\d{0,2})\.(\d{3})")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_AMBIGUOUS_COMMA = re.compile(r"([1-9]\d{0,2}),(\d{3})(k|m|bn)?")
_ONE_COMMA = re.compile(r"\d*,\d+(?:k|m|bn)?")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+(?:k|m|bn)?")


@lru_cache(maxsize=4096)
def normalise_token(text: str) -> str:
    """Lower-case words joined by underscores: 'In-flight ' -> 'in_flight'.

    Cached: closed columns (status, stage, yes/no) repeat a few spellings on every row.
    """
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
    """The cell as trimmed text; numbers lose a spurious `.0` (Excel stores 101 as 101.0),
    and a huge one keeps its exponent (`1e+300`, not 301 digits)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        return str(int(raw)) if raw.is_integer() and abs(raw) < 1e16 else repr(raw)
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


def _compact(text: str) -> str:
    """The figure without spaces and £ signs, lower case: how every rule below sees it."""
    return re.sub(r"[\s£]", "", text.lower())


def comma_readings(raw: Raw, *, money: bool = False) -> tuple[str, str] | None:
    """`1,200` in a decimal-comma file: (thousands, decimal) readings, `("1200", "1.2")`.

    One comma followed by exactly three digits, nothing else: 1200 if the comma groups
    thousands, 1.2 if it is the decimal mark. None for any figure that cannot mean both.
    """
    if not isinstance(raw, str):
        return None
    match = _AMBIGUOUS_COMMA.fullmatch(_compact(raw).strip("()-"))
    if match is None or (match.group(3) and not money):
        return None
    whole, part, suffix = match.group(1), match.group(2), match.group(3) or ""
    decimals = part.rstrip("0")
    return f"{whole}{part}{suffix}", f"{whole}.{decimals}{suffix}" if decimals else whole + suffix


def dot_readings(raw: Raw) -> tuple[str, str] | None:
    """`1.234` in a decimal-comma file: (thousands, decimal) readings, `("1234", "1.234")`.

    The point groups thousands where the comma is the decimal mark, but a figure typed with a
    decimal point looks the same. None for any figure that cannot mean both.
    """
    if not isinstance(raw, str):
        return None
    match = _AMBIGUOUS_DOT.fullmatch(_compact(raw).strip("()-"))
    if match is None:
        return None
    return match.group(1) + match.group(2), match.group()


def proves_decimal_comma(raw: Raw) -> bool:
    """A figure only a decimal comma can read: `12,5`, `0,250`, `1234,567`, `1.200,50`."""
    if not isinstance(raw, str) or "," not in raw or comma_readings(raw, money=True):
        return False
    body = _compact(raw).strip("()-")
    return bool(_DOT_GROUPS.fullmatch(body) or _ONE_COMMA.fullmatch(body))


def ambiguous_as_thousands(*, money: bool, comma_proven: bool) -> bool:
    """How a decimal-comma file's `1,200` reads: the one rule, for parsing and for its warning.

    Thousands (1200) in a money column, where `£1,200` is how figures are written, unless
    another figure in the file proves the comma is the decimal mark. FTE, alignment and
    ratings are never in thousands, so there it is the decimal mark (1.2).
    """
    return money and not comma_proven


def _without_separators(
    text: str, decimal_comma: bool, thousands: bool, thousands_dot: bool = False
) -> str:
    """`1,200.50` -> `1200.50`; `1,5` -> `1.5` where the comma is the decimal mark.

    In a decimal-comma file `1.200,50` -> `1200.50`, `1.234.567` -> `1234567`, `1,200` ->
    `1200` when `thousands`, and `1.234` -> `1234` when `thousands_dot`.

    Raises:
        CellError: commas that are neither thousands groups nor a decimal mark (`1.200,50`
            in a file whose decimal mark is the point).
    """
    body = text.strip("()-")
    if decimal_comma and (
        _DOT_THOUSANDS.fullmatch(body) or (thousands_dot and _AMBIGUOUS_DOT.fullmatch(body))
    ):
        return text.replace(".", "")
    if "," not in body:
        return text
    if decimal_comma:
        if thousands and _AMBIGUOUS_COMMA.fullmatch(body):
            return text.replace(",", "")
        if "." not in body and body.count(",") == 1:
            return text.replace(",", ".")
        if _DOT_GROUPS.fullmatch(body):
            return text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?[a-z]*", body):
        return text.replace(",", "")
    elif "." not in body and re.fullmatch(r"\d+,\d{1,2}[a-z]*", body):
        return text.replace(",", ".")
    raise CellError(
        "has commas that are neither thousands separators nor one decimal mark",
        "write the figure plainly, e.g. 1200.5",
    )


def dot_as_thousands(*, money: bool, comma_proven: bool) -> bool:
    """How a decimal-comma file's `1.234` reads: thousands (1234) in a money column once
    another figure proves the comma is the decimal mark (the point is then the thousands
    mark, as in `1.200,50`); else the point is the decimal mark (1.234), as it is in FTE and
    ratings, never in thousands."""
    return money and comma_proven


def parse_number(
    raw: Raw, *, money: bool = False, decimal_comma: bool = False, comma_proven: bool = False
) -> float | None:
    """A number from a cell: `£1,200`, `1 234,5`, `1.2m` (money in £k), `(500)`, or `-` for 0.

    `decimal_comma`: the file writes `1,5` for 1.5; `comma_proven`: another figure in it can
    only be read that way, which settles how `1,200` and `1.234` read (see
    `ambiguous_as_thousands` and `dot_as_thousands`).

    Raises:
        CellError: text, an Excel error value, a boolean, a double negative `(-5)`, spaces
            that are not thousands groups, or a figure not finite or beyond FIGURE_LIMIT.
        UnknownValue: the cell says TBC, n/a or unknown.
    """
    if type(raw) is float and -FIGURE_LIMIT <= raw <= FIGURE_LIMIT:
        return raw  # most Excel cells: no rule below applies (NaN and infinity fail the test)
    if type(raw) is str and _PLAIN.fullmatch(raw) and not (decimal_comma and "." in raw):
        return float(raw)
    if isinstance(raw, bool):
        raise CellError("is TRUE/FALSE, not a number", "enter a number")
    if isinstance(raw, int | float):
        return within_limit(raw)
    text = as_text(raw)
    if text is None:
        return None
    check_not_excel_error(text)
    if normalise_token(text) in UNKNOWN_WORDS:
        raise UnknownValue(text)
    if text in _ZERO_DASHES:
        return 0.0
    _check_spaces(text)
    compact = _without_separators(
        _compact(text),
        decimal_comma,
        ambiguous_as_thousands(money=money, comma_proven=comma_proven),
        dot_as_thousands(money=money, comma_proven=comma_proven),
    )
    body, negative = _sign(compact)
    match = _NUMBER.match(body)
    if not match or (match.group(4) and not money):
        unit = "£k, e.g. 1200 or £1,200" if money else "a plain number, e.g. 2.5"
        raise CellError("is not a number", f"enter {unit}, or leave it blank if not known")
    value = float(f"{match.group(1)}{match.group(2)}e{match.group(3) or 0}")
    value *= _MONEY_SCALE[match.group(4) or ""]
    return within_limit(-value if negative else value)


def within_limit(value: float) -> float:
    """The figure as a float, refused if it is not finite or is beyond FIGURE_LIMIT.

    Raises:
        CellError: NaN, infinite, or too large.
    """
    if isinstance(value, float) and math.isnan(value):
        raise CellError("is not a number (NaN)", "enter a number, or leave it blank if not known")
    if isinstance(value, float) and math.isinf(value):
        raise CellError("is infinite, not a figure", "enter the figure as meant")
    if not -FIGURE_LIMIT <= value <= FIGURE_LIMIT:
        raise CellError(
            f"is too large to be a figure (beyond {FIGURE_LIMIT:,.0f})",
            "enter the figure as meant (money is in £k: 1000000 is £1bn)",
        )
    return float(value)


def _check_spaces(text: str) -> None:
    """Spaces between digits must group thousands: `1 234,5` is a figure, `10 20` two.

    Raises:
        CellError: digits separated by spaces that are not groups of three.
    """
    for run in _SPACED.finditer(text):
        if not _SPACE_GROUPS.fullmatch(run.group()):
            raise CellError(
                "has spaces inside the figure that do not group thousands",
                "write one figure without inner spaces, e.g. 1234.5 or 1 234,5",
            )


def _sign(text: str) -> tuple[str, bool]:
    """The figure without its accounting brackets, and whether it is negative: `(500)` is
    -500, as accounts write it; a sign inside the brackets or a lone bracket is refused.

    Raises:
        CellError: `(-5)` (a double negative) or brackets that do not enclose one figure.
    """
    negative = text.startswith("(") and text.endswith(")")
    body = text[1:-1] if negative else text
    if "(" in body or ")" in body:
        raise CellError(
            "has brackets that do not enclose one figure",
            "write a negative figure as -500 or (500)",
        )
    if negative and body.startswith("-"):
        raise CellError(
            "has a minus sign inside accounting brackets: (-5) is a double negative",
            "write -5 or (5) for minus five, or 5 for five",
        )
    return body, negative


def parse_yes_no(raw: Raw) -> bool | None:
    if isinstance(raw, bool):
        return raw  # an Excel TRUE/FALSE cell
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
    if token in words:
        return words[token]
    bare = normalise_token(re.sub(r"\(.*?\)", " ", text))  # 'Business case (OBC)'
    if bare in words:
        return words[bare]
    if token in UNKNOWN_WORDS:
        raise UnknownValue(text)
    allowed = ", ".join(dict.fromkeys(words.values()))
    raise CellError("is not a recognised value", f"use one of: {allowed}")


def parse_financial_year(raw: Raw) -> str | None:
    """A financial year as 2025/26 (2025-26, FY2025/26); a bare 2025 is refused, since a
    council may mean the year starting or ending then."""
    text = as_text(raw)
    if text is None:
        return None
    check_not_excel_error(text)
    if normalise_token(text) in UNKNOWN_WORDS:
        raise UnknownValue(text)
    try:
        return parse_year(text)
    except ValueError as error:
        raise CellError(
            "is not a financial year", "write the financial year like 2025/26"
        ) from error


def parse_id_list(raw: Raw) -> tuple[str, ...]:
    """Ids separated by `;` (also `,` or line breaks), trimmed, each once, in written order."""
    text = as_text(raw)
    if text is None:
        return ()
    check_not_excel_error(text)
    parts = (part.strip() for part in re.split(r"[;,\n]", text))
    return tuple(dict.fromkeys(check_id(part) for part in parts if part))


INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\xa0\u00ad\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)
"""Characters an id cannot show: controls, non-breaking and other odd spaces, zero-width and
direction marks, the byte-order mark."""


def check_id(text: str) -> str:
    """An id as typed, refused where it could never match the same id typed elsewhere: an
    invisible character in it, or letters of two alphabets (a Cyrillic С among Latin letters).

    Raises:
        CellError: naming the character and where it is.
    """
    hidden = INVISIBLE.search(text)
    if hidden:
        name = unicodedata.name(hidden.group(), f"U+{ord(hidden.group()):04X}")
        raise CellError(
            f"holds an invisible character ({name}) at position {hidden.start() + 1}: it would "
            "not match the same id typed elsewhere",
            "retype the id without it",
        )
    scripts = {_script(c) for c in text if c.isalpha()}
    if len(scripts) > 1:
        odd = next(c for c in text if c.isalpha() and _script(c) != "LATIN")
        raise CellError(
            f"mixes alphabets ({', '.join(sorted(scripts)).lower()}): '{odd}' is "
            f"{unicodedata.name(odd, 'not Latin')}, a look-alike of a Latin letter",
            "retype the id in one alphabet",
        )
    return text


def _script(letter: str) -> str:
    """The alphabet a letter belongs to, by the first word of its Unicode name."""
    return unicodedata.name(letter, "UNKNOWN").split(" ")[0]
