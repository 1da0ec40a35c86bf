"""The likely-duplicate search checked against scikit-learn, which the product no longer imports.

scikit-learn stays installed as a test tool only: its TfidfVectorizer and a brute-force cosine
(or the old nearest-neighbour search) are the oracles, imported inside the tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dependencies.duplicates import find_duplicates, similar_pairs, tfidf
from dependencies.findings import FindingKind
from dependencies.report import check_portfolio
from dependencies.stop_words import ENGLISH_STOP_WORDS
from inputs import load_sample, read_register
from inputs.config import config_for_register
from portfolio import Portfolio, build_portfolio

Row = tuple[str, str, str, str]  # id, name, directorate, description
Pairs = list[tuple[str, str, float]]

HAND_TEXTS = [
    "Café crème brûlée, naïve façade",
    "Résumé: the council's 2025/26 budget — £3.5m saving",
    "it's don't can't won't O'Neill",
    "the and of to from",  # stop words only
    "",
    "A a I x 42 4 007 e-mail co-op",
    "ÉCOLE école Straße STRASSE",
    "snake_case words_with_underscores __ _a",
    "Ünïcödé ΑΒΓ δέλτα 日本語 テキスト",
    "budget budget budget review of the budget",
]


def _sklearn_tfidf(texts: list[str], dtype: type = np.float32) -> tuple[list[str], np.ndarray]:
    """Vocabulary and dense rows from TfidfVectorizer set up as the old product had it."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=dtype)
    matrix = vectoriser.fit_transform(texts)
    return list(vectoriser.get_feature_names_out()), matrix.astype(np.float64).toarray()


def _texts(portfolio: Portfolio) -> tuple[list[str], list[str], list[str]]:
    """Ids, texts and directorates in id order, as the search reads them."""
    projects = sorted(portfolio.register.projects, key=lambda p: p.id)
    return (
        [p.id for p in projects],
        [f"{p.name} {p.description or ''}" for p in projects],
        [p.directorate for p in projects],
    )


def _brute_force(portfolio: Portfolio, dtype: type = np.float32) -> dict[tuple[str, str], float]:
    """Cosine of every cross-directorate pair (first id < second id), dense."""
    ids, texts, directorates = _texts(portfolio)
    _, rows = _sklearn_tfidf(texts, dtype)
    cosine = rows @ rows.T
    return {
        (ids[i], ids[j]): float(cosine[i, j])
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
        if directorates[i] != directorates[j]
    }


def _old_knn(
    portfolio: Portfolio, threshold: float, neighbours: int
) -> list[tuple[str, str, float]]:
    """The search as it was before (scikit-learn TF-IDF + brute nearest neighbours), verbatim."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    projects = sorted(portfolio.register.projects, key=lambda p: p.id)
    texts = [f"{p.name} {p.description or ''}" for p in projects]
    vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)
    matrix = vectoriser.fit_transform(texts)
    k = min(neighbours + 1, len(projects))
    index = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute").fit(matrix)
    distances, positions = index.kneighbors(matrix)
    found: dict[tuple[str, str], float] = {}
    for i, (row_d, row_p) in enumerate(zip(distances, positions, strict=True)):
        for distance, j in zip(row_d, row_p, strict=True):
            similarity = 1.0 - float(distance)
            a, b = projects[i], projects[int(j)]
            if a.id == b.id or similarity < threshold or a.directorate == b.directorate:
                continue
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            found[pair] = max(found.get(pair, 0.0), round(similarity, 4))
    return sorted((a, b, s) for (a, b), s in found.items())


def _portfolio(tmp_path: Path, rows: list[Row]) -> Portfolio:
    """A portfolio read from a register CSV of (id, name, directorate, description) rows."""
    path = tmp_path / "register.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "name", "directorate", "status", "description", "cost_2025_26"])
        writer.writerows([i, name, d, "pipeline", text, 10] for i, name, d, text in rows)
    register = read_register(path)
    return build_portfolio(register, config_for_register(register.years, register.missions))


def _shuffled(portfolio: Portfolio, seed: int) -> Portfolio:
    """The same projects with the register's rows in another order."""
    register = portfolio.register
    order = np.random.default_rng(seed).permutation(len(register.projects))
    projects = tuple(register.projects[i] for i in order)
    return build_portfolio(register.model_copy(update={"projects": projects}), portfolio.config)


@pytest.fixture(scope="module")
def sample() -> Portfolio:
    register, config = load_sample()
    return build_portfolio(register, config)


@pytest.mark.parametrize("threshold", [0.3, 0.45, 0.6, 0.8])
def test_every_pair_a_brute_force_cosine_finds_and_no_other(
    sample: Portfolio, threshold: float
) -> None:
    # no sample pair lies within 5e-5 of these thresholds, so float32 vs float64 cannot flip one
    expected = {pair: s for pair, s in _brute_force(sample).items() if s >= threshold}
    found = similar_pairs(sample, threshold, 10**6)
    assert [(a, b) for a, b, _ in found] == sorted(expected)
    assert all(s == pytest.approx(expected[a, b], abs=1e-4) for a, b, s in found)


def test_sample_with_default_neighbours_matches_the_old_search(sample: Portfolio) -> None:
    settings = sample.config.dependencies
    old = _old_knn(sample, settings.duplicate_threshold, settings.duplicate_neighbours)
    new = similar_pairs(sample, settings.duplicate_threshold, settings.duplicate_neighbours)
    assert len(new) == 17
    with_within = find_duplicates(
        sample, settings.duplicate_threshold, settings.duplicate_neighbours
    )
    assert with_within.across == new
    assert [(a, b) for a, b, _ in new] == [(a, b) for a, b, _ in old]
    assert [s for *_, s in new] == pytest.approx([s for *_, s in old], abs=1e-4)


def test_stop_words_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS

    assert len(ENGLISH_STOP_WORDS) == 318 and ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS


def test_tokens_and_weights_match_tfidf_vectorizer_on_hand_texts() -> None:
    expected_vocabulary, expected = _sklearn_tfidf(HAND_TEXTS)
    vocabulary, matrix = tfidf(HAND_TEXTS)
    assert list(vocabulary) == expected_vocabulary
    assert "council" in vocabulary and "façade" in vocabulary and "neill" in vocabulary
    assert "the" not in vocabulary and "a" not in vocabulary and "__" in vocabulary
    np.testing.assert_allclose(matrix.toarray(), expected, atol=1e-6)
    assert matrix[3].nnz == 0 and matrix[4].nnz == 0  # stop words only, empty


# Council-like text: any characters (accents, scripts, punctuation) mixed with real words
TEXTS = st.lists(
    st.text(st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=8)
    | st.sampled_from([" ", "'", "-", "_", "the ", "Budget ", "review ", "café ", "2025 "]),
    max_size=8,
).map("".join)


@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_tokens_and_weights_match_tfidf_vectorizer_on_any_text(texts: list[str]) -> None:
    vocabulary, matrix = tfidf(texts)
    if not vocabulary:
        with pytest.raises(ValueError):
            _sklearn_tfidf(texts)
        return
    expected_vocabulary, expected = _sklearn_tfidf(texts, np.float64)
    assert list(vocabulary) == expected_vocabulary
    np.testing.assert_allclose(matrix.toarray(), expected, atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_small_random_registers_agree_with_brute_force(tmp_path: Path, seed: int) -> None:
    """Few words, so many pairs sit near any threshold: the prefix filter must drop none."""
    rng = np.random.default_rng(seed)
    words = ["road", "repair", "care", "home", "digital", "hub", "waste", "bin", "fleet", "ev"]
    rows = [
        (
            f"P{k:02d}",
            " ".join(rng.choice(words, size=rng.integers(1, 4))),
            f"D{rng.integers(3)}",
            " ".join(rng.choice(words, size=rng.integers(0, 5))),
        )
        for k in range(40)
    ]
    portfolio = _portfolio(tmp_path, rows)
    cosine = _brute_force(portfolio, np.float64)
    for threshold in (0.15, 0.4, 0.65, 0.9):
        found = {(a, b): s for a, b, s in similar_pairs(portfolio, threshold, 10**6)}
        assert {p for p, s in cosine.items() if s >= threshold + 1e-9} <= set(found)
        assert set(found) <= {p for p, s in cosine.items() if s >= threshold - 1e-9}
        assert all(s == pytest.approx(cosine[p], abs=1e-4) for p, s in found.items())


def test_identical_texts_keep_a_few_partners_each(tmp_path: Path) -> None:
    text = "Shared case management system for early help"
    rows = [(f"P{k:02d}", "Case management", f"D{k % 5}", text) for k in range(50)]
    rows.append(("Z99", "Resurface the A34", "D0", "Road resurfacing on the A34 corridor"))
    portfolio = _portfolio(tmp_path, rows)
    ids = [f"P{k:02d}" for k in range(50)]
    chosen = {  # each project's 5 other-directorate partners, smallest ids first
        i: [j for j in ids if int(j[1:]) % 5 != int(i[1:]) % 5][:5] for i in ids
    }
    expected = sorted({(min(i, j), max(i, j)) for i in ids for j in chosen[i]})
    found = similar_pairs(portfolio, 0.6, 5)
    assert [(a, b) for a, b, _ in found] == expected
    assert {s for *_, s in found} == {1.0}
    assert len(found) <= 50 * 5
    assert similar_pairs(_shuffled(portfolio, 1), 0.6, 5) == found


def test_only_stop_words_or_nothing_gives_no_pairs(tmp_path: Path) -> None:
    rows = [("A", "The", "X", ""), ("B", "Of the", "Y", "and then"), ("C", "I", "Z", "a x 1")]
    assert similar_pairs(_portfolio(tmp_path, rows), 0.6, 5) == []


def test_register_row_order_does_not_change_the_result(sample: Portfolio) -> None:
    for seed in range(3):
        shuffled = _shuffled(sample, seed)
        assert similar_pairs(shuffled, 0.6, 5) == similar_pairs(sample, 0.6, 5)
        assert similar_pairs(shuffled, 0.3, 2) == similar_pairs(sample, 0.3, 2)


def test_projects_reading_identically_are_one_finding(tmp_path: Path) -> None:
    """Five copies of one project (a register pasted into itself) are one finding, not ten
    pairs; a project reading alike but not the same is still its own pair."""
    text = "Review packages of care for adults with learning disabilities"
    rows = [(f"C{k}", "Case review", "Adults", text) for k in range(5)]
    rows.append(("N", "Case review", "Place", text + " in the north"))
    portfolio = _portfolio(tmp_path, rows)
    findings = [
        f for f in check_portfolio(portfolio).findings if f.kind is FindingKind.LIKELY_DUPLICATE
    ]
    blocks = [f for f in findings if f.data.get("projects")]
    assert [f.project_ids for f in blocks] == [("C0", "C1", "C2", "C3", "C4")]
    assert "5 projects read identically to C0 'Case review'" in blocks[0].message
    pairs = [f for f in findings if not f.data.get("projects")]
    assert pairs and all("N" in f.project_ids for f in pairs)
