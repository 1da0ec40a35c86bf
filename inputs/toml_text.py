"""TOML files read within limits: a config and a header map alike, so neither can make the
parser recurse or crawl (the parser recurses once per bracket and slows with the square of a
dotted key's parts)."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from inputs.problems import Refused

MAX_TOML_BYTES = 1024 * 1024
"""A config's or header map's size; the sample config is 3 KB."""
MAX_TOML_DEPTH = 32
"""Levels of nesting: arrays and inline tables in one another, or the parts of one dotted key
(`streams.dsg.budget` is 3); the config needs 4. Deeper is refused before parsing."""
_TOML_TOKEN = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
    r"|(\d+(?:\.\d+)+)|([\[\]{}.\n])",
    re.S,
)
"""Strings and comments (skipped whole, so what is in them does not count), figures (whose
one point is no key's), and brackets, points and line ends."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML, its nesting bounded first.

    Raises:
        Refused: nested deeper than MAX_TOML_DEPTH, or not valid TOML.
    """
    depth = deepest = dots = 0
    for token in _TOML_TOKEN.finditer(text):
        figure, mark = token.groups()
        if figure:
            dots += figure.count(".") if figure.count(".") > 1 else 0
        elif mark in ("[", "{"):
            depth += 1
        elif mark in ("]", "}"):
            depth -= 1
        elif mark == ".":
            dots += 1
        elif mark == "\n":
            dots = 0
        deepest = max(deepest, depth, dots + 1)
    if deepest > MAX_TOML_DEPTH:
        raise Refused(
            f"nests arrays, tables or key parts {deepest} deep, over the {MAX_TOML_DEPTH} limit",
            "write it as README shows (a config needs four levels at most, a map two)",
        )
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        reason = "it nests too deeply" if isinstance(error, RecursionError) else error
        raise Refused(f"is not valid TOML: {reason}") from error
