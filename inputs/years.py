"""Financial years: `2024/25` in config and reports, `2024_25` in register headers."""

from __future__ import annotations

import re
from functools import lru_cache

_YEAR = re.compile(r"^\s*(?:fy\s*)?(\d{4})\s*[/_\-–]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


@lru_cache(maxsize=256)
def parse_year(text: str) -> str:
    """Canonical label for a financial year written as 2024/25, 2024-25, 2024_2025 or FY2024/25.

    Raises:
        ValueError: the text is not a financial year, or its two years do not follow on.
    """
    match = _YEAR.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a financial year like 2024/25")
    start, end = int(match.group(1)), match.group(2)
    if int(end[-2:]) != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
        raise ValueError(f"'{text}' is not a financial year: {end} does not follow {start}")
    return f"{start}/{(start + 1) % 100:02d}"


def year_slug(year: str) -> str:
    """The form a year takes inside a column name: 2024/25 -> 2024_25."""
    return year.replace("/", "_")


def year_sort_key(year: str) -> int:
    return int(year[:4])


def split_role_year(key: str) -> tuple[str, str | None]:
    """A what-if's extra capacity key: 'ict' (every year) -> ('ict', None); 'ict@2025-26' (that
    year only) -> ('ict', '2025/26').

    Raises:
        ValueError: the part after @ is not a financial year.
    """
    role, at, year = key.partition("@")
    return role.strip(), (parse_year(year.strip()) if at else None)


def role_year_key(key: str) -> str:
    """The key as the what-if stores it: 'ict' or 'ict@2025/26'."""
    role, year = split_role_year(key)
    return f"{role}@{year}" if year else role
