"""Load -> write -> load loses and changes nothing; any valid register loads every row."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from inputs import read_register
from outputs.register_file import write_register
from tests.conftest import SMALL_REGISTER
from tests.factories import registers, to_csv


def _same_projects(first, second) -> None:
    assert [p.model_dump() for p in first.projects] == [p.model_dump() for p in second.projects]
    assert (first.years, first.roles, first.missions) == (
        second.years,
        second.roles,
        second.missions,
    )


def test_round_trip_small(tmp_path: Path) -> None:
    register = read_register(SMALL_REGISTER)
    again = read_register(write_register(register, tmp_path / "again.csv"))
    _same_projects(register, again)
    assert len(again.projects) == 4


def test_round_trip_keeps_extra_columns_and_quirky_text(tmp_path: Path) -> None:
    source = tmp_path / "quirky.csv"
    source.write_text(
        "id,name,directorate,status,description,RAG\n"
        'A1,"Café, ""new"" model",Place,pipeline,"two\nlines",Amber\n'
        "A2,Ünïcode ✓,Place,in_flight,,\n",
        encoding="utf-8",
    )
    register = read_register(source)
    again = read_register(write_register(register, tmp_path / "again.csv"))
    _same_projects(register, again)
    assert again.projects[0].name == 'Café, "new" model'
    assert again.projects[0].description == "two\nlines"
    assert again.projects[0].extra == {"RAG": "Amber"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(projects=registers(streams=("capital", "DSG")))
def test_any_valid_register_loads_every_row(tmp_path: Path, projects: list[dict]) -> None:
    path = tmp_path / "generated.csv"
    path.write_text(to_csv(projects), encoding="utf-8")
    register = read_register(path)
    assert register.ids == tuple(p["id"] for p in projects)
    for loaded, written in zip(register.projects, projects, strict=True):
        dumped = loaded.model_dump(exclude={"source_row", "extra", "sponsor", "project_manager"})
        assert dumped == written
    again = read_register(write_register(register, tmp_path / "again.csv"))
    _same_projects(register, again)
