"""Output sets: one run id in every file, all written or none, a mixed set found and refused."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from inputs.errors import OutputError
from outputs.output_set import MANIFEST, check_set, replace_file, set_stamp, write_set
from outputs.stamp import Stamp, stamped_run
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

RUN = ["run", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--quiet", "--no-frontier"]
STAMP = Stamp("20261202T000000Z-aaaaaa", "2026-12-02T00:00:00+00:00", "r" * 64, "c" * 64)


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("runs")
    for name in ("a", "b"):
        code, out = _invoke(*RUN, "--out", str(folder / name))
        assert code == 0, out
    return folder / "a", folder / "b"


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def test_every_file_of_a_run_carries_its_run_id(two_runs: tuple[Path, Path]) -> None:
    folder = two_runs[0]
    stamp = set_stamp(folder)
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert set(listed) == {"decisions.csv", "decisions.xlsx", "summary.json", "report.html"}
    assert {name: stamped_run(folder / name) for name in listed} == dict.fromkeys(
        listed, stamp.run_id
    )
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["run"]["register_sha256"] == stamp.register_sha256
    assert stamp.text() in (folder / "report.html").read_text(encoding="utf-8")
    assert check_set(folder) == []
    assert set_stamp(two_runs[1]).run_id != stamp.run_id


def test_verify_names_a_file_from_another_run(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = two_runs
    mixed = _copy(first, tmp_path / "mixed")
    shutil.copy(second / "report.html", mixed / "report.html")
    (mixed / "notes.txt").write_text("mine", encoding="utf-8")
    code, out = _invoke("verify", str(mixed))
    assert code == 1
    second_id, first_id = set_stamp(second).run_id, set_stamp(first).run_id
    assert f"report.html is from run {second_id}, not {first_id}" in out
    assert f"notes.txt is not part of run {first_id}" in out
    code, out = _invoke("verify", str(first))
    assert code == 0 and f"one whole set. Run {first_id}" in out


def test_a_changed_file_and_a_missing_one_are_named(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = _copy(two_runs[0], tmp_path / "set")
    (folder / "decisions.csv").write_text("id,decision\r\nX,continue\r\n", encoding="utf-8")
    (folder / "summary.json").unlink()
    problems = check_set(folder)
    assert any("decisions.csv has changed since run" in p for p in problems)
    assert "summary.json is missing" in problems
    (folder / MANIFEST).unlink()
    with pytest.raises(OutputError, match=r"no readable run\.json"):
        check_set(folder)


def test_a_decisions_workbook_from_another_run_is_not_read_back(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = two_runs
    mixed = _copy(first, tmp_path / "mixed")
    shutil.copy(second / "decisions.xlsx", mixed / "decisions.xlsx")
    base = ["whatif", str(SMALL_REGISTER), "--config", str(SMALL_CONFIG), "--quiet"]
    code, out = _invoke(*base, "--from-workbook", str(mixed / "decisions.xlsx"), "--out", "x")
    assert code == 1
    assert f"is from run {set_stamp(second).run_id}, not {set_stamp(first).run_id}" in out
    assert "the folder holds files of two runs" in out
    code, out = _invoke(
        *base,
        "--from-workbook",
        str(first / "decisions.xlsx"),
        "--out",
        str(tmp_path / "whatif"),
    )
    assert code == 0, out
    assert check_set(tmp_path / "whatif") == []


def test_a_failed_write_leaves_the_previous_set(two_runs: tuple[Path, Path]) -> None:
    folder = two_runs[0].parent / "failing"
    _copy(two_runs[0], folder)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}

    def fill_the_disk(partial: Path) -> list[Path]:
        (partial / "decisions.csv").write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_set(folder, STAMP, fill_the_disk)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".")) == []


def test_a_full_disk_through_the_command_says_the_old_set_stands(tmp_path: Path) -> None:
    code, out = _invoke(*RUN, "--out", str(tmp_path / "out"))
    assert code == 0, out
    before = set_stamp(tmp_path / "out")
    with pytest.MonkeyPatch.context() as patch:
        import outputs.reset_files

        def full(*_: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        patch.setattr(outputs.reset_files, "write_summary_json", full)
        code, out = _invoke(*RUN, "--out", str(tmp_path / "out"))
    assert code == 1
    assert "(the previous files are left as they were): No space left on device" in out
    assert set_stamp(tmp_path / "out") == before and check_set(tmp_path / "out") == []


def test_files_the_product_did_not_write_are_never_swept_away(tmp_path: Path) -> None:
    (tmp_path / "register.xlsx").write_bytes(b"the council's own file")
    code, out = _invoke(*RUN, "--out", str(tmp_path))
    assert code == 1
    assert "holds files prioritise did not write there (register.xlsx)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.xlsx"]
    (tmp_path / "plan.csv").write_text("x", encoding="utf-8")
    code, out = _invoke(*RUN, "--out", str(tmp_path / "plan.csv"))
    assert code == 2 and "is a file" in out  # click refuses it before anything runs


def test_an_unstamped_set_of_an_earlier_version_is_replaced(tmp_path: Path) -> None:
    old = tmp_path / "out"
    old.mkdir()
    for name in ("decisions.csv", "summary.json", "report.html"):
        (old / name).write_text("from an earlier version", encoding="utf-8")
    code, out = _invoke(*RUN, "--out", str(old))
    assert code == 0, out
    assert check_set(old) == []


def test_replacing_one_file_keeps_the_old_one_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "ranking.csv"
    path.write_text("old", encoding="utf-8")

    def half(temporary: Path) -> None:
        temporary.write_text("new but cut", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        replace_file(path, half)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.csv"]
    replace_file(path, lambda temporary: temporary.write_text("new", encoding="utf-8"))
    assert path.read_text(encoding="utf-8") == "new"


SLOW_WRITER = """
import sys, time
from pathlib import Path
from outputs.output_set import write_set
from outputs.stamp import Stamp

stamp = Stamp("20261202T000001Z-bbbbbb", "2026-12-02T00:00:01+00:00", "r" * 64, "c" * 64)

def slowly(folder):
    paths = []
    for name in ("decisions.csv", "decisions.xlsx", "summary.json", "report.html"):
        (folder / name).write_text("new", encoding="utf-8")
        paths.append(folder / name)
        print("wrote", name, flush=True)
        time.sleep(0.2)
    return paths

write_set(Path(sys.argv[1]), stamp, slowly)
"""


def test_a_kill_while_writing_leaves_the_previous_whole_set(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = _copy(two_runs[0], tmp_path / "out")
    before = set_stamp(folder)
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().startswith("wrote")
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert set_stamp(folder) == before and check_set(folder) == []
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".out.partial-")]
    assert len(left) == 1  # what the killed run was writing, hidden beside the set
    write_set(folder, STAMP, lambda partial: [])
    assert set_stamp(folder) == STAMP
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_real_run_killed_at_any_moment_leaves_one_whole_set(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    """`prioritise run` killed as soon as its hidden folder appears: the set is the old one
    or the new one, whole either way."""
    folder = _copy(two_runs[0], tmp_path / "out")
    before = set_stamp(folder)
    running = subprocess.Popen(
        [sys.executable, "-c", "from cli import main; main()", *RUN, "--out", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while running.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".out.") for p in tmp_path.iterdir()):
            running.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    running.wait(timeout=30)
    assert check_set(folder) == []
    assert set_stamp(folder).run_id == before.run_id or running.returncode == 0


def test_a_failed_second_rename_puts_the_previous_set_back(
    two_runs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy(two_runs[0], tmp_path / "out")
    before = set_stamp(folder)
    real, calls = os.rename, []

    def held_open(source: object, destination: object) -> None:
        calls.append(source)
        if len(calls) == 2:  # the new set into place: a scanner holds a file
            raise PermissionError(13, "Permission denied")
        real(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", held_open)
    with pytest.raises(PermissionError):
        write_set(folder, STAMP, lambda partial: [])
    monkeypatch.undo()
    assert set_stamp(folder) == before and check_set(folder) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_kill_between_the_renames_is_mended_by_the_next_run(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    """Killed after the previous set was moved aside: the next write puts it back first (and
    then replaces it), so no moment of its own leaves the folder without a whole set."""
    aside = _copy(two_runs[0], tmp_path / ".out.old-999999999-20261202T000000Z-cccccc")
    before = set_stamp(aside)
    target = tmp_path / "out"

    def look(partial: Path) -> list[Path]:
        assert set_stamp(target) == before  # the previous set was back before this write
        return []

    write_set(target, STAMP, look)
    assert set_stamp(target) == STAMP
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_file_manager_litter_is_replaced_and_an_open_workbook_named(
    two_runs: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = _copy(two_runs[0], tmp_path / "out")
    (folder / ".DS_Store").write_bytes(b"finder")
    assert check_set(folder) == []
    write_set(folder, STAMP, lambda partial: [])
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST]
    (folder / "~$decisions.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputError, match=r"decisions\.xlsx in .* is open in Excel: close it"):
        write_set(folder, STAMP, lambda partial: [])


def test_a_killed_single_file_write_is_swept_by_the_next(tmp_path: Path) -> None:
    left = tmp_path / ".ranking.partial-999999999.csv"  # no such process
    left.write_text("cut", encoding="utf-8")
    replace_file(tmp_path / "ranking.csv", lambda t: t.write_text("new", encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == ["ranking.csv"]
