"""One colour per decision, shared by the Excel exports and the board pack so they agree."""

from __future__ import annotations

DECISION_COLOURS: dict[str, str] = {
    "accelerate": "#1B7A3A",  # dark green: more people and money, benefits sooner
    "continue": "#2F6DB5",  # blue: proceeds as planned
    "keep": "#5B8DC9",  # light blue: a director's lock that the project proceeds
    "pause": "#F0A202",  # amber: worthwhile, stopped for now
    "terminate": "#7F7F7F",  # grey: stopped for good
}
"""Fill colour (hex) per decision and per `keep` lock."""

DECISION_TEXT_COLOURS: dict[str, str] = {
    "accelerate": "#FFFFFF",
    "continue": "#FFFFFF",
    "keep": "#FFFFFF",
    "pause": "#000000",
    "terminate": "#FFFFFF",
}
"""Text colour that stays readable on each fill."""
