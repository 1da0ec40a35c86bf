"""Dependency findings as text grouped by kind, and as JSON."""

from __future__ import annotations

import json

from dependencies.findings import FindingKind
from dependencies.portfolio import DependencyReport

TITLES = {
    FindingKind.BROKEN_PREREQUISITE: "Broken prerequisites",
    FindingKind.CLASH: "Clashes",
    FindingKind.DOUBLE_COUNTING: "Double counting (shared benefit pools)",
    FindingKind.NOT_NEW_MONEY: "Not new money",
    FindingKind.LIKELY_DUPLICATE: "Likely duplicates across directorates",
    FindingKind.CRITICAL_ENABLER: "Critical enablers",
}


def format_findings_text(report: DependencyReport) -> str:
    counts = report.counts()
    lines = [
        "Findings: "
        + ", ".join(f"{TITLES[k].split(' (')[0].lower()} {counts[k.value]}" for k in FindingKind)
    ]
    for kind in FindingKind:
        chosen = [f for f in report.findings if f.kind is kind]
        if chosen:
            lines += ["", f"{TITLES[kind]} ({len(chosen)}):"]
            lines += [f"  - [{f.severity.value}] {f.message}. Fix: {f.fix}" for f in chosen]
    totals = report.totals.set_index("year")
    lines += ["", "Benefits per year, £k (raw claims / new money / new money de-duplicated / gap):"]
    for year, row in totals.iterrows():
        lines.append(
            f"  {year}: {row.raw_low:,.0f}-{row.raw_high:,.0f} / {row.new_low:,.0f}-"
            f"{row.new_high:,.0f} / {row.dedup_low:,.0f}-{row.dedup_high:,.0f} / {row.gap:,.0f}"
        )
    return "\n".join(lines)


def format_findings_json(report: DependencyReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
