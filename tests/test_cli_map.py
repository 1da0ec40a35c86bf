"""`prioritise map`, and `--map` on every command that reads a register."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import SMALL_CONFIG
from tests.inputs.test_header_map import GMPP, council_register

READERS = ("validate", "score", "check", "graph", "run", "whatif", "export", "serve")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A register in a council's own words and the map `prioritise map` wrote for it."""
    monkeypatch.chdir(tmp_path)
    register = council_register(tmp_path)
    code, out = run("map", str(register))
    assert code == 0, out
    return register, tmp_path / "council-map.toml"


def test_map_writes_the_proposal_beside_the_command(mapped: tuple[Path, Path]) -> None:
    register, map_file = mapped
    assert map_file.read_text(encoding="utf-8").startswith("# Column map for council.csv")
    code, out = run("map", str(register), "--out", "other.toml")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "council.csv, header row 1: 27 of 27 columns mapped, 0 suggestion(s) left as comments "
        "to check, 0 with no register field."
    )
    assert "  B  Proj Name -> name (score 85)" in lines
    assert "  O  Cost 24-25 (£m) -> cost_2024_25 (score 100)" in lines
    assert lines[-1] == (
        f"Wrote other.toml: check every line, then run prioritise validate {register} "
        "--map other.toml"
    )


def test_map_never_overwrites_a_map_a_person_may_have_checked(mapped: tuple[Path, Path]) -> None:
    register, map_file = mapped
    map_file.write_text("# checked by hand\n", encoding="utf-8")
    code, out = run("map", str(register))
    assert code == 1
    assert out == (
        "Error: council-map.toml exists and may hold checked edits: give --out another file, "
        "or delete it\n"
    )
    assert map_file.read_text(encoding="utf-8") == "# checked by hand\n"


def test_every_command_that_reads_a_register_takes_a_map() -> None:
    for command in READERS:
        code, out = run(command, "--help")
        assert code == 0 and "--map FILE" in out, command


def test_with_the_map_the_register_validates_scores_and_runs(mapped: tuple[Path, Path]) -> None:
    register, map_file = mapped
    config = ("--config", str(SMALL_CONFIG))
    code, out = run("validate", str(register), *config)
    assert code == 1 and "does not look like a project register" in out
    code, out = run("validate", str(register), *config, "--map", str(map_file))
    assert code == 0, out
    assert out.startswith("council.csv: usable, 4 projects (0 errors, 1 warnings)")
    code, out = run("score", str(register), *config, "--map", str(map_file), "--no-stability")
    assert code == 0, out
    assert "Network refresh" in out
    code, out = run("check", str(register), *config, "--map", str(map_file))
    assert code == 0, out
    code, out = run(
        "run", str(register), *config, "--map", str(map_file), "--out", "reset", "--gap", "0"
    )
    assert code == 0, out
    assert "4 projects decided" in out


def test_a_bad_map_is_one_line_naming_the_file_the_entry_and_the_fix(
    mapped: tuple[Path, Path],
) -> None:
    register, map_file = mapped
    map_file.write_text('[columns]\n"Proj Name" = "title"\n', encoding="utf-8")
    for command in ("validate", "score"):
        code, out = run(command, str(register), "--map", str(map_file))
        assert code == 1
        assert out == (
            "Error: council-map.toml, key 'columns.Proj Name': 'title' is not written as the "
            "register field is: 'name'. Fix: write 'name'\n"
        )


def test_gmpp_is_mapped_then_refused_for_the_status_it_does_not_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = GMPP[0]
    code, out = run("map", str(path), "--out", "gmpp.toml")
    assert code == 0
    assert "4 of 17 columns mapped, 4 suggestion(s) left as comments to check" in out
    assert "  A  GMPP ID Number -> id (score 80)" in out
    assert "  - status (required): no column holds it, so validate refuses" in out
    status = (
        f"{path.name}, row 1, column 'status': required column 'status' is missing. Fix: add a "
        "column headed 'status' (also read as: project_status)"
    )
    code, out = run("validate", str(path), "--map", "gmpp.toml")
    assert code == 1
    assert out.startswith(f"{path.name}: NOT usable (1 errors, 13 warnings)\n\nErrors:\n")
    assert f"  - {status}\n" in out
    code, out = run("score", str(path), "--map", "gmpp.toml")
    assert code == 1
    assert out == (
        f"Error: 1 problem(s) make this input unusable:\n{status}\n"
        "Run `prioritise validate` for the full list with warnings.\n"
    )
