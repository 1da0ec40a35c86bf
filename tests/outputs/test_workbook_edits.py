"""Edited decisions read back from several workbooks: merged into one set of locks, or refused;
workbooks with today's plain headings and with the previous version's machine ones alike."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from inputs.decisions import Lock
from inputs.errors import WorkbookError
from outputs.workbook_edits import merge_decision_locks, read_decision_locks, workbook_labels
from tests.inputs.workbooks import write_workbook

HEADER = ("id", "name", "decision", "recommended")

PREVIOUS_HEADER = [
    "id",
    "name",
    "decision",
    "recommended",
    "action",
    "rank",
    "score",
    "mission_alignment_score",
    "value_score",
    "risk_score",
    "capacity_score",
    "directorate",
    "programme",
    "status",
    "mandatory",
    "sponsor",
    "project_manager",
    "in_mtfs",
    "benefit_k",
    "cost_k",
    "roi",
    "fte",
    "mtfs_at_risk_k",
    "route",
    "approvals",
    "route_reason",
    "eqia",
    "reason",
    "reason_code",
]
"""The Decisions header the previous version wrote: the machine names, as decisions.csv has."""


def _return(path: Path, rows: Sequence[tuple[str, str, str]], sheet: str = "Decisions") -> Path:
    """A directorate's return: (id, decision, recommended) rows under the decisions header."""
    body = [(project, f"Project {project}", decision, rec) for project, decision, rec in rows]
    return write_workbook(path, {sheet: [HEADER, *body]})


def test_edits_to_different_projects_are_merged(tmp_path: Path) -> None:
    resources = _return(
        tmp_path / "resources.xlsx", [("A", "pause", "continue"), ("B", "continue", "continue")]
    )
    place = _return(
        tmp_path / "place.xlsx", [("C", "keep", "pause"), ("D", "terminate", "terminate")]
    )
    assert merge_decision_locks([resources, place]) == {"A": Lock.PAUSE, "C": Lock.KEEP}


def test_the_same_edit_in_two_returns_is_one_lock(tmp_path: Path) -> None:
    rows = [("A", "terminate", "continue"), ("B", "continue", "continue")]
    first = _return(tmp_path / "first.xlsx", rows)
    second = _return(tmp_path / "second.xlsx", rows[:1], sheet="Resources")
    assert merge_decision_locks([first, second]) == {"A": Lock.TERMINATE}


def test_a_return_that_leaves_a_project_alone_has_no_say(tmp_path: Path) -> None:
    edited = _return(tmp_path / "edited.xlsx", [("A", "pause", "continue")])
    untouched = _return(tmp_path / "untouched.xlsx", [("A", "continue", "continue")])
    assert merge_decision_locks([untouched, edited]) == {"A": Lock.PAUSE}
    assert merge_decision_locks([]) == {}


def test_two_returns_editing_a_project_differently_are_refused(tmp_path: Path) -> None:
    first = _return(
        tmp_path / "first.xlsx", [("B", "continue", "continue"), ("A", "pause", "continue")]
    )
    second = _return(tmp_path / "second.xlsx", [("A", "terminate", "continue")], sheet="Resources")
    with pytest.raises(WorkbookError) as caught:
        merge_decision_locks([first, second])
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.cell, problem.project_id) == (
        "second.xlsx, sheet 'Resources'",
        2,
        "C2",
        "A",
    )
    message = str(caught.value)
    for part in (
        "second.xlsx, sheet 'Resources', row 2, column 'decision' (C2), project A",
        'value "terminate"',
        "the edit 'pause' in first.xlsx, sheet 'Decisions', row 3 (C3)",
        "Fix: agree one decision for A",
        "recommended decision (here 'continue')",
    ):
        assert part in message


def test_every_problem_in_every_return_is_listed(tmp_path: Path) -> None:
    bad = _return(tmp_path / "bad.xlsx", [("A", "hold", "continue")])
    text = tmp_path / "text.xlsx"
    text.write_text("id,decision\nA,pause\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as caught:
        merge_decision_locks([bad, text])
    assert [p.file for p in caught.value.problems] == ["bad.xlsx, sheet 'Decisions'", "text.xlsx"]


def test_returns_with_the_same_file_name_are_named_by_path(tmp_path: Path) -> None:
    (tmp_path / "place").mkdir()
    (tmp_path / "resources").mkdir()
    place = _return(tmp_path / "place" / "decisions.xlsx", [("A", "pause", "continue")])
    resources = _return(tmp_path / "resources" / "decisions.xlsx", [("A", "keep", "continue")])
    assert workbook_labels([place, resources, tmp_path / "other.xlsx"]) == [
        str(place),
        str(resources),
        "other.xlsx",
    ]
    with pytest.raises(WorkbookError, match=re.escape(f"the edit 'pause' in {place}, sheet")):
        merge_decision_locks([place, resources])


def test_one_project_on_two_sheets_of_one_workbook(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "sheets.xlsx",
        {
            "Place": [HEADER, ("A", "Project A", "pause", "pause")],
            "Resources": [HEADER, ("A", "Project A", "pause", "continue")],
        },
    )
    assert read_decision_locks(path) == {"A": Lock.PAUSE}
    write_workbook(
        path,
        {
            "Place": [HEADER, ("A", "Project A", "continue", "continue")],
            "Resources": [HEADER, ("A", "Project A", "pause", "continue")],
        },
    )
    with pytest.raises(WorkbookError) as caught:
        read_decision_locks(path)
    assert "given to this project in sheets.xlsx, sheet 'Place', row 2 (C2)" in str(caught.value)


def _previous_version(path: Path, rows: Sequence[tuple[str, str, str]]) -> Path:
    """A decisions.xlsx as the previous version laid it out, edited by a director."""
    blank = [""] * (len(PREVIOUS_HEADER) - 4)
    body = [(project, f"Project {project}", d, rec, *blank) for project, d, rec in rows]
    return write_workbook(
        path,
        {
            "Summary": [("Portfolio reset: Test council",), (), ("Decision", "Projects")],
            "Decisions": [PREVIOUS_HEADER, *body],
            "Assumptions": [("id", "name", "assumption"), ("A", "Project A", "blank stage")],
            "Findings": [("kind", "severity", "projects", "message", "fix")],
        },
    )


def test_workbooks_of_the_previous_version_are_still_read(tmp_path: Path) -> None:
    path = _previous_version(
        tmp_path / "old.xlsx", [("A", "pause", "continue"), ("B", "continue", "continue")]
    )
    assert read_decision_locks(path) == {"A": Lock.PAUSE}
    new = write_workbook(
        tmp_path / "new.xlsx",
        {
            "Decisions": [
                ("Project ref", "Project", "Decision", "Recommended"),
                ("C", "C", "keep", "pause"),
            ]
        },
    )
    assert merge_decision_locks([path, new]) == {"A": Lock.PAUSE, "C": Lock.KEEP}


@pytest.mark.parametrize(
    "header",
    [
        ("Project ref", "Project", "Decision", "Recommended"),
        ("id", "name", "decision", "recommended"),
        (" PROJECT  REF ", "Name", "decision:", "Recommended decision"),
        ("Project_ref", "", "DECISION", "recommended"),
    ],
)
def test_headings_are_matched_by_their_normalised_name(
    tmp_path: Path, header: tuple[str, ...]
) -> None:
    path = write_workbook(
        tmp_path / "return.xlsx", {"Place": [header, ("A", "x", "Terminate", "continue")]}
    )
    assert read_decision_locks(path) == {"A": Lock.TERMINATE}


def test_messages_name_the_heading_as_the_sheet_has_it(tmp_path: Path) -> None:
    new = write_workbook(
        tmp_path / "new.xlsx",
        {
            "Decisions": [
                ("Project ref", "Project", "Decision", "Recommended"),
                ("A", "A", "hold", "continue"),
            ]
        },
    )
    old = _previous_version(tmp_path / "old.xlsx", [("A", "hold", "continue")])
    with pytest.raises(WorkbookError) as caught:
        merge_decision_locks([new, old])
    assert [(p.file, p.column, p.cell) for p in caught.value.problems] == [
        ("new.xlsx, sheet 'Decisions'", "Decision", "C2"),
        ("old.xlsx, sheet 'Decisions'", "decision", "C2"),
    ]


def test_a_register_column_headed_like_ours_does_not_shadow_it(tmp_path: Path) -> None:
    """The council's own "Decision" column, copied after the product's, is not the one read."""
    header = ("Project ref", "Project", "Decision", "Recommended", "RAG", "decision", "id")
    path = write_workbook(
        tmp_path / "return.xlsx",
        {"Decisions": [header, ("A", "A", "pause", "continue", "red", "terminate", "Z")]},
    )
    assert read_decision_locks(path) == {"A": Lock.PAUSE}
