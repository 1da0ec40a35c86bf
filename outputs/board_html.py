"""The board pack's HTML: its style sheet, print rules and the escaped building blocks.

Register text is escaped wherever it is written: `e` for HTML, `css` for the printed page
headers. Charts are embedded without plotly.js, which the pack inlines once in its head.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from outputs.palette import DECISION_COLOURS, DECISION_TEXT_COLOURS

SHOWN_IDS = 8
"""Findings naming more projects than this list the first few; summary.json has them all."""
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": "hover"}
PAGE_STYLE = """
:root { --ink: #222; --muted: #5f6368; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial,
  sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 10px; line-height: 1.3; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.sub, .note { color: var(--muted); margin: 4px 0; }
nav { margin: 14px 0 8px; font-size: 14px; }
nav a { color: #2F6DB5; margin-right: 14px; text-decoration: none; }
section { border-top: 2px solid var(--ink); padding-top: 14px; margin-top: 30px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { flex: 1 1 180px; border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
.card .big { font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: 13px; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px;
  font-weight: 600; white-space: nowrap; }
.action { color: var(--muted); font-size: 12px; }
ul.enablers { margin: 4px 0 10px; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 14px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { width: 100%; }
table.findings td:nth-child(1) { width: 70px; }
table.findings td:nth-child(2) { width: 17%; }
table.findings td:nth-child(4) { width: 24%; }
table.route td:nth-child(1) { width: 90px; }
table.route td:nth-child(2) { width: 28%; }
table.route td:nth-child(3) { width: 150px; }
table.ranking { font-size: 12.5px; }
table.ranking td:nth-child(2) { white-space: nowrap; }
table.ranking td:nth-child(3) { width: 20%; }
table.ranking td:nth-child(10) { width: 48%; }
.where { color: var(--muted); font-size: 11px; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav, .modebar-container { display: none !important; }
  section { break-before: page; border-top: none; margin-top: 0; padding-top: 0; }
  section.headline { break-before: avoid; }
  .chart, .card, tr, h2, h3, table.compact, ul.enablers li { break-inside: avoid; }
  h2, h3, .note { break-after: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  table.ranking, table.findings, table.route { font-size: 7.5pt; line-height: 1.25; }
  th, td { padding: 2px 4px; }
  .where, .action { font-size: 7pt; }
  .card .big { font-size: 22px; }
  .chip { font-size: 8pt; }
}
"""
PAGE_MARGIN_STYLE = "font: 8pt system-ui, Arial, sans-serif; color: #5f6368"
PRINT_SCRIPT = """
window.addEventListener("beforeprint", function () {
  document.querySelectorAll(".js-plotly-plot").forEach(function (d) { Plotly.Plots.resize(d); });
});
"""


def page_rule(title: str, day: str, run_id: str) -> str:
    """A4 landscape pages headed by the pack's title and run date, footed by the run id (to
    match a printed page to its set) and the page number."""
    return (
        "@page { size: A4 landscape; margin: 14mm 12mm; "
        f"@top-left {{ content: {css(title)}; {PAGE_MARGIN_STYLE}; }} "
        f"@top-right {{ content: {css('Run ' + day)}; {PAGE_MARGIN_STYLE}; }} "
        f"@bottom-left {{ content: {css('Run ' + run_id)}; {PAGE_MARGIN_STYLE}; }} "
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); '
        f"{PAGE_MARGIN_STYLE}; }} }}"
    )


def section(key: str, title: str, *body: str) -> str:
    return (
        f'<section id="{key}" class="{key}"><h2>{e(title)}</h2>\n' + "\n".join(body) + "</section>"
    )


def chart(figure: go.Figure, div_id: str) -> str:
    """The figure's div and its Plotly.newPlot call; plotly.js itself is already in the head."""
    return (
        '<div class="chart">'
        + figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config=CHART_CONFIG,
            default_width="100%",
        )
        + "</div>"
    )


def card(big: str, label: str) -> str:
    return (
        f'<div class="card"><div class="big">{e(big)}</div>'
        f'<div class="label">{e(label)}</div></div>'
    )


def chip(decision: str) -> str:
    fill = DECISION_COLOURS.get(decision, "#dddddd")
    text = DECISION_TEXT_COLOURS.get(decision, "#000000")
    return f'<span class="chip" style="background:{fill};color:{text}">{e(decision)}</span>'


def decision(decision: str, action: str) -> str:
    """The decision's chip, with the action beneath it where it says more (initiate...)."""
    if action == decision:
        return chip(decision)
    return f'{chip(decision)}<div class="action">{e(action)}</div>'


def first_ids(ids: str) -> str:
    """A long list of project ids cut to its first few, saying how many more there are."""
    listed = ids.split(", ")
    if len(listed) <= SHOWN_IDS:
        return ids
    return ", ".join(listed[:SHOWN_IDS]) + f" and {len(listed) - SHOWN_IDS} more"


def table(frame: pd.DataFrame, numeric: tuple[str, ...] = (), css_class: str = "") -> str:
    """Every header and cell escaped; numeric columns right-aligned."""
    head = "".join(
        f'<th class="num">{e(c)}</th>' if c in numeric else f"<th>{e(c)}</th>"
        for c in frame.columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{e(v)}</td>' if c in numeric else f"<td>{e(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def e(text: object) -> str:
    return html.escape(str(text))


def css(text: str) -> str:
    """Text as a CSS string: every character but letters and digits hex-escaped, so nothing
    in it can end the string or the style sheet."""
    return (
        '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'
    )
