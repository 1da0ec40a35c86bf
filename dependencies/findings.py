"""What a dependency check finds: a kind, a severity, the projects, and the fix."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class FindingKind(StrEnum):
    PREREQUISITE_CHAIN = "prerequisite_chain"
    BROKEN_PREREQUISITE = "broken_prerequisite"
    CLASH = "clash"
    TOGETHER = "together"
    DOUBLE_COUNTING = "double_counting"
    NOT_NEW_MONEY = "not_new_money"
    LIKELY_DUPLICATE = "likely_duplicate"
    CRITICAL_ENABLER = "critical_enabler"


class FindingSeverity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    INFO = "info"


class Finding(BaseModel):
    """One issue the board or PMO should see, naming every project involved."""

    model_config = ConfigDict(frozen=True)

    kind: FindingKind
    severity: FindingSeverity
    project_ids: tuple[str, ...]
    message: str
    fix: str
    data: dict[str, object] = {}
    stands_for: int = 1
    """How many findings of its kind this one names together (the critical enablers beyond
    those named one by one), so counts stay true while the report stays readable."""
