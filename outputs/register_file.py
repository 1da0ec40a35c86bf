"""Writing a Register back out in the interchange format, so it reads back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

from inputs.interchange import cell_text, register_rows
from inputs.models import Register


def write_register(register: Register, path: Path | str) -> Path:
    """The register as a UTF-8 CSV in the interchange layout."""
    path = Path(path)
    columns, rows = register_rows(register)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell_text(row.get(column)) for column in columns] for row in rows)
    return path
