"""What-if outputs: comparison.csv, comparison.json and an HTML page, for one or many scenarios."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from outputs.safe_text import write_csv
from outputs.stamp import Stamp, new_stamp
from reset.whatif import Comparison, compare_scenarios

COMPARISON_FILES = ("comparison.csv", "comparison.json", "comparison.html", "scenarios.csv")
PAGE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; }
@media print { body { margin: 0.5cm; } h2 { page-break-before: auto; } }
"""


def changes_frame(comparisons: list[Comparison]) -> pd.DataFrame:
    """Every changed project of every scenario, with the scenario's name first."""
    frames = [c.changes.assign(scenario=c.scenario.name) for c in comparisons]
    columns = ["scenario", *(comparisons[0].changes.columns if comparisons else [])]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def write_comparison(comparisons: list[Comparison], folder: Path, stamp: Stamp) -> list[Path]:
    """comparison.csv (changed projects), comparison.json (everything), comparison.html,
    and scenarios.csv (scenarios side by side), each stamped with `stamp`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in COMPARISON_FILES]
    write_csv(stamp.on_rows(changes_frame(comparisons)), paths[0])
    paths[1].write_text(
        json.dumps(
            [{"run": stamp.as_dict(), **c.to_dict()} for c in comparisons], indent=2, default=float
        ),
        encoding="utf-8",
    )
    paths[2].write_text(comparison_page(comparisons, stamp), encoding="utf-8")
    write_csv(stamp.on_rows(compare_scenarios(comparisons)), paths[3])
    return paths


def comparison_stamp(comparisons: list[Comparison]) -> Stamp:
    """A new run id for a set of comparisons, with the baseline's register and config."""
    baseline = comparisons[0].baseline
    return new_stamp(baseline.register, baseline.config)


def _mtfs_text(kept: float) -> str:
    """What the scenario does to MTFS savings that year, in words; nothing if nothing."""
    if kept > 0.5:
        return f"; keeps £{kept:,.0f}k more of the MTFS savings"
    if kept < -0.5:
        return f"; puts £{-kept:,.0f}k more of the MTFS savings at risk"
    return ""


def format_comparison_text(comparison: Comparison) -> str:
    """A few lines for the terminal."""
    lines = [
        f"Scenario '{comparison.scenario.name}': {comparison.scenario.describe()}",
        f"  objective {comparison.run.result.objective:.2f} "
        f"({comparison.objective_change:+.2f} on the baseline)",
    ]
    years = comparison.years
    kept = years["mtfs_kept_change_k"].tolist()
    odds = zip(years["p_closed_scenario"].tolist(), years["p_closed_change"].tolist(), strict=True)
    for row, change, (chance, moved_by) in zip(years.itertuples(), kept, odds, strict=True):
        lines.append(
            f"  {row.year}: £{row.benefit_scenario_k:,.0f}k closes {row.coverage_scenario:.0%} "
            f"of the gap ({row.benefit_change_k:+,.0f}k)"
            + _mtfs_text(change)
            + f"; chance of closing it {chance:.0%} ({100 * moved_by:+.0f} points)"
        )
    moved = comparison.roles[comparison.roles["fte_change"].abs() > 1e-9]
    for row in moved.itertuples():
        lines.append(f"  {row.role} in {row.year}: {row.fte_change:+.1f} FTE used")
    lines += [f"  {note}" for note in comparison.already()]
    lines.append(f"  {len(comparison.changes)} project(s) change decision")
    for row in comparison.changes.head(20).itertuples():
        lines.append(
            f"    {row.id}: {row.baseline_decision} -> {row.scenario_decision} ({row.cause})"
        )
    if len(comparison.changes) > 20:
        lines.append(f"    ... and {len(comparison.changes) - 20} more in comparison.csv")
    return "\n".join(lines)


def comparison_page(comparisons: list[Comparison], stamp: Stamp) -> str:
    """One printable page; every register text is escaped by pandas or html.escape."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        stamp.meta_tag(),
        "<title>What-if comparison</title><style>",
        PAGE_STYLE,
        "</style></head><body><h1>What if: scenarios against the recommended plan</h1>",
        _table(compare_scenarios(comparisons), percent=True),
    ]
    for comparison in comparisons:
        name = html.escape(comparison.scenario.name)
        parts += [
            f"<h2>{name}: {html.escape(comparison.scenario.describe())}</h2>",
            f"<p>Objective {comparison.run.result.objective:.2f} "
            f"({comparison.objective_change:+.2f} on the baseline); "
            f"{len(comparison.changes)} project(s) change decision; "
            f"dependants hit: {html.escape(', '.join(comparison.dependants_hit()) or 'none')}."
            + "".join(f" {html.escape(note)}." for note in comparison.already())
            + "</p>",
            "<h3>Benefits and gap coverage by year</h3>",
            _table(comparison.years, percent=True),
            "<h3>FTE by role</h3>",
            _table(comparison.roles),
            "<h3>Projects whose decision changes</h3>",
            _table(comparison.changes),
        ]
    parts.append(f"<footer><p>{html.escape(stamp.text())}</p></footer></body></html>")
    return "\n".join(parts)


def _table(frame: pd.DataFrame, percent: bool = False) -> str:
    formatters = {}
    for column in frame.columns:
        if percent and column.startswith("coverage"):
            formatters[column] = "{:.0%}".format
        elif pd.api.types.is_float_dtype(frame[column]):
            formatters[column] = "{:,.1f}".format
    shown = frame.to_html(index=False, escape=True, formatters=formatters, border=0)
    for column in frame.columns:
        label = column.replace("_k", " £k").replace("_", " ").capitalize()
        shown = shown.replace(f"<th>{column}</th>", f"<th>{html.escape(label)}</th>")
    return shown
