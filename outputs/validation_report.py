"""A validation report as text for people and as JSON for machines."""

from __future__ import annotations

import json

from inputs.register import ValidationReport


def format_validation_text(report: ValidationReport) -> str:
    """Errors first, then warnings, each on one line naming where and how to fix."""
    verdict = (
        f"{report.file}: usable, {len(report.register.projects)} projects"
        if report.register
        else f"{report.file}: NOT usable"
    )
    lines = [f"{verdict} ({len(report.errors)} errors, {len(report.warnings)} warnings)"]
    for title, problems in (("Errors", report.errors), ("Warnings", report.warnings)):
        if problems:
            lines += ["", f"{title}:"]
            lines += [f"  - {problem.describe()}" for problem in problems]
    return "\n".join(lines)


def format_validation_json(report: ValidationReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
