"""Table helpers the workspace's pages share: rows as Dash's DataTable types them."""

from __future__ import annotations

from typing import Any

import pandas as pd

Row = dict[str | float | int, Any]
"""A table row as Dash's DataTable types it."""


def records(frame: pd.DataFrame, columns: dict[str, str] | list[str]) -> list[Row]:
    shown = frame[[c for c in columns if c in frame.columns]]
    records = shown.astype(object).where(shown.notna(), "").to_dict(orient="records")
    return [{str(key): value for key, value in record.items()} for record in records]


def table_columns(pairs: list[tuple[str, str]]) -> list[Any]:
    """DataTable columns from (id, heading) pairs."""
    return [{"name": heading, "id": key} for key, heading in pairs]
