"""Reading a file the user named: only a regular file, only up to a size, never blocking.

A FIFO would wait for a writer, /dev/zero never ends, and a file swapped in after a check is
another file: so the checks are made on the open descriptor, before a byte is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from inputs.problems import Refused

MB = 1024 * 1024


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, refused before reading if it is anything else or over `limit`.

    Opened without blocking and checked on the open descriptor, so a FIFO (which would wait
    for a writer), /dev/zero (endless) or a file swapped in after a check is never read.

    Raises:
        Refused: missing, a folder, not a regular file, unreadable, or over `limit`.
    """
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except FileNotFoundError as error:
        raise Refused(f"file not found at {path}", "check the path and file name") from error
    except IsADirectoryError as error:
        raise Refused(_FOLDER, "give the path of the file itself") from error
    except OSError as error:
        if path.is_dir():  # Windows opens no folder, and says "permission denied"
            raise Refused(_FOLDER, "give the path of the file itself") from error
        raise Refused(f"cannot be opened ({error.strerror})", _ACCESS_FIX) from error
    try:
        size = _regular_size(os.fstat(descriptor), limit)
    except Refused:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data, more = handle.read(size), handle.read(1)
        except OSError as error:
            raise Refused(f"cannot be read ({error.strerror})", _ACCESS_FIX) from error
    if more:
        raise Refused("grew while it was being read", "give it again once it is saved")
    return data


def _regular_size(info: os.stat_result, limit: int) -> int:
    """The size of a regular file of at most `limit` bytes; anything else refused."""
    if stat.S_ISDIR(info.st_mode):
        raise Refused(_FOLDER, "give the path of the file itself")
    if not stat.S_ISREG(info.st_mode):
        raise Refused(
            "is not a regular file (it is a pipe, device or socket), so it is not read",
            "save the data to a file and give that file's path",
        )
    if info.st_size > limit:
        raise Refused(
            f"is {info.st_size / MB:,.1f} MB, over the {limit / MB:g} MB limit",
            "delete unused sheets, images and blank formatted rows, or split the file",
        )
    return info.st_size


_FOLDER = "is a folder, not a file"
_ACCESS_FIX = "check the file is not open elsewhere and that you may read it"
