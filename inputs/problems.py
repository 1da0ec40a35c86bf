"""Problems found in a register or config, and the errors that carry them.

A council fixes its register in Excel, so every problem says where to look
(file, Excel row, column, cell), what was there, what is wrong and how to fix it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(BaseModel):
    """One thing wrong (error) or worth knowing (warning) about an input file."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    file: str
    message: str
    fix: str
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: str | None = None
    project_id: str | None = None
    key: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def describe(self) -> str:
        """One readable line: where, what was there, what is wrong, and the fix."""
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'" + (f" ({self.cell})" if self.cell else ""))
        elif self.cell is not None:
            where.append(f"cell {self.cell}")
        if self.key is not None:
            where.append(f"key '{self.key}'")
        if self.project_id is not None:
            where.append(f"project {self.project_id}")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"value {_quote(self.value)} "
        return f"{text}{self.message}. Fix: {self.fix}"


def _quote(value: str) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return '"' + shown.replace("\n", "\\n") + '"'


def errors_in(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    return [p for p in problems if p.is_error]


class Refused(ValueError):
    """A reader's refusal before it knows how the user is told: what is wrong and the fix
    (empty where it depends on what the file is for). The caller makes it a Problem naming the
    file, row or key."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
