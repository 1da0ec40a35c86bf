"""Likely duplicates within one directorate: the same work registered twice, not template siblings.

`plant_within` copies the sample and adds second registrations of its projects (retitled,
trimmed, extended, reworded...) and template siblings (a project's template filled with another
subject of its directorate, and hand-written template families). The bundled sample is never
changed. benchmarks/bench_dependencies.py prints the same precision and recall.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from dependencies.duplicates import (
    WITHIN_THRESHOLD,
    check_duplicates,
    find_duplicates,
    similar_pairs,
    tfidf,
)
from dependencies.findings import FindingKind, FindingSeverity
from dependencies.graph import build_graph
from inputs import Project, Register, load_sample, read_register
from inputs.config import config_for_register
from portfolio import Portfolio, build_portfolio

DATA = Path(__file__).parents[1] / "data"
Row = tuple[str, str, str, str]  # id, name, directorate, description
IdPair = tuple[str, str]

# How a second team words the same work: name edits, a short note, synonyms, a reference
RETITLES: list[Callable[[str], str]] = [
    lambda name: f"{name} project",
    lambda name: f"{name} programme",
    str.lower,
    lambda name: " ".join(name.split()[1:] + name.split()[:1]),
    lambda name: f"Review: {name}",
]
NOTES = [
    " Joint bid from the two service teams.",
    " Submitted by the locality team.",
    " Budget held centrally.",
    " Raised at the last programme board.",
]
SYNONYMS = {
    "improve": "strengthen", "reduce": "cut", "residents": "people", "council": "authority",
    "support": "help", "review": "reassess", "staff": "employees", "replace": "swap out",
    "online": "digital", "new": "fresh", "manage": "run", "costs": "spend", "demand": "need",
    "services": "provision",
}  # fmt: skip
# One template, several subjects, one directorate: every pair is a sibling, none the same work
TEMPLATES = [
    (
        "Adults, Health and Integration",
        "Dashboard for {s}",
        "Publish a live Power BI dashboard for {s} so service managers can track demand, waiting "
        "times, spend and outcomes each week, replacing the monthly spreadsheet pack.",
        ["home care", "care leavers", "reablement", "carers"],
    ),
    (
        "Place",
        "{S} digital front door",
        "Give residents one online form, status tracking and automatic updates for {s}, with "
        "assisted digital support in libraries and a callback for those who cannot get online.",
        ["blue badges", "garden waste", "bulky waste", "parking permits"],
    ),
    (
        "Children and Families",
        "Service redesign",
        "Redesign the {s} service so families get one assessment, one plan and one named worker, "
        "cutting hand-offs and repeat contact.",
        ["short breaks", "youth justice", "family help", "adoption support"],
    ),
    (
        "Corporate Services",
        "{S} policy refresh",
        "Refresh the {s} policy in line with legislation and the corporate plan, consult staff and "
        "unions, train managers and publish guidance on the intranet.",
        ["flexible working", "lone working", "whistleblowing", "expenses"],
    ),
]


class Planted(NamedTuple):
    """A copy of a register with planted within-directorate duplicates and template siblings."""

    register: Register
    duplicates: list[IdPair]
    siblings: list[IdPair]


def _trim(text: str) -> str:
    """The text without its last clause (the outcome it is for), or as it is."""
    for separator in (", to ", ", ", ". "):
        if separator in text:
            return text[: text.rindex(separator)] + "."
    return text


def _reword(text: str, rng: random.Random, count: int) -> str:
    """Up to `count` words swapped for a synonym."""
    present = [w for w in SYNONYMS if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    for word in rng.sample(present, min(count, len(present))):
        text = re.sub(rf"\b{word}\b", SYNONYMS[word], text, count=1, flags=re.IGNORECASE)
    return text


def _second_registration(p: Project, mode: int, rng: random.Random) -> tuple[str, str]:
    """Name and description a second team might give the same work, seven ways by mode."""
    name, text = p.name, p.description or ""
    match mode % 7:
        case 0:
            return rng.choice(RETITLES)(name), text
        case 1:
            return name, _trim(text)
        case 2:
            return name, text + rng.choice(NOTES)
        case 3:
            return rng.choice(RETITLES)(name), _trim(text)
        case 4:  # one word left out
            words = text.split()
            dropped = rng.randrange(1, len(words)) if len(words) > 6 else len(words)
            return name, " ".join(words[:dropped] + words[dropped + 1 :])
        case 5:
            return _reword(name, rng, 1), _reword(text, rng, 2)
        case _:
            return name, f"{text} ICT ref {rng.randrange(1000, 9999)}."


def _template_families(projects: list[Project]) -> dict[tuple[str, str], list[tuple[Project, str]]]:
    """Projects of one directorate whose names end alike ("... channel shift") and whose subject
    (the rest of the name) recurs in their description, by (directorate, ending)."""
    families = defaultdict(list)
    for p in projects:
        words = p.name.split()
        for k in range(1, min(4, len(words))):
            subject, ending = " ".join(words[:-k]), " ".join(words[-k:])
            if subject.lower() in (p.description or "").lower():
                families[p.directorate, ending].append((p, subject))
                break
    return {key: members for key, members in families.items() if len(members) > 1}


def _other_subjects(
    families: dict[tuple[str, str], list[tuple[Project, str]]], key: tuple[str, str]
) -> list[str]:
    """Subjects of the directorate's other families that this family's template never names."""
    directorate, ending = key
    taken = {s.lower() for _, s in families[key]}
    return sorted(
        {
            s
            for (d, e), family in families.items()
            if d == directorate and e != ending
            for _, s in family
            if s.lower() not in taken
        }
    )


def _fill(text: str, old: str, new: str) -> str:
    return re.sub(re.escape(old), new, text, flags=re.IGNORECASE)


def plant_within(register: Register, seed: int = 7, count: int = 70) -> Planted:
    """`count` second registrations and `count` template siblings of sample projects (drawn
    apart), and the `TEMPLATES` families, added to a copy of the register."""
    rng = random.Random(seed)
    projects = sorted(register.projects, key=lambda p: p.id)
    families = _template_families(projects)
    members = [(p, subject, key) for key, family in families.items() for p, subject in family]
    rng.shuffle(members)
    members = members[:count]
    drawn = {p.id for p, _, _ in members}
    sources = rng.sample([p for p in projects if p.id not in drawn], count)
    unlinked = {"depends_on": (), "conflicts_with": (), "benefit_pool": None}
    added, duplicates, siblings = [], [], []
    for k, p in enumerate(sources):
        name, text = _second_registration(p, k, rng)
        update = {"id": f"DUP-{k:03d}", "name": name, "description": text, **unlinked}
        added.append(p.model_copy(update=update))
        duplicates.append((p.id, f"DUP-{k:03d}"))
    used: set[tuple[tuple[str, str], str]] = set()
    for k, (p, subject, key) in enumerate(members):  # never two fills of one template alike
        other = rng.choice([s for s in _other_subjects(families, key) if (key, s) not in used])
        used.add((key, other))
        name = _fill(p.name, subject, other[0].upper() + other[1:])
        text = _fill(p.description or "", subject, other)
        update = {"id": f"SIB-{k:03d}", "name": name, "description": text, **unlinked}
        added.append(p.model_copy(update=update))
        siblings.append((p.id, f"SIB-{k:03d}"))
    for f, (directorate, name, text, subjects) in enumerate(TEMPLATES):
        ids = [f"TPL-{f}{k}" for k in range(len(subjects))]
        for i, s in zip(ids, subjects, strict=True):
            filled = {
                "name": name.format(s=s, S=s[0].upper() + s[1:]),
                "description": text.format(s=s),
            }
            update = {"id": i, "directorate": directorate, **filled, **unlinked}
            added.append(projects[0].model_copy(update=update))
        siblings += [(a, b) for k, a in enumerate(ids) for b in ids[k + 1 :]]
    copy = register.model_copy(update={"projects": (*register.projects, *added)})
    return Planted(copy, duplicates, siblings)


def precision_recall(
    found: list[tuple[str, str, float]], planted: list[IdPair]
) -> tuple[float, float]:
    """Share of found pairs that are planted, and of planted pairs that are found."""
    hits = {frozenset(p) for p in planted} & {frozenset((a, b)) for a, b, _ in found}
    return len(hits) / max(len(found), 1), len(hits) / len(planted)


def _portfolio(tmp_path: Path, rows: list[Row]) -> Portfolio:
    path = tmp_path / "register.csv"
    lines = ["id,name,directorate,status,description,cost_2025_26"]
    lines += [f'{i},"{name}",{d},pipeline,"{text}",10' for i, name, d, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    register = read_register(path)
    return build_portfolio(register, config_for_register(register.years, register.missions))


def _cosine(portfolio: Portfolio) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Ids, directorates, dense unit TF-IDF rows and their cosines, in id order."""
    projects = sorted(portfolio.register.projects, key=lambda p: p.id)
    _, matrix = tfidf([f"{p.name} {p.description or ''}" for p in projects])
    rows = matrix.toarray()
    return [p.id for p in projects], [p.directorate for p in projects], rows, rows @ rows.T


def _own(x: np.ndarray, y: np.ndarray) -> float:
    """Heaviest weight of x's words that y lacks, over x's heaviest (dense, for the oracle)."""
    return float(x[(x > 0) & (y == 0)].max(initial=0.0) / x.max())


@pytest.fixture(scope="module")
def sample() -> Portfolio:
    return build_portfolio(*load_sample())


@pytest.fixture(scope="module")
def planted() -> tuple[Portfolio, Planted]:
    register, config = load_sample()
    plants = plant_within(register)
    return build_portfolio(plants.register, config), plants


DASHBOARD = "Publish a live Power BI dashboard on care leavers so managers can track placements"
OTHERS: list[Row] = [
    ("C", "Resurface the A34", "Children", "Road resurfacing on the A34 corridor"),
    ("D", "Foster carer recruitment", "Children", "Recruit more in-house foster carers"),
    ("E", "Webchat bot", "Finance", "Webchat bot for customer enquiries"),
]


def test_a_second_registration_in_one_directorate_is_found(tmp_path: Path) -> None:
    rows: list[Row] = [
        ("A", "Care leavers dashboard", "Children", f"{DASHBOARD} and spend each week."),
        ("B", "Dashboard for care leavers", "Children", f"{DASHBOARD} each week."),
        *OTHERS,
    ]
    portfolio = _portfolio(tmp_path, rows)
    pairs = find_duplicates(portfolio, 0.6, 5)
    assert pairs.across == [] and [(a, b) for a, b, _ in pairs.within] == [("A", "B")]
    assert pairs.within[0][2] == pytest.approx(0.96, abs=0.005)
    graph = build_graph(portfolio)
    [finding] = check_duplicates(portfolio, graph, 0.6, 5)
    assert finding.kind is FindingKind.LIKELY_DUPLICATE
    assert finding.severity is FindingSeverity.MEDIUM
    assert finding.project_ids == ("A", "B")
    assert finding.message == (
        "A 'Care leavers dashboard' and B 'Dashboard for care leavers', both in Children, "
        "read alike (similarity 0.96)"
    )
    assert finding.fix.startswith("check with Children whether they are the same work")
    assert finding.data == {"similarity": pairs.within[0][2], "directorate": "Children"}
    assert graph.has_edge("A", "B", key="similar")


def test_template_siblings_in_one_directorate_are_not_duplicates(tmp_path: Path) -> None:
    text = (
        "Publish a live Power BI dashboard so service managers can track demand, waiting times, "
        "spend and outcomes each week, replacing the monthly spreadsheet pack."
    )
    subjects = ["home care", "care leavers", "reablement", "carers"]
    rows = [(f"S{k}", f"Dashboard for {s}", "Adults", text) for k, s in enumerate(subjects)]
    portfolio = _portfolio(tmp_path, [*rows, *OTHERS])
    ids, _, _, cosine = _cosine(portfolio)
    siblings = [k for k, i in enumerate(ids) if i.startswith("S")]
    closest = max(cosine[i, j] for i in siblings for j in siblings if i < j)
    assert closest >= WITHIN_THRESHOLD  # the threshold alone would report it
    assert find_duplicates(portfolio, 0.6, 5).within == []
    assert find_duplicates(portfolio, 0.6, 5, own_weight=1.01).within != []  # the guard did it
    across = [(f"S{k}", name, f"D{k}", t) for k, (_, name, _, t) in enumerate(rows)]
    moved = _portfolio(tmp_path, [*across, *OTHERS])
    assert len(find_duplicates(moved, 0.6, 5).across) == 6  # across directorates: unchanged rule


def test_identical_projects_in_one_directorate_keep_a_few_partners_each(tmp_path: Path) -> None:
    text = "Shared case management system for early help"
    rows = [(f"P{k:02d}", "Case management", f"D{k % 2}", text) for k in range(30)]
    portfolio = _portfolio(tmp_path, [*rows, ("Z99", "Resurface the A34", "D0", "Road A34")])
    ids = [i for i, *_ in rows]
    chosen = {  # each project's 5 same-directorate partners, smallest ids first, never itself
        i: [j for j in ids if j != i and int(j[1:]) % 2 == int(i[1:]) % 2][:5] for i in ids
    }
    expected = sorted({(min(i, j), max(i, j)) for i in ids for j in chosen[i]})
    pairs = find_duplicates(portfolio, 0.6, 5)
    assert [(a, b) for a, b, _ in pairs.within] == expected
    assert {s for *_, s in pairs.within} == {1.0}
    assert pairs.across == similar_pairs(portfolio, 0.6, 5)


@pytest.mark.parametrize("seed", range(4))
def test_small_random_registers_agree_with_brute_force(tmp_path: Path, seed: int) -> None:
    """Few words and two directorates: many same-directorate pairs near any threshold."""
    rng = np.random.default_rng(seed)
    words = ["road", "repair", "care", "home", "digital", "hub", "waste", "bin", "fleet", "ev"]
    rows: list[Row] = [
        (
            f"P{k:02d}",
            " ".join(rng.choice(words, size=rng.integers(1, 4))),
            f"D{rng.integers(2)}",
            " ".join(rng.choice(words, size=rng.integers(0, 6))),
        )
        for k in range(40)
    ]
    portfolio = _portfolio(tmp_path, rows)
    ids, directorates, vectors, cosine = _cosine(portfolio)
    for threshold, own_weight in ((0.3, 0.4), (0.6, 0.6), (0.8, 0.9)):
        found = {
            (a, b): s
            for a, b, s in find_duplicates(portfolio, 0.6, 10**6, threshold, own_weight).within
        }
        expected = {
            (ids[i], ids[j]): cosine[i, j]
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
            if directorates[i] == directorates[j]
            and vectors[i].any()
            and vectors[j].any()
            and cosine[i, j] >= threshold - 1e-9
            and min(_own(vectors[i], vectors[j]), _own(vectors[j], vectors[i])) < own_weight
        }
        assert (
            {p for p, s in expected.items() if s >= threshold + 1e-9} <= set(found) <= set(expected)
        )
        assert all(s == pytest.approx(expected[p], abs=1e-4) for p, s in found.items())


def test_bundled_sample_all_planted_across_and_nothing_within(sample: Portfolio) -> None:
    """Its same-directorate pairs are template siblings (up to 0.78); the 3 unplanted pairs across
    directorates are siblings too ("ChildView single sign-on" ~ "Jigsaw single sign-on")."""
    settings = sample.config.dependencies
    planted = json.loads((DATA / "sample_planted.json").read_text())["near_duplicates"]
    pairs = find_duplicates(sample, settings.duplicate_threshold, settings.duplicate_neighbours)
    assert precision_recall(pairs.across, planted) == (14 / 17, 1.0)
    assert pairs.within == []
    ids, directorates, _, cosine = _cosine(sample)
    same = np.equal.outer(directorates, directorates) & ~np.eye(len(ids), dtype=bool)
    assert np.count_nonzero(same & (cosine >= 0.7)) // 2 == 22  # would flood at a 0.7 threshold


def test_planted_pairs_precision_and_recall(planted: tuple[Portfolio, Planted]) -> None:
    """Measured: precision 0.97 and recall 0.93 (65 of 70; the misses lost half their text or
    took a rare synonym), against 0.83 and 0.94 for the threshold alone."""
    portfolio, plants = planted
    settings = portfolio.config.dependencies
    threshold, neighbours = settings.duplicate_threshold, settings.duplicate_neighbours
    pairs = find_duplicates(portfolio, threshold, neighbours).within
    # w(x|y) <= 1, so own_weight 1.01 finds no siblings: the threshold alone
    bare = find_duplicates(portfolio, threshold, neighbours, own_weight=1.01).within
    precision, recall = precision_recall(pairs, plants.duplicates)
    assert precision >= 0.95 and recall >= 0.9
    assert precision_recall(bare, plants.duplicates)[0] < 0.85
    siblings = {frozenset(p) for p in plants.siblings}
    assert len(siblings & {frozenset(p[:2]) for p in pairs}) <= 2
    assert len(siblings & {frozenset(p[:2]) for p in bare}) >= 10


def test_the_across_search_is_unchanged_by_the_within_search(
    sample: Portfolio, planted: tuple[Portfolio, Planted]
) -> None:
    for portfolio in (sample, planted[0]):
        for threshold, within in ((0.6, 0.8), (0.45, 0.9), (0.6, 0.5)):
            pairs = find_duplicates(portfolio, threshold, 5, within)
            assert pairs.across == similar_pairs(portfolio, threshold, 5)


def test_row_order_does_not_change_the_within_pairs(planted: tuple[Portfolio, Planted]) -> None:
    portfolio, _ = planted
    register = portfolio.register
    expected = find_duplicates(portfolio, 0.6, 2)
    for seed in range(2):
        order = np.random.default_rng(seed).permutation(len(register.projects))
        shuffled = register.model_copy(
            update={"projects": tuple(register.projects[i] for i in order)}
        )
        assert find_duplicates(build_portfolio(shuffled, portfolio.config), 0.6, 2) == expected
