"""Scenario files: named tables of locks and extra capacity or budget, strictly checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs import ConfigError
from inputs.decisions import Lock
from inputs.scenarios import Scenario, read_scenarios

GOOD = """
[scenarios.pause_sc5]
pause = ["SC5"]
keep = ["WF2"]

[scenarios.two_more_analysts]
capacity = { business_analyst = 2 }
budget = { "2025-26" = 500 }
"""


def test_reads_named_scenarios_in_order(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.toml"
    path.write_text(GOOD, encoding="utf-8")
    first, second = read_scenarios(path)
    assert first.name == "pause_sc5"
    assert first.locks == {"SC5": "pause", "WF2": "keep"}
    assert second.capacity == {"business_analyst": 2}
    assert second.budget == {"2025/26": 500}
    assert second.describe() == "business_analyst +2 FTE; budget 2025/26 +500k"


def test_misspelt_key_names_the_scenario_and_key(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[scenarios.oops]\npuase = ["SC5"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_scenarios(path)
    text = str(caught.value)
    assert "bad.toml" in text and "scenarios.oops.puase" in text and "Fix:" in text


def test_file_without_scenarios_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text('name = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="scenarios"):
        read_scenarios(path)


def test_project_with_two_decisions_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.toml"
    path.write_text('[scenarios.muddle]\npause = ["A"]\nkeep = ["A"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="two decisions"):
        read_scenarios(path)


def test_continue_is_its_own_lock_and_workbook_edits_keep_it(tmp_path: Path) -> None:
    """A director who turns an acceleration back to continue means continue, not keep."""
    path = tmp_path / "scenarios.toml"
    path.write_text('[scenarios.steady]\ncontinue = ["SC3"]\nkeep = ["WF2"]\n', encoding="utf-8")
    (steady,) = read_scenarios(path)
    assert steady.locks == {"SC3": Lock.CONTINUE, "WF2": Lock.KEEP}
    assert steady.describe() == "continue SC3; keep WF2"
    edited = Scenario(name="edits").with_locks({"SC9": Lock.CONTINUE, "PL1": Lock.PAUSE})
    assert edited.locks == {"SC9": Lock.CONTINUE, "PL1": Lock.PAUSE}


def test_non_finite_changes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.toml"
    path.write_text("[scenarios.odd]\ncapacity = { ict = nan }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scenarios\.odd\.capacity\.ict"):
        read_scenarios(path)
