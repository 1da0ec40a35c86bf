"""Dependency findings as text grouped by kind, and as JSON."""

from __future__ import annotations

import json

from dependencies.findings import FindingKind
from dependencies.report import DependencyReport

TITLES = {
    FindingKind.PREREQUISITE_CHAIN: "Prerequisite chains",
    FindingKind.BROKEN_PREREQUISITE: "Broken prerequisites",
    FindingKind.CLASH: "Clashes",
    FindingKind.TOGETHER: "Projects that go together",
    FindingKind.DOUBLE_COUNTING: "Double counting (shared benefit pools)",
    FindingKind.NOT_NEW_MONEY: "Not new money",
    FindingKind.LIKELY_DUPLICATE: "Likely duplicates",
    FindingKind.CRITICAL_ENABLER: "Critical enablers",
}


SHOWN_INFO = 15
"""Long informational lists are cut to this many lines in text; JSON always has them all."""
FULL_KINDS = frozenset(k for k in FindingKind if k is not FindingKind.PREREQUISITE_CHAIN)


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
            shown = chosen if kind in FULL_KINDS else chosen[:SHOWN_INFO]
            lines += [f"  - [{f.severity.value}] {f.message}. Fix: {f.fix}" for f in shown]
            if len(shown) < len(chosen):
                lines.append(f"  ... and {len(chosen) - len(shown)} more (--format json lists all)")
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
