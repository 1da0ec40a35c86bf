"""A CSV file's bytes as text, line by line: UTF-8 first, Windows-1252 for the lines that are
not, so a mostly UTF-8 file with a few pasted Windows-1252 rows keeps its £ and é everywhere
(decoding the whole file as Windows-1252 would garble them)."""

from __future__ import annotations


def decode_lines(data: bytes) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The text, with the lines (from 1) read as Windows-1252 and those neither it nor UTF-8.

    Line by line, so a file that is mostly UTF-8 with a few pasted Windows-1252 rows keeps
    its £ and é everywhere (decoding the whole file as Windows-1252 would garble them).
    """
    try:
        return data.decode("utf-8-sig"), (), ()
    except UnicodeDecodeError:
        pass
    lines, legacy, bad = [], [], []
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            lines.append(line.decode("cp1252"))
            legacy.append(number)
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
            bad.append(number)
    return "\n".join(lines), tuple(legacy), tuple(bad)


def mixes_encodings(data: bytes, legacy: tuple[int, ...]) -> bool:
    """Some line outside `legacy` is UTF-8 beyond ASCII: the file mixes two encodings."""
    if not legacy:
        return False
    odd = set(legacy)
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    return any(not line.isascii() for n, line in enumerate(lines, start=1) if n not in odd)
