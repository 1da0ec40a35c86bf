"""The bundled sample: valid, current, built from the source documents, with real choices."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from inputs import BenefitRange, load_sample
from tests.conftest import DATA

ROOT = Path(__file__).parents[2]
SEEDS = ROOT / "tests" / "data" / "seeds" / "seed-initiatives.csv"


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def test_sample_is_valid_and_about_570_projects(sample) -> None:
    register, config = sample
    assert 550 <= len(register.projects) <= 590
    assert register.warnings == ()
    assert register.roles == config.roles
    assert set(register.missions) == set(config.missions)
    assert register.years == config.years
    assert sum(config.budget_gap.values()) == 100_000


def test_about_270_digital_projects(sample) -> None:
    register, _ = sample
    digital = [p for p in register.projects if p.id.startswith("DIG-")]
    assert 250 <= len(digital) <= 290


def test_shipped_files_match_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_sample.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_named_initiative_with_its_figures(sample) -> None:
    register, _ = sample
    with SEEDS.open(encoding="utf-8") as handle:
        seeds = list(csv.DictReader(handle))
    assert len(seeds) >= 30
    for seed in seeds:
        project = register.project(seed["id"])
        assert project.name == seed["name"]
        assert project.programme == seed["programme"]
        assert project.benefit_type == seed["benefit_type"]
        for year in register.years:
            slug = year.replace("/", "_")
            low, high = seed[f"benefit_{slug}_low"], seed[f"benefit_{slug}_high"]
            expected = BenefitRange(low=float(low), high=float(high)) if low else None
            assert project.benefits.get(year) == expected, (seed["id"], year)


def test_capacity_and_budget_cannot_cover_everything(sample) -> None:
    register, config = sample
    for role, available in config.capacity.items():
        demand = sum(p.fte.get(role, 0) for p in register.projects)
        assert available < 0.8 * demand, role
    for year, available in config.budget.items():
        assert available < sum(p.costs.get(year, 0) for p in register.projects), year


def test_named_interdependencies(sample) -> None:
    register, _ = sample
    pools = {p.id: p.benefit_pool for p in register.projects}
    assert pools["SC4"] == pools["SP2"] is not None
    assert pools["EIP1"] is not None
    assert any(
        pools[p.id] == pools["EIP1"] for p in register.projects if p.programme == "Social Care"
    )
    assert "WF1" in register.project("PL2").depends_on
    assert register.project("SP4").benefit_type == "income_recovery"
    gemini = [p for p in register.projects if "Gemini" in (p.name + (p.description or ""))]
    assert len(gemini) >= 17 and all(p.in_mtfs for p in gemini[:17])


def test_planted_cases_name_real_projects(sample) -> None:
    register, _ = sample
    planted = json.loads((DATA / "sample_planted.json").read_text())
    ids = set(register.ids)
    for chain in planted["prerequisite_chains"]:
        assert set(chain) <= ids
        for before, after in pairwise(chain):
            assert before in register.project(after).depends_on
    for first, second in planted["clashes"]:
        assert (
            second in register.project(first).conflicts_with
            or first in register.project(second).conflicts_with
        )
    for first, second in planted["near_duplicates"]:
        assert register.project(first).directorate != register.project(second).directorate
    for pool, members in planted["shared_pools"].items():
        assert {register.project(m).benefit_pool for m in members} == {pool}
    assert len(planted["clashes"]) >= 10 and len(planted["near_duplicates"]) >= 10
