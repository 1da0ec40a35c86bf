"""A register headed in the council's own words: the proposed map, and reading through a map.

The proposal must name the right field for reworded and misspelt headings, read units from
the headings, and leave as comments whatever it cannot be sure of; a map must make such a
register read exactly as the same register with the product's headings, and a bad map must be
refused naming the map file, the entry and the fix.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
from pathlib import Path

import pytest

from inputs import read_config, validate_register
from inputs.header_map import HeaderMap, HeaderMapError, fold, read_header_map
from inputs.mapping_proposal import Proposal, propose_mapping
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER

GMPP = sorted((Path(__file__).parents[1] / "data" / "gmpp").glob("GMPP_*.csv"))
COUNCIL_HEADINGS = {
    "id": "Proj Ref",
    "name": "Proj Name",
    "directorate": "Directorate Name",
    "status": "Delivery Status",
    "cost_2024_25": "Cost 24-25 (£m)",
    "benefit_2025_26_low": "Savings 25/26 Low (£k)",
    "benefit_2025_26_high": "Benfit 2025-26 High",
    "fte_ict": "ICT FTE",
    "align_open": "Alignment: Open",
    "sponsor": "Sponsor Name",
}
"""The small register's headings as a council might write them (cost in £m, not £k)."""


def council_register(tmp_path: Path, headings: dict[str, str] = COUNCIL_HEADINGS) -> Path:
    """The small register with `headings` for its own, its 2024/25 costs written in £m."""
    with SMALL_REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    cost = rows[0].index("cost_2024_25")
    for row in rows[1:]:
        row[cost] = str(float(row[cost]) / 1000)
    rows[0] = [headings.get(h, h) for h in rows[0]]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    path = tmp_path / "council.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def entries(proposal: Proposal) -> dict[str, str | None]:
    """Heading -> field of every column the proposal is sure of."""
    return {found.heading: found.field for found in proposal.columns if found.sure}


def write_map(tmp_path: Path, text: str, name: str = "council-map.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def map_problems(tmp_path: Path, text: str) -> list[tuple[str | None, str, str]]:
    with pytest.raises(HeaderMapError) as refused:
        read_header_map(write_map(tmp_path, text))
    assert all(p.file == "council-map.toml" for p in refused.value.problems)
    return [(p.key, p.message, p.fix) for p in refused.value.problems]


def test_proposal_names_the_field_of_reworded_and_misspelt_headings(tmp_path: Path) -> None:
    proposal = propose_mapping(council_register(tmp_path))
    proposed = entries(proposal)
    for canonical, heading in COUNCIL_HEADINGS.items():
        assert proposed[heading] == canonical
    assert proposed["programme"] == "programme"  # a heading the product reads as it is
    assert proposal.header_row == 1
    assert not [f for f in proposal.columns if not f.sure]


def test_proposal_reads_units_from_the_headings(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "Ref,Title,Department,Status,Cost 2024/25 (£m),Cost 2025/26,"
        "Saving 2024-25 (£),Business Analyst (hours),Data Engineer FTE\n"
        "A1,One,Place,Live,0.5,300,25000,37,0.5\n",
        encoding="utf-8",
    )
    units = {f.heading: f.unit for f in propose_mapping(path).columns}
    assert units == {
        "Ref": None,
        "Title": None,
        "Department": None,
        "Status": None,
        "Cost 2024/25 (£m)": "£m",
        "Cost 2025/26": None,
        "Saving 2024-25 (£)": "£",
        "Business Analyst (hours)": "hours",
        "Data Engineer FTE": None,
    }
    notes = {f.heading: " ".join(f.notes) for f in propose_mapping(path).columns}
    assert "names no unit: figures are read in £k" in notes["Cost 2025/26"]
    assert "in hours, not FTE" in notes["Business Analyst (hours)"]
    assert entries(propose_mapping(path))["Data Engineer FTE"] == "fte_data_engineer"


def test_the_map_file_is_toml_a_person_reads_and_the_reader_accepts(tmp_path: Path) -> None:
    proposal = propose_mapping(council_register(tmp_path))
    text = proposal.to_toml()
    assert text.startswith("# Column map for council.csv (header row 1), proposed by")
    assert '"Proj Name" = "name"  # B: score 85; a close match\n' in text
    assert text.endswith(
        '[units]\n"Savings 25/26 Low (£k)" = "£k"  # M: as its heading says\n'
        '"Cost 24-25 (£m)" = "£m"  # O: as its heading says\n'
    )
    assert tomllib.loads(text)["columns"]["Proj Ref"] == "id"
    header_map = read_header_map(write_map(tmp_path, text))
    assert {header_map.written[k]: ref.canonical for k, ref in header_map.refs.items()} == (
        entries(proposal)
    )
    assert header_map.unit("cost 24-25  (£M)") == "£m"  # case and spacing do not count


def test_a_map_makes_a_register_in_its_own_words_read_as_the_product_would(
    tmp_path: Path,
) -> None:
    path = council_register(tmp_path)
    config = read_config(SMALL_CONFIG)
    unmapped = validate_register(path, config=config)
    assert [p.message for p in unmapped.errors] == [
        "does not look like a project register: no header row names the columns id, name, "
        "directorate, status"
    ]
    map_path = write_map(tmp_path, propose_mapping(path).to_toml())
    mapped = validate_register(path, config=config, header_map=read_header_map(map_path))
    expected = validate_register(SMALL_REGISTER, config=config).register
    assert mapped.register is not None and expected is not None, mapped.errors
    assert mapped.register.projects == expected.projects  # £m costs read back in £k
    assert [p.message for p in mapped.warnings] == [
        "the map gives its unit as £m: its figures are read in £m and converted to £k (x 1000); "
        "a figure with its own unit (e.g. 1.2m) keeps that"
    ]


def test_a_mapped_heading_wins_over_the_built_in_reading(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,directorate,status,Risk\nA1,One,Place,live,4\n", encoding="utf-8")
    header_map = read_header_map(write_map(tmp_path, '[columns]\n"RISK" = "complexity"\n'))
    register = validate_register(path, header_map=header_map).register
    assert register is not None
    assert register.projects[0].complexity == 4
    assert register.projects[0].delivery_risk is None


def test_a_map_unit_overrides_the_heading(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "id,name,directorate,status,Cost 2025/26,FTE ICT (hours)\nA1,One,Place,live,1.5,0.5\n",
        encoding="utf-8",
    )
    refused = validate_register(path)
    assert [p.message for p in refused.errors] == ["is in hours, not FTE (full-time equivalents)"]
    header_map = read_header_map(
        write_map(
            tmp_path,
            '[columns]\n"Cost 2025/26" = "cost_2025_26"\n"FTE ICT (hours)" = "fte_ict"\n'
            '[units]\n"Cost 2025/26" = "£m"\n"FTE ICT (hours)" = "fte"\n',
        )
    )
    register = validate_register(path, header_map=header_map).register
    assert register is not None
    assert register.projects[0].costs == {"2025/26": 1500.0}
    assert register.projects[0].fte == {"ict": 0.5}


def test_a_heading_the_register_lacks_is_an_error_naming_the_map_entry(tmp_path: Path) -> None:
    path = council_register(tmp_path)
    text = propose_mapping(path).to_toml().replace('"Proj Name" =', '"Project Nme" =')
    report = validate_register(path, header_map=read_header_map(write_map(tmp_path, text)))
    assert [p.describe() for p in report.errors] == [
        "council-map.toml, key 'columns.Project Nme': maps a heading that the header row "
        "(row 1) of council.csv does not have. Fix: if you meant 'Proj Name', write it so, or "
        "delete the entry",
        "council.csv, row 1, column 'name': required column 'name' is missing. Fix: if column "
        "'Proj Name' holds it, rename that column to 'name', or map it (\"Proj Name\" = \"name\" "
        "under [columns] of a --map file; `prioritise map` proposes one)",
    ]


@pytest.mark.parametrize(
    ("entry", "message", "fix"),
    [
        ('"Proj Name" = "nme"', "'nme' is not a register field", "name a register field: 'name',"),
        (
            '"Proj Name" = "Project Name"',
            "'Project Name' is not written as the register field is: 'name'",
            "write 'name'",
        ),
        (
            '"Cost" = "cost_2024_2025"',
            "'cost_2024_2025' is not written as the register field is: 'cost_2024_25'",
            "write 'cost_2024_25'",
        ),
        (
            '"Cost" = "cost_2024_26"',
            "'cost_2024_26' is not a register field: '2024_26' is not a financial year: 26 does "
            "not follow 2024",
            "name a register field",
        ),
    ],
)
def test_a_field_that_does_not_exist_is_refused_with_the_fix(
    tmp_path: Path, entry: str, message: str, fix: str
) -> None:
    ((key, said, how),) = map_problems(tmp_path, f"[columns]\n{entry}\n")
    assert key == "columns." + entry.split(" = ")[0].strip('"')
    assert said == message
    assert how.startswith(fix)


def test_a_bad_map_file_is_refused_one_line_per_problem(tmp_path: Path) -> None:
    assert map_problems(tmp_path, "[columns\n")[0][1].startswith("is not valid TOML:")
    assert map_problems(tmp_path, '[column]\n"A" = "id"\n') == [
        (
            "column",
            "extra inputs are not permitted",
            "use only [columns] and [units]; a unit is one of £, £k, £m or fte",
        )
    ]
    assert [k for k, _, _ in map_problems(tmp_path, '[columns]\nA = "id"\n[units]\nA = "£bn"')] == [
        "units.A"
    ]
    assert map_problems(tmp_path, '[columns]\n"Ref" = "id"\n"REF " = "name"\n') == [
        ("columns.REF ", "names the same heading as 'Ref'", "keep one entry per heading")
    ]
    assert [
        m for _, m, _ in map_problems(tmp_path, '[columns]\nA = "id"\n[units]\nA = "£m"\n')
    ] == ["gives a money unit (£m) to a id column"]
    assert [
        m for _, m, _ in map_problems(tmp_path, '[columns]\nA = "cost_2025_26"\n[units]\nA = "fte"')
    ] == ["gives unit fte to a cost_2025_26 column"]
    assert [m for _, m, _ in map_problems(tmp_path, '[units]\n"B" = "£m"\n')] == [
        "gives a unit for a heading that [columns] does not map"
    ]
    with pytest.raises(HeaderMapError) as missing:
        read_header_map(tmp_path / "absent.toml")
    assert str(missing.value) == (
        f"absent.toml: file not found at {tmp_path / 'absent.toml'}. Fix: check the path of --map"
    )


def test_doubtful_matches_are_comments_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "doubt.csv"
    path.write_text(
        "Ref,Title,Department,Status,Start Date,Delivery Confidence,Project Ref\n"
        "A1,One,Place,Live,2024-05-01,Amber,X\n"
        "A2,Two,Place,Live,2025-01-10,Red,X\n",
        encoding="utf-8",
    )
    proposal = propose_mapping(path)
    doubtful = {f.heading: (f.field, f.sure, f.notes[-1]) for f in proposal.columns if f.field}
    assert doubtful["Start Date"] == (
        "start_year",
        False,
        "2 of 2 values read are not financial years (2025/26) (e.g. '2024-05-01', '2025-01-10')",
    )
    assert doubtful["Delivery Confidence"][:2] == ("delivery_risk", False)
    assert "not the same measure" in " ".join(proposal.columns[5].notes)
    assert doubtful["Project Ref"][:2] == ("id", False)
    assert doubtful["Ref"][:2] == ("id", True)
    text = proposal.to_toml()
    assert '\n# "Start Date" = "start_year"  # E: score' in text
    assert '\n# "Delivery Confidence" = "delivery_risk"  # F: score 30; a delivery' in text
    assert "start_year" not in {r.canonical for r in _read(tmp_path, text).refs.values()}


def _read(tmp_path: Path, text: str) -> HeaderMap:
    return read_header_map(write_map(tmp_path, text, "doubt-map.toml"))


@pytest.mark.parametrize("path", GMPP, ids=lambda p: p.name[-14:-4])
def test_real_gmpp_data_maps_what_it_has_and_names_what_it_lacks(
    tmp_path: Path, path: Path
) -> None:
    """UK Government Major Projects data: the id, name, department and description are found;
    it has no status, no costs or benefits by year, no FTE and no mission alignment, and the
    map says so rather than inventing them, so validation refuses it for status alone."""
    proposal = propose_mapping(path)
    assert entries(proposal) == {
        "GMPP ID Number": "id",
        "Project Name": "name",
        "Department": "directorate",
        "Description / Aims": "description",
    }
    suggestions = {
        fold(f.heading).split(" (")[0]: f.field
        for f in proposal.columns
        if f.field is not None and not f.sure
    }
    assert suggestions == {
        "ipa delivery confidence assessment": "delivery_risk",
        "sro delivery confidence assessment": "delivery_risk",
        "project - start date": "start_year",
        "project - end date": "end_year",
    }
    assert [text.split(":")[0] for text in proposal.missing] == [
        "status (required)",
        "cost_YYYY_YY",
        "benefit_YYYY_YY_low / _high",
        "fte_<role>",
        "align_<mission>",
    ]
    text = proposal.to_toml()
    assert (
        '# "TOTAL Baseline Whole Life Costs (£m) (including Non-Government Costs)"  # P: money '
        "in £m, but the heading names no financial year" in text
    )
    header_map = read_header_map(write_map(tmp_path, text, "gmpp-map.toml"))
    report = validate_register(path, header_map=header_map)
    assert [p.describe() for p in report.errors] == [
        f"{path.name}, row 1, column 'status': required column 'status' is missing. Fix: add a "
        "column headed 'status' (also read as: project_status)"
    ]


def test_the_values_choose_between_close_fields_and_drop_a_weak_one(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(
        "Ref,Title,Department,Status,EqIA status,Benefit Kind,Benefits Kind\n"
        "A1,One,Place,Live,done,Amber,cashable\n",
        encoding="utf-8",
    )
    found = {f.heading: (f.field, f.sure, f.notes) for f in propose_mapping(path).columns}
    assert found["EqIA status"] == ("eqia", True, ())  # 'status' as close, but not its values
    assert found["Benefit Kind"] == (None, False, ("no register field",))
    assert found["Benefits Kind"] == (
        "benefit_type",
        False,
        ("a weak match: check what it holds",),
    )


def test_a_map_file_is_read_within_the_config_limits(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 3_000 + "]" * 3_000, encoding="utf-8")
    with pytest.raises(HeaderMapError) as refused:
        read_header_map(deep)
    assert refused.value.problems[0].message == (
        "nests arrays, tables or key parts 3000 deep, over the 32 limit"
    )
    pipe = tmp_path / "map.fifo"
    os.mkfifo(pipe)
    with pytest.raises(HeaderMapError) as refused:
        read_header_map(pipe)  # refused at once: a FIFO would wait for a writer
    assert "is not a regular file" in refused.value.problems[0].message


def test_money_in_a_semicolon_file_is_read_with_its_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "raad.csv"
    path.write_text(
        "Proj Ref;Proj Name;Directorate Name;Status;Cost 2024-25\n"
        'A1;Een;Place;pipeline;"1.234,50"\nA2;Twee;Place;pipeline;"12,5"\n'
        'A3;Drie;Place;pipeline;"7,25"\n',
        encoding="utf-8",
    )
    cost = next(f for f in propose_mapping(path).columns if f.heading == "Cost 2024-25")
    assert (cost.field, cost.sure) == ("cost_2024_25", True)
