"""The scenario store on a real SQLite file: saved by name, read back whole, old registers
named, bad names and bad addresses refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from inputs import read_config, read_register
from inputs.scenarios import Scenario
from review.audit import entries
from review.roles import Role, User
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from workspace.state import Workspace, open_workspace
from workspace.store import ScenarioStore, StoreError, content_hash, default_database_url


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    config = read_config(SMALL_CONFIG)
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'w.db'}"
    return open_workspace(read_register(SMALL_REGISTER, config=config), config, url)


def test_a_saved_scenario_comes_back_whole(workspace: Workspace) -> None:
    comparison = workspace.what_if(Scenario(name="pause DIG1", pause=("DIG1",)))
    saved = workspace.save(workspace.remember(comparison), "  Pause DIG1  ")
    (again,) = ScenarioStore(workspace.store.url).get([saved.id])
    assert again.name == "Pause DIG1" and again.scenario == comparison.scenario
    assert again.result["changed_projects"] == comparison.to_dict()["changed_projects"]
    assert again.made_on(workspace.register_hash, workspace.config_hash) is None
    assert again.made_on("other", workspace.config_hash) == "made on an older register"
    with pytest.raises(StoreError, match="already saved"):
        workspace.save(workspace.remember(comparison), "Pause DIG1")
    with pytest.raises(StoreError, match="needs a name"):
        workspace.save(workspace.remember(comparison), "   ")
    with pytest.raises(StoreError, match="no longer held"):
        workspace.save("not-a-token", "Something")


def test_saving_a_scenario_is_in_the_decision_log_with_who(workspace: Workspace) -> None:
    comparison = workspace.what_if(Scenario(name="pause SC1", pause=("SC1",)))
    analyst = User(7, "Ann Alyst", Role.ANALYST, None)
    saved = workspace.save(workspace.remember(comparison), "Pause SC1 for Ann", analyst)
    assert saved.saved_by == "Ann Alyst"
    logged = [e for e in entries(workspace.store.engine) if e.subject == "Pause SC1 for Ann"]
    assert [(e.actor, e.role, e.action) for e in logged] == [
        ("Ann Alyst", "analyst", "scenario saved")
    ]
    assert logged[0].register_hash == workspace.register_hash
    assert logged[0].detail["changes"] == "pause SC1"


def test_the_register_hash_follows_its_content_not_its_file(tmp_path: Path) -> None:
    config = read_config(SMALL_CONFIG)
    text = SMALL_REGISTER.read_text(encoding="utf-8")
    (tmp_path / "same.csv").write_text(text, encoding="utf-8")
    (tmp_path / "edited.csv").write_text(text.replace("200,100", "210,100"), encoding="utf-8")
    original = content_hash(read_register(SMALL_REGISTER, config=config))
    copy = read_register(tmp_path / "same.csv", config=config)
    edited = read_register(tmp_path / "edited.csv", config=config)
    assert content_hash(copy) != content_hash(edited)
    assert len(original) == 64


def test_the_default_database_sits_beside_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "council.csv").write_text("x")
    monkeypatch.chdir(tmp_path)  # a relative path, as a person types it
    url = default_database_url(Path("registers/council.csv"), tmp_path / "elsewhere")
    assert url == f"sqlite:///{folder.resolve() / 'council-workspace.db'}"
    sample = default_database_url(None, tmp_path)  # the bundled sample: in the folder given
    assert sample == f"sqlite:///{tmp_path.resolve() / 'sample_register-workspace.db'}"


def test_an_unusable_database_address_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"cannot be opened.*Fix"):
        ScenarioStore(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'w.db'}")
    with pytest.raises(StoreError, match="cannot be opened"):
        ScenarioStore("nonsense://")
