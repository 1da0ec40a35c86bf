"""Weights three ways; AHP against published examples to 3 decimals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from inputs.settings import CriteriaWeights
from prioritise.weights import ahp_weights, pairwise_matrix, resolve_weights, swing_weights

EXAMPLES = Path(__file__).parents[1] / "data" / "ahp" / "examples.json"
TABLES = {
    "saaty_1980_RI": "saaty_1980",
    "saaty_2005_RI": "saaty_2005",
    "donegan_dodd_1991_RI": "donegan_dodd_1991",
}


def _published_matrices() -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []

    def walk(name: str, node: object) -> None:
        if isinstance(node, dict):
            if "matrix" in node and "items" in node and "cr" in node:
                found.append((name, node))
            for key, child in node.items():
                walk(f"{name}/{key}", child)

    walk("examples", json.loads(EXAMPLES.read_text())["examples"])
    return found


PUBLISHED = _published_matrices()


@pytest.mark.parametrize(("name", "example"), PUBLISHED, ids=[n for n, _ in PUBLISHED])
def test_ahp_matches_published_examples(name: str, example: dict) -> None:
    expected = example.get("expected_weights_3dp") or example["eigenvector_weights_4dp"]
    for key, table in TABLES.items():
        result = ahp_weights(np.array(example["matrix"]), table)  # type: ignore[arg-type]
        got = dict(zip(example["items"], result.weights, strict=True))
        for item, weight in expected.items():
            assert round(got[item], 3) == pytest.approx(weight, abs=1e-9), (name, item)
        assert result.lambda_max == pytest.approx(example["lambda_max"], abs=1e-4)
        # the published CRs were computed from CI rounded to 4 d.p.
        assert result.consistency_ratio == pytest.approx(example["cr"][key], abs=2e-4)


def test_enough_published_examples_were_checked() -> None:
    assert len(PUBLISHED) >= 8


def test_consistent_matrix_gives_exact_ratios() -> None:
    matrix = pairwise_matrix(
        {
            "value/mission_alignment": 2,
            "value/risk": 4,
            "value/capacity": 4,
            "mission_alignment/risk": 2,
            "mission_alignment/capacity": 2,
            "risk/capacity": 1,
        }
    )
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx([2 / 8, 4 / 8, 1 / 8, 1 / 8])
    assert result.consistency_ratio == pytest.approx(0, abs=1e-9)


def test_not_reciprocal_is_rejected() -> None:
    with pytest.raises(ValueError, match="reciprocal"):
        ahp_weights(np.array([[1, 2], [2, 1]]))


def test_direct_weights_are_normalised() -> None:
    resolved = resolve_weights(CriteriaWeights(mission_alignment=3, value=4, risk=2, capacity=1))
    assert resolved.method == "direct"
    assert resolved.weights == pytest.approx(
        {"mission_alignment": 0.3, "value": 0.4, "risk": 0.2, "capacity": 0.1}
    )


def test_swing_weights() -> None:
    points = {"value": 100, "mission_alignment": 60, "risk": 20, "capacity": 20}
    assert swing_weights(points)["value"] == pytest.approx(0.5)
    resolved = resolve_weights(CriteriaWeights(swing=points))
    assert resolved.method == "swing"
    assert sum(resolved.weights.values()) == pytest.approx(1)


def test_ahp_from_config_and_inconsistency_warning() -> None:
    pairs = {
        "value/mission_alignment": 9,
        "value/risk": "1/9",
        "value/capacity": 9,
        "mission_alignment/risk": 9,
        "mission_alignment/capacity": 1,
        "risk/capacity": 1,
    }
    resolved = resolve_weights(CriteriaWeights(ahp=pairs))
    assert resolved.method == "ahp"
    assert resolved.consistency_ratio is not None and resolved.consistency_ratio > 0.1
    assert "inconsistent" in resolved.warnings[0]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"ahp": {"value/risk": 3}}, "not linked to the others: mission_alignment, capacity"),
        ({"ahp": {"value/cost": 3}}, "criterion/criterion"),
        ({"ahp": {"value/risk": 12}}, "outside Saaty"),
        ({"swing": {"value": 100}}, "every criterion"),
        (
            {"swing": dict.fromkeys(("value", "mission_alignment", "risk", "capacity"), 0)},
            "at least one criterion",
        ),
        (
            {
                "swing": {"value": 100, "mission_alignment": 1, "risk": 1, "capacity": 1},
                "value": 0.5,
            },
            "cannot be mixed",
        ),
        ({"value": 0, "risk": 0, "capacity": 0, "mission_alignment": 0}, "above 0"),
    ],
)
def test_bad_weight_settings(settings: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CriteriaWeights(**settings)


def test_incomplete_matrix_completed_as_published() -> None:
    """Bozoki, Fulop and Ronyai (2010): c/d completed to 0.7303, weights to 4 d.p."""
    example = json.loads(EXAMPLES.read_text())["examples"]["bozoki_incomplete_4x4"]
    pairs = {key.replace(">", "/"): value for key, value in example["given_pairs"].items()}
    items = tuple(example["items"])
    matrix = pairwise_matrix(pairs, items)
    assert matrix[2, 3] == pytest.approx(0.730297106886979, abs=1e-6)
    result = ahp_weights(matrix, "donegan_dodd_1991")
    got = dict(zip(items, result.weights, strict=True))
    for item, weight in example["expected_weights_4dp"].items():
        assert round(got[item], 4) == pytest.approx(weight, abs=1e-9)
    assert result.lambda_max == pytest.approx(example["lambda_max_after_completion"], abs=1e-4)
    assert result.consistency_ratio == pytest.approx(
        example["cr"]["donegan_dodd_1991_RI"], abs=2e-4
    )


def test_incomplete_config_judgements_are_accepted() -> None:
    pairs = {"value/mission_alignment": 2, "mission_alignment/risk": 2, "risk/capacity": 1}
    resolved = resolve_weights(CriteriaWeights(ahp=pairs))
    assert resolved.weights["value"] == pytest.approx(0.5, abs=1e-6)
    assert resolved.consistency_ratio == pytest.approx(0, abs=1e-6)
