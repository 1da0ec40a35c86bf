"""Hostile registers and configs: the shapes and values a council's spreadsheet can hold that
break naive code (pathological links, huge or odd files, values that mean something else).

Each builder returns file bytes or text, so a test writes it where it needs it.
"""

from __future__ import annotations

import csv
import io
import os
import struct
import zipfile
from collections.abc import Callable, Iterable

import xlsxwriter

HEADER = (
    "id",
    "name",
    "directorate",
    "status",
    "programme",
    "sponsor",
    "stage",
    "benefit_type",
    "benefit_2024_25_low",
    "benefit_2024_25_high",
    "benefit_2025_26_low",
    "benefit_2025_26_high",
    "cost_2024_25",
    "cost_2025_26",
    "fte_project_manager",
    "fte_ict",
    "align_open",
    "align_fair",
    "delivery_risk",
    "complexity",
    "mandatory",
    "depends_on",
    "conflicts_with",
    "benefit_pool",
    "in_mtfs",
)
DIRECTORATES = ("Adults", "Children", "Place", "Resources")


def project(number: int, **cells: object) -> dict[str, object]:
    """One valid, small project row; `cells` override any column."""
    row: dict[str, object] = {
        "id": f"P{number}",
        "name": f"Project {number}",
        "directorate": DIRECTORATES[number % len(DIRECTORATES)],
        "status": "pipeline" if number % 3 else "in_flight",
        "programme": "",
        "sponsor": "Director",
        "stage": "business_case",
        "benefit_type": "cashable",
        "benefit_2024_25_low": 1 + number % 7,
        "benefit_2024_25_high": 2 + number % 7,
        "benefit_2025_26_low": 3 + number % 11,
        "benefit_2025_26_high": 5 + number % 11,
        "cost_2024_25": 1 + number % 5,
        "cost_2025_26": 1 + number % 3,
        "fte_project_manager": 0.01,
        "fte_ict": 0.01,
        "align_open": number % 4,
        "align_fair": (number + 1) % 4,
        "delivery_risk": 1 + number % 5,
        "complexity": 1 + (number + 2) % 5,
        "mandatory": "no",
        "depends_on": "",
        "conflicts_with": "",
        "benefit_pool": "",
        "in_mtfs": "no",
    }
    row.update(cells)
    return row


def register_csv(rows: Iterable[dict[str, object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def config_toml(projects: int) -> str:
    """A config whose gap, people and money scale with the register, so a plan is possible."""
    gap, people, money = 4 * projects, 0.02 * projects + 1, 3 * projects
    return (
        'name = "Hostile council"\nyears = ["2024/25", "2025/26"]\n'
        f'[budget_gap]\n"2024/25" = {gap}\n"2025/26" = {2 * gap}\n'
        f"[capacity]\nproject_manager = {people:.2f}\nict = {people:.2f}\n"
        f'[budget]\n"2024/25" = {money}\n"2025/26" = {money}\n'
        '[missions]\nopen = "Open"\nfair = "Fair"\n'
    )


def chain(n: int) -> str:
    """Each project needs the one before: a prerequisite chain n long."""
    return register_csv(
        project(i, depends_on=f"P{i - 1}" if i > 1 else "") for i in range(1, n + 1)
    )


def cycle(n: int) -> str:
    """A prerequisite chain n long whose first project needs its last."""
    return register_csv(project(i, depends_on=f"P{(i - 2) % n + 1}") for i in range(1, n + 1))


def one_pool(n: int) -> str:
    """n projects all claiming the same savings (one benefit pool)."""
    return register_csv(project(i, benefit_pool="one_pot") for i in range(1, n + 1))


def all_conflicting(n: int) -> str:
    """n projects each in conflict with every other (each row names all the earlier ones)."""
    return register_csv(
        project(i, conflicts_with=";".join(f"P{j}" for j in range(1, i))) for i in range(1, n + 1)
    )


PATHOLOGICAL: dict[str, tuple[Callable[[int], str], int]] = {
    "prerequisite chain": (chain, 10_000),
    "one benefit pool": (one_pool, 3_000),
    "mutual conflicts": (all_conflicting, 1_000),
    "prerequisite cycle": (cycle, 2_000),
}
"""The shapes the issue names, at the sizes it names."""


BOMB_ROW = b"<row><c><v>1</v></c></row>"
BOMB_SHEET = "xl/worksheets/sheet1.xml"


def zip_bomb(rows: int, *, declared: int | None = None, padding: int = 2_000_000) -> bytes:
    """An .xlsx whose first sheet is `rows` repeated `<row>` elements, deflated (10,000,000
    rows are 260 MB of XML in about 250 KB), with `padding` random bytes stored as an image
    so the file is the size of a real workbook. `declared`: the size the sheet's zip headers
    claim instead of the truth (a bomb that lies)."""
    plain = io.BytesIO()
    with xlsxwriter.Workbook(plain) as book:
        book.add_worksheet("Register").write_row(0, 0, ["id", "name", "directorate", "status"])
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            if name != BOMB_SHEET:
                out.writestr(name, source.read(name))
        with out.open(BOMB_SHEET, "w") as part:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/')
            part.write(b'2006/main"><sheetData>')
            block = BOMB_ROW * 10_000
            for _ in range(rows // 10_000):
                part.write(block)
            part.write(b"</sheetData></worksheet>")
        out.writestr("xl/media/image1.png", os.urandom(padding), zipfile.ZIP_STORED)
    data = bytearray(bomb.getvalue())
    if declared is not None:
        _declare(data, BOMB_SHEET.encode(), declared)
    return bytes(data)


def _declare(data: bytearray, name: bytes, size: int) -> None:
    """Overwrite a part's uncompressed size in its central and local zip headers."""
    for signature, fixed, field in ((b"PK\x01\x02", 46, 24), (b"PK\x03\x04", 30, 22)):
        at = data.find(signature)
        while at >= 0:
            if data[at + fixed : at + fixed + len(name)] == name:
                struct.pack_into("<I", data, at + field, size)
            at = data.find(signature, at + 4)
