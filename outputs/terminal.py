"""Register text made safe for a terminal: a name can never move the cursor, recolour the
screen or retitle the window (no pandas here: every command prints through it)."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters a terminal acts on rather than shows (ESC and the rest of C0, DEL, C1); a line
break and a tab are kept."""


def terminal_text(text: str) -> str:
    """Text with every control character but newline and tab removed, so register text cannot
    inject escape sequences."""
    return CONTROL.sub("", text)
