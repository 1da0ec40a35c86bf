"""The run stamp: one id, with the register's and config's content hashes, written into every
file of one output set (a CSV column, a workbook property, a JSON key, an HTML meta tag), so a
set mixed from two runs is found, by a person or by `prioritise`, rather than believed.

Each format has one writer of the stamp (here) and one reader (`stamped_run`).
"""

from __future__ import annotations

import csv
import json
import re
import secrets
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel
from xlsxwriter.workbook import Workbook

from inputs.fingerprint import content_hash

RUN_COLUMN = "run_id"
"""The CSV column every row of a stamped CSV carries."""
RUN_PROPERTY = "Run id"
"""The workbook's custom document property (File > Info > Properties > Advanced in Excel)."""
META_NAME = "prioritise-run"
_META = re.compile(rb'<meta name="prioritise-run" content="([^"]*)"')
_HEAD_BYTES = 8192
_PROPERTIES_BYTES = 64 * 1024
"""The custom properties part as this product writes it is under 1 KB."""


@dataclass(frozen=True)
class Stamp:
    run_id: str
    made: str
    """When the run was written, UTC, ISO 8601."""
    register_sha256: str
    config_sha256: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def text(self) -> str:
        """One line for a page footer or a sheet: enough to match a printed page to its set."""
        return (
            f"Run {self.run_id}, written {self.made}; register sha256 "
            f"{self.register_sha256[:12]}, config sha256 {self.config_sha256[:12]}"
        )

    def on_rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with the run id as its last column, for a CSV."""
        return frame.assign(**{RUN_COLUMN: self.run_id})

    def meta_tag(self) -> str:
        return f'<meta name="{META_NAME}" content="{self.run_id}">'

    def workbook_properties(self) -> dict[str, str]:
        """Custom document properties, which Excel and LibreOffice keep when a file is saved."""
        return {
            RUN_PROPERTY: self.run_id,
            "Written": self.made,
            "Register sha256": self.register_sha256,
            "Config sha256": self.config_sha256,
        }


def stamp_workbook(book: Workbook, stamp: Stamp) -> None:
    for name, value in stamp.workbook_properties().items():
        book.set_custom_property(name, value)


def new_stamp(register: BaseModel, config: BaseModel) -> Stamp:
    """A fresh run id: the time it was made, to the second, and 6 random hex digits."""
    now = datetime.now(UTC).replace(microsecond=0)
    return Stamp(
        run_id=f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}",
        made=now.isoformat(),
        register_sha256=content_hash(register),
        config_sha256=content_hash(config),
    )


def stamped_run(path: Path) -> str | None:
    """The run id a file of an output set carries; None where it carries none (a CSV with no
    rows, a file from before stamps, or one that is not a stamped format).

    Raises:
        OSError: the file cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_run(path)
    if suffix == ".json":
        return _json_run(path)
    if suffix == ".html":
        with path.open("rb") as handle:
            found = _META.search(handle.read(_HEAD_BYTES))
        return found.group(1).decode("utf-8", "replace") if found else None
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_run(path)
    return None


def _csv_run(path: Path) -> str | None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        first = next(reader, None)
    if RUN_COLUMN not in header or first is None or len(first) != len(header):
        return None
    return first[header.index(RUN_COLUMN)] or None


def _json_run(path: Path) -> str | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    first = data[0] if isinstance(data, list) and data else data
    run = first.get("run") if isinstance(first, dict) else None
    return run.get("run_id") if isinstance(run, dict) else None


def _workbook_run(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            part = archive.getinfo("docProps/custom.xml")
            if part.file_size > _PROPERTIES_BYTES or part.flag_bits & 0x1:
                return None  # not a part this product wrote (a workbook sent back may be hostile)
            root = ET.fromstring(archive.read(part))
    except (KeyError, zipfile.BadZipFile, ET.ParseError, RuntimeError, NotImplementedError):
        return None
    for prop in root:
        if prop.get("name") == RUN_PROPERTY:
            return "".join(prop.itertext()) or None
    return None
