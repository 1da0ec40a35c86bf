"""Writing a command's files as one set, all or nothing, and checking a set read back.

The files are written into a hidden folder beside the target, flushed to disk, listed with
their sha256 in `run.json`, and only then swapped in for the previous set by two renames. A
kill or a full disk at any moment leaves the previous complete set, or (between the renames)
no set, never a mix: a reader finds either a whole set or none.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from inputs.errors import OutputError
from outputs.stamp import Stamp, stamped_run

MANIFEST = "run.json"
_PARTIAL = ".partial-"
_OLD = ".old-"
_SHOWN = 5
STALE_SECONDS = 3600
"""Age at which, on Windows, a run's leftover is taken as abandoned."""
LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
"""Files a file manager writes into any folder it shows: replaced with the set, not refused."""


def write_set(
    target: Path, stamp: Stamp, write: Callable[[Path], list[Path]], known: Iterable[str] = ()
) -> list[Path]:
    """`write(folder)` into a hidden folder beside `target`, then the whole set into place.

    `known` are the names an older, unstamped set of this command holds: replaced like the
    files a manifest lists. Returns the files' paths in `target`.

    Raises:
        OutputError: `target` is a file, or holds files this set would not replace.
        OSError: a file cannot be written (the previous set is left as it was).
    """
    target = Path(os.path.abspath(target))
    _refuse_foreign(target, frozenset(known))
    target.parent.mkdir(parents=True, exist_ok=True)
    _clear_abandoned(target)
    partial = target.parent / f".{target.name}{_PARTIAL}{os.getpid()}-{stamp.run_id}"
    partial.mkdir()
    try:
        written = write(partial)
        manifest = {
            **stamp.as_dict(),
            "files": {path.name: file_hash(path) for path in written},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        for name in (*manifest["files"], MANIFEST):
            _flush(partial / name)
        _swap(partial, target, stamp)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return [target / path.name for path in written]


def replace_file(path: Path, write: Callable[[Path], object]) -> None:
    """`write(temporary)` beside `path`, then one rename: the old file or the new, never half.

    Raises:
        OSError: the file cannot be written (the old one is left as it was).
    """
    path = Path(os.path.abspath(path))
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give a file name to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    _clear_abandoned_files(path)
    temporary = path.with_name(f".{path.stem}{_PARTIAL}{os.getpid()}{path.suffix}")
    try:
        write(temporary)
        _flush(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _refuse_foreign(target: Path, known: frozenset[str]) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"{target} is a file, not a folder: give --out a folder of its own")
    ours = known | _listed(target) | {MANIFEST} | LITTER
    foreign = sorted(entry.name for entry in target.iterdir() if entry.name not in ours)
    open_in_excel = [name[2:] for name in foreign if name.startswith("~$")]
    if open_in_excel:
        raise OutputError(
            f"{', '.join(open_in_excel)} in {target} is open in Excel: close it, then run again"
        )
    if foreign:
        more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        raise OutputError(
            f"{target} holds files prioritise did not write there ({', '.join(foreign[:_SHOWN])}"
            f"{more}); a new set replaces the whole folder, so they would be lost: give --out "
            "an empty or new folder, or move those files out"
        )


def _listed(folder: Path) -> set[str]:
    try:
        return set(_manifest(folder)[1])
    except OutputError:
        return set()


def _clear_abandoned(target: Path) -> None:
    """What a killed run left beside `target`: its half-written folder is removed; the previous
    set it had moved aside (killed between the two renames of `_swap`) is put back if no set
    took its place. A live process's are left alone."""
    prefix = f".{target.name}."
    old_sets = []
    for entry in target.parent.glob(f"{glob.escape(prefix)}*"):
        kind, _, rest = entry.name[len(prefix) :].partition("-")
        if f".{kind}-" not in (_PARTIAL, _OLD) or not _abandoned(entry, rest.split("-", 1)[0]):
            continue
        if kind == _OLD.strip(".-"):
            old_sets.append(entry)
        else:
            shutil.rmtree(entry, ignore_errors=True)
    for entry in sorted(old_sets, key=lambda e: e.stat().st_mtime, reverse=True):
        if not target.exists():
            os.rename(entry, target)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _clear_abandoned_files(path: Path) -> None:
    """Temporary files a killed `replace_file` left beside `path`."""
    pattern = f"{glob.escape(f'.{path.stem}{_PARTIAL}')}*{glob.escape(path.suffix)}"
    for entry in path.parent.glob(pattern):
        pid = entry.name[len(f".{path.stem}{_PARTIAL}") :].removesuffix(path.suffix)
        if entry.is_file() and _abandoned(entry, pid):
            entry.unlink(missing_ok=True)


def _abandoned(entry: Path, pid: str) -> bool:
    """Whether the process that made `entry` is gone: asked of the system where it can be
    asked safely; on Windows (where os.kill(pid, 0) sends Ctrl-C) when it is an hour old."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    if os.name == "nt":
        return time.time() - entry.stat().st_mtime > STALE_SECONDS
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _flush(path: Path) -> None:
    """To disk before the rename that publishes it (opened for writing: Windows needs that)."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _swap(partial: Path, target: Path, stamp: Stamp) -> None:
    """Two renames: the previous set aside, the new one in; the previous one back if the second
    fails (a file held open by a virus scanner, say), so the message that it stands is true."""
    if not target.exists():
        os.rename(partial, target)
        return
    old = target.parent / f".{target.name}{_OLD}{os.getpid()}-{stamp.run_id}"
    os.rename(target, old)
    try:
        os.rename(partial, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def set_stamp(folder: Path) -> Stamp:
    """The stamp of the set `run.json` describes.

    Raises:
        OutputError: the folder has no readable `run.json`.
    """
    return _manifest(folder)[0]


def _manifest(folder: Path) -> tuple[Stamp, dict[str, str]]:
    """`run.json` read once: the set's stamp, and each file's name -> sha256 as written.

    Raises:
        OutputError: the folder has no readable `run.json`.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        stamp = Stamp(**{field: manifest[field] for field in Stamp.__dataclass_fields__})
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError("its files are not listed by name")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise OutputError(
            f"{folder} has no readable {MANIFEST}, so its files cannot be shown to be one set "
            f"({error}): write the set again with the command that made it"
        ) from error
    return stamp, files


def mixed_with(path: Path) -> str | None:
    """Why `path` is not the file of that name its folder's `run.json` lists; None when it is,
    or when no manifest there lists it (a workbook a director sent back stands alone)."""
    try:
        stamp, files = _manifest(path.parent)
        run_id = stamp.run_id
        found = stamped_run(path) if path.name in files else run_id
    except (OutputError, OSError, ValueError):
        return None
    if found != run_id:
        return f"{path.name} is from run {found or '(unstamped)'}, not {run_id} as {MANIFEST} says"
    return None


def check_set(folder: Path) -> list[str]:
    """What is wrong with an output set read back: [] when every file `run.json` lists is
    present, carries its run id, and (workbooks apart, which directors edit) is unchanged,
    and nothing else is in the folder.

    Raises:
        OutputError: the folder has no readable `run.json`.
    """
    stamp, files = _manifest(folder)
    run_id = stamp.run_id
    problems = []
    for name, digest in files.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        found, edited = stamped_run(path), path.suffix.lower() in (".xlsx", ".xlsm")
        if found != run_id and (found is not None or edited):
            problems.append(f"{name} is from run {found or '(unstamped)'}, not {run_id}")
        elif not edited and file_hash(path) != digest:
            problems.append(f"{name} has changed since run {run_id} wrote it")
    listed = set(files) | {MANIFEST} | LITTER
    problems += [
        f"{entry.name} is not part of run {run_id}"
        for entry in sorted(folder.iterdir())
        if entry.name not in listed
    ]
    return problems
