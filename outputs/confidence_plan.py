"""The plan for a confidence level as the Board reads it: its summary block and its pack section.

Everything comes from `run.confident` (`risk.confident`); nothing is recomputed here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from outputs.board_html import e as _e
from outputs.board_html import section as _section
from outputs.board_html import table as _table
from outputs.board_text import format_k, plural
from reset.run import ResetRun

CHANGED_SHOWN = 60
"""Changed decisions listed in the pack (all are in summary.json and decisions.csv)."""


def confidence_summary(run: ResetRun) -> dict[str, Any] | None:
    """The confidence plan beside the recommended one, per year and per changed project; None
    when no confidence was asked for."""
    sure = run.confident
    if sure is None:
        return None
    result, index = run.result, run.portfolio.index()
    recommended = {d.id: d for d in result.decisions}
    return {
        "confidence": sure.confidence,
        "futures": sure.futures,
        "reached": sure.reached,
        "objective": sure.objective,
        "price_points": sure.price,
        "seconds": sure.seconds,
        "years": [
            {
                "year": year,
                "gap_k": float(result.gap[t]),
                "benefit_k": float(sure.benefit[t]),
                "recommended_benefit_k": float(result.benefit[t]),
                "in_sample": float(sure.in_sample[t]),
                "reachable": float(sure.reachable[t]),
                "p_closed": float(sure.odds.p_closed[t]),
                "recommended_p_closed": float(run.odds.p_closed[t]),
            }
            for t, year in enumerate(result.years)
        ],
        "p_every_year": sure.odds.p_every_year,
        "recommended_p_every_year": run.odds.p_every_year,
        "changed": [
            {
                "id": project_id,
                "name": recommended[project_id].name,
                "recommended": recommended[project_id].decided,
                "at_confidence": sure.decided[index[project_id]],
            }
            for project_id in sorted(sure.changed, key=lambda i: recommended[i].rank)
        ],
    }


def confidence_title(block: dict[str, Any]) -> str:
    """What the confidence costs, and whether it is reached."""
    level = f"{block['confidence']:.0%}"
    short = [y["year"] for y in block["years"] if y["in_sample"] < block["confidence"] - 1e-9]
    reached = (
        f"closes every year's gap in at least {level} of the sampled futures"
        if not short
        else f"comes as near {level} as any plan found ({', '.join(short)} short)"
    )
    return (
        f"For {level} confidence: a plan that {reached}, for {block['price_points']:.1f} "
        f"objective points and "
        f"{plural(len(block['changed']), 'changed decision', 'changed decisions')}"
    )


def confidence_section(block: dict[str, Any] | None) -> str:
    """The pack's section: per year the gap closed and the chance of closing it, in the
    recommended plan and the confidence plan, and the decisions that change."""
    if block is None:
        return ""
    level = f"{block['confidence']:.0%}"
    years = pd.DataFrame(block["years"])
    table = pd.DataFrame(
        {
            "Year": years["year"],
            "Gap": years["gap_k"].map(format_k),
            "Expected, recommended": years["recommended_benefit_k"].map(format_k),
            f"Expected, {level} plan": years["benefit_k"].map(format_k),
            "Chance closed, recommended": years["recommended_p_closed"].map("{:.0%}".format),
            f"Chance closed, {level} plan": years["p_closed"].map("{:.0%}".format),
            "Most any plan could": years["reachable"].map("{:.0%}".format),
        }
    )
    changed = pd.DataFrame(
        block["changed"][:CHANGED_SHOWN], columns=["id", "name", "recommended", "at_confidence"]
    )
    changed.columns = ["ID", "Project", "Recommended", f"In the {level} plan"]
    more = len(block["changed"]) - CHANGED_SHOWN
    hopeless = years.loc[years["reachable"] < block["confidence"] - 1e-9, "year"].tolist()
    return _section(
        "confidence",
        confidence_title(block),
        f'<p class="note">The plan of most value whose every year\'s gap is closed in at least '
        f"{level} of {block['futures']:,} sampled futures of delivery (the odds' kind, drawn "
        "apart from them, so the chances below are the 10,000 futures' own, out of sample). "
        "Its price is the value given up against the recommended plan, on the 0-100 objective. "
        "It is found as the largest registers' plans are (the LP relaxation settles most "
        "decisions, the rest are solved exactly), so another plan may close a few more futures."
        + (
            _e(
                f" In {', '.join(hopeless)} no plan can: even every project, at its best, "
                "closes the gap in fewer futures than that (the last column)."
            )
            if hopeless
            else ""
        )
        + f" Chance of closing every year: {block['recommended_p_every_year']:.0%} recommended, "
        f"{block['p_every_year']:.0%} in this plan.</p>",
        _table(table, numeric=tuple(table.columns[1:]), css_class="compact"),
        f"<h3>Decisions that change ({len(block['changed'])})</h3>",
        _table(changed) if len(changed) else '<p class="note">None.</p>',
        f'<p class="note">{more:,} more in summary.json and decisions.csv '
        "(<code>at_confidence</code>).</p>"
        if more > 0
        else "",
    )


def at_confidence(run: ResetRun) -> list[str | None]:
    """Each project's decision in the confidence plan (register order), or None throughout."""
    sure = run.confident
    if sure is None:
        return [None] * run.portfolio.size
    return list(sure.decided)
