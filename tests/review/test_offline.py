"""The offline round: a director's returned workbook recorded under their name, checked
against their directorate, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import cli
from inputs import read_config, read_register
from inputs.errors import WorkbookError
from outputs.run_tables import RunTables
from outputs.workbook import write_group_workbooks
from review.audit import entries
from review.offline import import_workbook
from review.roles import Role, User
from review.rounds import Rounds, Verdict
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from workspace.state import Workspace, open_workspace

PMO = User(1, "Pat PMO", Role.PMO, None)
PASSWORD = "long enough password"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    config = read_config(SMALL_CONFIG)
    return open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{tmp_path / 'o.db'}"
    )


@pytest.fixture
def issued(workspace: Workspace, tmp_path: Path) -> tuple[Rounds, int, Path]:
    """A round issued from the recommended plan, and the one-file workbook exported from it."""
    rounds = workspace.rounds
    round_id = rounds.issue("Offline", workspace.baseline, "the plan", PMO, workspace.hashes).id
    (book,) = write_group_workbooks(RunTables(workspace.baseline), tmp_path, single_file=True)
    return rounds, round_id, book


def _edit(book: Path, project: str, decision: str, comment: str = "") -> None:
    workbook = load_workbook(book)
    for sheet in workbook.worksheets:
        header = [c.value for c in sheet[1]]
        if "Project ref" not in header:
            continue
        for row in sheet.iter_rows(min_row=2):
            if row[header.index("Project ref")].value == project:
                row[header.index("Decision")].value = decision
                row[header.index("Comment")].value = comment
    workbook.save(book)


def _other(workspace: Workspace, project: str) -> str:
    recommended = workspace.baseline.result.by_id()[project].decision.value
    return "pause" if recommended != "pause" else "continue"


def test_a_returned_workbook_accepts_and_challenges_under_the_directors_name(
    workspace: Workspace, issued: tuple[Rounds, int, Path]
) -> None:
    rounds, round_id, book = issued
    director = workspace.accounts.add("Ada", Role.DIRECTOR, "Adults", PASSWORD, by="t")
    _edit(book, "SC1", _other(workspace, "SC1"), "no social workers this year")
    imported = import_workbook(rounds, round_id, book, director)
    said = {v.project_id: v for v in imported.validations}
    assert set(said) == {"DIG1", "SC1"}  # Adults' two projects only
    assert said["SC1"].verdict is Verdict.CHALLENGE and said["SC1"].via == "workbook"
    assert said["SC1"].comment == "no social workers this year"
    assert said["DIG1"].verdict is Verdict.ACCEPT
    assert imported.skipped == 2 and "2 rows of other directorates" in imported.describe()
    assert {e.actor for e in entries(workspace.store.engine) if e.subject == "SC1"} == {"Ada"}


def test_every_problem_in_the_workbook_is_named_and_nothing_recorded(
    workspace: Workspace, issued: tuple[Rounds, int, Path]
) -> None:
    rounds, round_id, book = issued
    director = workspace.accounts.add("Ada", Role.DIRECTOR, "Adults", PASSWORD, by="t")
    _edit(book, "SC1", _other(workspace, "SC1"))  # no comment
    _edit(book, "DIG2", _other(workspace, "DIG2"), "not ours to change")  # Children's
    with pytest.raises(WorkbookError) as raised:
        import_workbook(rounds, round_id, book, director)
    text = str(raised.value)
    assert "changes the decision without a Comment" in text and "SC1" in text
    assert "changes a project of Children, not of Adults" in text and "DIG2" in text
    assert rounds.history(round_id) == []


def test_the_command_signs_the_director_in_and_records_the_workbook(
    workspace: Workspace, issued: tuple[Rounds, int, Path]
) -> None:
    _, _, book = issued
    workspace.accounts.add("Ada", Role.DIRECTOR, "Adults", PASSWORD, by="t")
    url = str(workspace.store.engine.url)
    args = ["round", "import", str(book), "--user", "Ada", "--password-stdin", "--database-url"]
    result = CliRunner().invoke(cli, [*args, url], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "for Ada (director of Adults) in 'Offline': 2 accepted, 0 challenged" in result.output
    wrong = CliRunner().invoke(cli, [*args, url], input="not the password\n")
    assert wrong.exit_code == 1 and "do not match an active account" in wrong.output


def test_an_unchanged_row_keeps_a_challenge_already_made(
    workspace: Workspace, issued: tuple[Rounds, int, Path]
) -> None:
    rounds, round_id, book = issued
    director = workspace.accounts.add("Ada", Role.DIRECTOR, "Adults", PASSWORD, by="t")
    rounds.validate(round_id, "SC1", Verdict.ESCALATE, director, "for the Board")
    imported = import_workbook(rounds, round_id, book, director)
    assert [v.project_id for v in imported.validations] == ["DIG1"]
    assert "SC1 left as exported, so the challenge or escalation already made stands" in (
        imported.describe()
    )
    assert rounds.latest(round_id)["SC1"].verdict is Verdict.ESCALATE
