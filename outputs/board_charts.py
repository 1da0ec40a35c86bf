"""The board pack's charts: each turns one `board_tables` frame into a plotly figure.

The only board module that imports plotly. Plotly renders labels, legend names and hover text
as HTML, so every piece of register text is escaped here before plotly sees it.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from outputs.board_text import role_label
from outputs.palette import DECISION_COLOURS
from portfolio import BUSINESS_AS_USUAL

PROGRAMME_COLOURS = [
    "#332288",
    "#44AA99",
    "#CC6677",
    "#88CCEE",
    "#882255",
    "#DDCC77",
    "#117733",
    "#AA4499",
    "#999933",
    "#6699CC",
]
"""Paul Tol's muted scheme: tells programmes apart for colour-blind readers too."""
BAU_COLOUR = "#BBBBBB"
GAP_COLOUR = "#B2182B"
RANGE_COLOUR = "#222222"
BEFORE_COLOUR = "#C8C8C8"
AFTER_COLOUR = DECISION_COLOURS["continue"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
PRINT_HEIGHT = 540
"""The tallest chart: with its section's title it fits one A4 landscape page."""
MONEY_AXIS = {"tickprefix": "£", "ticksuffix": "k", "tickformat": ",.0f", "rangemode": "tozero"}


def benefits_chart(years: pd.DataFrame, by_programme: pd.DataFrame) -> go.Figure:
    """Stacked expected benefit per programme and year, the gap as a line, and the low-high
    range of the year's total as a whisker band over each stack."""
    year_labels = [_safe(y) for y in years["year"]]
    figure = go.Figure()
    programmes = list(dict.fromkeys(by_programme["programme"]))
    colours = iter(PROGRAMME_COLOURS * (1 + len(programmes) // len(PROGRAMME_COLOURS)))
    for programme in programmes:
        rows = by_programme[by_programme["programme"] == programme].set_index("year")
        rows = rows.reindex(years["year"], fill_value=0.0)
        figure.add_trace(
            go.Bar(
                x=year_labels,
                y=rows["benefit_k"].round(1).tolist(),
                name=_safe(programme),
                marker_color=BAU_COLOUR if programme == BUSINESS_AS_USUAL else next(colours),
                customdata=rows[["low_k", "high_k"]].round(1).values.tolist(),
                hovertemplate="<b>%{fullData.name}</b> %{x}<br>£%{y:,.0f}k expected"
                "<br>£%{customdata[0]:,.0f}k to £%{customdata[1]:,.0f}k<extra></extra>",
            )
        )
    total = years["benefit_k"]
    figure.add_trace(
        go.Scatter(
            x=year_labels,
            y=total.round(1).tolist(),
            name="Low-high range of the total",
            mode="markers",
            marker={"color": RANGE_COLOUR, "size": 7, "symbol": "line-ew-open"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (years["high_k"] - total).clip(lower=0).round(1).tolist(),
                "arrayminus": (total - years["low_k"]).clip(lower=0).round(1).tolist(),
                "color": RANGE_COLOUR,
                "thickness": 2,
                "width": 14,
            },
            customdata=years[["low_k", "high_k"]].round(1).values.tolist(),
            hovertemplate="Total %{x}: £%{y:,.0f}k expected<br>£%{customdata[0]:,.0f}k to "
            "£%{customdata[1]:,.0f}k across the range<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=year_labels,
            y=years["gap_k"].round(1).tolist(),
            name="Budget gap",
            mode="lines+markers",
            line={"color": GAP_COLOUR, "width": 3, "dash": "dash"},
            marker={"size": 9, "symbol": "diamond"},
            hovertemplate="Budget gap %{x}: £%{y:,.0f}k<extra></extra>",
        )
    )
    figure.update_layout(barmode="stack", yaxis=MONEY_AXIS | {"title": "£k per year"})
    return _styled(figure, height=400)


def decisions_chart(counts: pd.DataFrame, by: str) -> go.Figure:
    """One horizontal bar per programme or directorate, stacked by decision, largest on top."""
    groups = [_safe(g) for g in counts[by]]
    figure = go.Figure()
    for decision, colour in DECISION_COLOURS.items():
        if decision not in counts:
            continue
        figure.add_trace(
            go.Bar(
                y=groups,
                x=counts[decision].astype(int).tolist(),
                orientation="h",
                name=decision.capitalize(),
                legendgroup=decision,
                marker_color=colour,
                hovertemplate="%{y}: %{x} to " + decision + "<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": "projects", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return _styled(figure, height=140 + 34 * len(groups))


def odds_chart(odds: pd.DataFrame) -> go.Figure:
    """A fan chart: the gap each year's plan closes in 80 % of the simulated futures (P10-P90,
    shaded), its median, and the gap."""
    labels = [_safe(y) for y in odds["year"]]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=odds["p90_k"].round(1).tolist(),
            name="P90",
            mode="lines",
            line={"color": RANGE_COLOUR, "width": 1},
            hovertemplate="%{x}: P90 £%{y:,.0f}k closed<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=odds["p10_k"].round(1).tolist(),
            name="P10-P90: 8 in 10 futures",
            mode="lines",
            fill="tonexty",
            fillcolor="rgba(120, 120, 120, 0.25)",
            line={"color": RANGE_COLOUR, "width": 1},
            hovertemplate="%{x}: P10 £%{y:,.0f}k closed<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=odds["p50_k"].round(1).tolist(),
            name="Median future",
            mode="lines+markers",
            line={"color": AFTER_COLOUR, "width": 3},
            hovertemplate="%{x}: median £%{y:,.0f}k closed<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=odds["gap_k"].round(1).tolist(),
            name="Budget gap",
            mode="lines+markers",
            line={"color": GAP_COLOUR, "width": 3, "dash": "dash"},
            marker={"size": 9, "symbol": "diamond"},
            hovertemplate="%{x}: gap £%{y:,.0f}k<extra></extra>",
        )
    )
    figure.update_layout(yaxis={"title": "£k of the gap closed", "rangemode": "tozero"})
    return _styled(figure, height=420)


def capacity_chart(roles: pd.DataFrame) -> go.Figure:
    """Per role and year: FTE all registered work would need, FTE the plan uses, and the
    capacity."""
    labels = [
        _safe(f"{role_label(r)} {y}") for r, y in zip(roles["role"], roles["year"], strict=True)
    ]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=labels,
            x=roles["demand_fte"].round(2).tolist(),
            orientation="h",
            name="Before: all registered work",
            marker_color=BEFORE_COLOUR,
            hovertemplate="%{y}: %{x:,.1f} FTE needed by all work<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            y=labels,
            x=roles["used_fte"].round(2).tolist(),
            orientation="h",
            name="After: the reset plan",
            marker_color=AFTER_COLOUR,
            hovertemplate="%{y}: %{x:,.1f} FTE used by the plan<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            y=labels,
            x=(roles["capacity_fte"] + roles["external_fte"]).round(2).tolist(),
            name="Capacity (with any bought in)",
            mode="markers",
            marker={"symbol": "line-ns", "size": 30, "line": {"width": 3, "color": "#222222"}},
            hovertemplate="%{y}: capacity %{x:,.1f} FTE<extra></extra>",
        )
    )
    figure.update_layout(
        barmode="group",
        bargap=0.25,
        xaxis={"title": "FTE", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return _styled(figure, height=90 + 26 * len(labels))


def frontier_chart(frontier: pd.DataFrame) -> go.Figure:
    """Share of the gap closed and the objective as every role's capacity (or budget) scales."""
    of = _safe(str(frontier["of"].iloc[0]))
    points = frontier.sort_values("scale")
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=points["scale"].tolist(),
            y=(points["closed"] * 100).round(2).tolist(),
            name="Gap closed (%)",
            mode="lines+markers",
            line={"color": DECISION_COLOURS["continue"], "width": 3},
            marker={"size": 9},
            hovertemplate="%{x:g}x " + of + ": %{y:.1f}% of the gap closed<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=points["scale"].tolist(),
            y=points["objective"].round(2).tolist(),
            name="Objective (0-100)",
            mode="lines+markers",
            yaxis="y2",
            line={"color": "#555555", "width": 2, "dash": "dot"},
            hovertemplate="%{x:g}x " + of + ": objective %{y:.1f}<extra></extra>",
        )
    )
    figure.add_vline(x=1.0, line={"color": "#999999", "dash": "dash"}, annotation_text="today")
    figure.update_layout(
        xaxis={
            "title": f"multiple of today's {of}",
            "tickvals": points["scale"].tolist(),
            "ticktext": [f"{scale:g}x" for scale in points["scale"]],
        },
        yaxis={"title": "% of the gap closed", "ticksuffix": "%", "range": [0, 105], "dtick": 20},
        yaxis2={
            "title": "objective",
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "dtick": 20,
            "showgrid": False,
        },
    )
    return _styled(figure, height=420)


def _styled(figure: go.Figure, height: int) -> go.Figure:
    """One look for every chart: white, readable type, legend below, no taller than a page."""
    figure.update_layout(
        template="plotly_white",
        height=min(height, PRINT_HEIGHT),
        font={"family": FONT, "size": 13, "color": "#222222"},
        margin={"l": 60, "r": 30, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0},
        hoverlabel={"font": {"family": FONT}},
        separators=".,",
    )
    return figure


def _safe(text: object) -> str:
    """Register text as plotly shows it: escaped, so it is only ever text."""
    return html.escape(str(text))
