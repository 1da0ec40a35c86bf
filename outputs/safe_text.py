"""Register text made safe for spreadsheets: a name can never become a formula."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that Excel or LibreOffice would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """A table as CSV a spreadsheet reads back whole: text neutralised, and rows ended by CRLF
    (RFC 4180), so a cell holding a carriage return or a newline is always quoted and stays
    one cell."""
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised; numbers (negative ones included) are left as numbers."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe
