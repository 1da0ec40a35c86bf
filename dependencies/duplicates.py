"""Likely duplicates by text similarity of name and description, across directorates and within one.

Plain numpy + scipy.sparse rather than scikit-learn: importing scikit-learn cost about a second
of start-up on every run, and its brute-force neighbour search grew with the square of the
register (a minute and 2.6 GB at 50,000 projects).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise, repeat
from typing import NamedTuple

import networkx as nx
import numpy as np
from scipy import sparse

from dependencies.findings import Finding, FindingKind, FindingSeverity
from dependencies.graph import SIMILAR
from dependencies.stop_words import ENGLISH_STOP_WORDS
from portfolio import Portfolio

# The same matches as scikit-learn's default token_pattern r"(?u)\b\w\w+\b", twice as fast: a
# greedy run of word characters always ends at a boundary, and a scan that fails on a one-letter
# run never starts inside a longer one.
TOKEN = re.compile(r"\w\w+")
SCALE = 10_000  # similarities are reported, and ranked, to 4 decimals
SLACK = 1e-6  # prefixes a hair longer than the bound needs: rounding in running sums is far less
BLOCK = 2_000_000  # sparse products (or gathered entries) per step: caps memory at any size
# Within one directorate the sample's template siblings (one template, another subject: "Housing
# benefit channel shift", "Energy procurement channel shift") read alike up to 0.78, and second
# registrations of one piece of work, planted in a copy, mostly from 0.85. At 0.8 the sibling rule
# (`_siblings`) lifts precision on those plants from 0.85 to 0.99 for 0.97 -> 0.96 recall
# (tests/dependencies/test_duplicates_within.py).
WITHIN_THRESHOLD = 0.8
OWN_WORD_WEIGHT = 0.6

Pair = tuple[str, str, float]  # first id < second id, similarity to 4 decimals


class DuplicatePairs(NamedTuple):
    """Likely duplicate pairs from different directorates, and from one directorate."""

    across: list[Pair]
    within: list[Pair]


def tfidf(texts: Sequence[str]) -> tuple[tuple[str, ...], sparse.csr_matrix]:
    """Sorted vocabulary and one unit row per text, as TfidfVectorizer(sublinear_tf=True) gives.

    Words are lowercased runs of 2+ word characters, English stop words dropped. tf = 1 + ln(count);
    smooth idf = ln((1 + n) / (1 + df)) + 1, df over all n texts. A text with no words left gives
    an empty row. Entries are in column order, so texts with the same words give identical rows.
    """
    words = [TOKEN.findall(text.lower()) for text in texts]
    flat = [word for row in words for word in row]
    vocabulary = tuple(sorted(set(flat) - ENGLISH_STOP_WORDS))
    column = {word: i for i, word in enumerate(vocabulary)}
    width = len(vocabulary) or 1
    columns = np.fromiter(map(column.get, flat, repeat(-1)), np.int64, count=len(flat))
    rows = np.repeat(np.arange(len(texts)), [len(row) for row in words])
    known = columns >= 0
    cells, counts = np.unique(rows[known] * width + columns[known], return_counts=True)
    rows, columns = np.divmod(cells, width)
    df = np.bincount(columns, minlength=len(vocabulary))
    weights = (1.0 + np.log(counts)) * (np.log((1 + len(texts)) / (1 + df)) + 1)[columns]
    norms = np.sqrt(np.bincount(rows, weights=weights**2, minlength=len(texts)))
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=len(texts)))))
    matrix = sparse.csr_matrix(
        (weights / norms[rows], columns, indptr), shape=(len(texts), len(vocabulary))
    )
    return vocabulary, matrix


def similar_pairs(portfolio: Portfolio, threshold: float, neighbours: int) -> list[Pair]:
    """Pairs from different directorates whose name + description read alike (cosine >= threshold).

    `find_duplicates` without the within-directorate search.
    """
    return find_duplicates(portfolio, threshold, neighbours, within_threshold=None).across


def find_duplicates(
    portfolio: Portfolio,
    threshold: float,
    neighbours: int,
    within_threshold: float | None = WITHIN_THRESHOLD,
    own_weight: float = OWN_WORD_WEIGHT,
) -> DuplicatePairs:
    """Pairs whose name + description read alike: across directorates at cosine >= threshold,
    within one at cosine >= within_threshold unless they are template siblings (`_siblings`);
    within_threshold None skips the within search.

    Each text is a unit TF-IDF vector (`tfidf`); texts with the same words share one vector,
    scored once. The join is exact and near-linear, by prefix filtering (Bayardo, Ma & Srikant,
    "Scaling up all pairs similarity search", 2007): order features rarest first and cut each
    vector x into a prefix and the suffix s(x) after it, the shortest prefix that leaves
    ||s(x)|| < t. If the prefixes of x and y share no feature then, taking x as the one whose
    prefix ends first, every feature they share lies in s(x), so by Cauchy-Schwarz
    x.y = s(x).y <= ||s(x)|| ||y|| < t. Pairs reaching t therefore share a prefix feature: the
    candidates are the nonzeros of P P^T (P the 0/1 prefix matrix) and each is verified by its
    exact dot product. Rare words carry most of the weight, so prefixes are short and rare, and
    common words never fan out into a quadratic number of candidates. One join at the lower of
    the two thresholds serves both searches.

    A project keeps its `neighbours` most similar partners in other directorates (ties by
    partner id), and a pair is reported if either side keeps it, so a block of identical
    projects gives about neighbours x its size pairs rather than every pair; likewise its
    `neighbours` most similar partners in its own directorate. Projects are taken in id order,
    so the register's row order never changes the result.
    """
    projects = sorted(portfolio.register.projects, key=lambda p: p.id)
    _, matrix = tfidf([f"{p.name} {p.description or ''}" for p in projects])
    if matrix.nnz == 0:  # every text is only stop words
        return DuplicatePairs([], [])
    ids = [p.id for p in projects]
    vectors, row_of = _distinct_rows(matrix)
    vectors = _rarest_first(vectors, np.bincount(matrix.indices, minlength=matrix.shape[1]))
    directorate = np.unique([p.directorate for p in projects], return_inverse=True)[1]
    sole = _sole_directorate(row_of, directorate, vectors.shape[0])
    lowest = threshold if within_threshold is None else min(threshold, within_threshold)
    first, second, similarity = _join(vectors, lowest, sole if within_threshold is None else None)

    def chosen(keep: np.ndarray, *, within: bool) -> list[Pair]:
        u, v, codes = first[keep], second[keep], _codes(similarity[keep])
        a, b, codes = _closest(u, v, codes, row_of, directorate, neighbours, within=within)
        return [
            (ids[i], ids[j], (SCALE + 1 - c) / SCALE)
            for i, j, c in zip(a.tolist(), b.tolist(), codes.tolist(), strict=True)
        ]

    apart = (sole[first] != sole[second]) | (sole[first] < 0)  # could be in two directorates
    across = chosen((similarity >= threshold) & apart, within=False)
    if within_threshold is None:
        return DuplicatePairs(across, [])
    close = np.flatnonzero(similarity >= within_threshold)
    alike = close[~_siblings(vectors, first[close], second[close], own_weight)]
    return DuplicatePairs(across, chosen(alike, within=True))


def _codes(similarity: np.ndarray) -> np.ndarray:
    """SCALE + 1 - similarity x SCALE, rounded: 1 is identical, and lower codes rank first."""
    return SCALE + 1 - np.rint(np.minimum(similarity, 1.0) * SCALE).astype(np.int64)


def _distinct_rows(matrix: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The distinct non-empty rows, in order of first use, and each text's row (-1 if empty)."""
    seen: dict[tuple[bytes, bytes], int] = {}
    row_of = np.full(matrix.shape[0], -1, dtype=np.int64)
    keep: list[int] = []
    for i, (start, stop) in enumerate(zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)):
        if start == stop:
            continue
        key = (matrix.indices[start:stop].tobytes(), matrix.data[start:stop].tobytes())
        row = seen.setdefault(key, len(seen))
        if row == len(keep):
            keep.append(i)
        row_of[i] = row
    return matrix[keep], row_of


def _rarest_first(vectors: sparse.csr_matrix, df: np.ndarray) -> sparse.csr_matrix:
    """Columns renumbered by ascending document frequency (ties by column), rows sorted."""
    order = np.lexsort((np.arange(df.size), df))
    rank = np.empty_like(order)
    rank[order] = np.arange(df.size)
    ranked = sparse.csr_matrix(
        (vectors.data.copy(), rank[vectors.indices], vectors.indptr.copy()), shape=vectors.shape
    )
    ranked.sort_indices()
    return ranked


def _sole_directorate(row_of: np.ndarray, directorate: np.ndarray, rows: int) -> np.ndarray:
    """Per distinct vector, the one directorate all its projects are in, or -1 if several."""
    used = row_of >= 0
    low = np.full(rows, np.iinfo(np.int64).max)
    high = np.full(rows, -1)
    np.minimum.at(low, row_of[used], directorate[used])
    np.maximum.at(high, row_of[used], directorate[used])
    return np.where(low == high, low, -1)


def _join(
    vectors: sparse.csr_matrix, threshold: float, sole: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of rows u < v with cosine >= threshold; given each row's `sole` directorate,
    only the pairs that could span two directorates.

    `vectors` has its columns rarest first. The squared norm of each row from an entry to its
    end comes from one running sum; an entry is in the prefix while that tail still reaches t.
    """
    lengths = np.diff(vectors.indptr)
    row = np.repeat(np.arange(vectors.shape[0]), lengths)
    running = np.concatenate(([0.0], np.cumsum(vectors.data**2)))
    tail = running[np.repeat(vectors.indptr[1:], lengths)] - running[:-1]
    in_prefix = tail >= max(threshold - SLACK, 0.0) ** 2
    prefix = sparse.csr_matrix(
        (np.ones(int(in_prefix.sum()), np.int32), (row[in_prefix], vectors.indices[in_prefix])),
        shape=vectors.shape,
    )
    by_feature = prefix.T.tocsr()
    work = prefix @ np.diff(by_feature.indptr).astype(np.int64)  # products per row of P P^T
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for start, stop in _spans(work):
        block = (prefix[start:stop] @ by_feature).tocoo()
        u, v = block.row.astype(np.int64) + start, block.col.astype(np.int64)
        keep = v > u
        if sole is not None:
            keep &= (sole[u] != sole[v]) | (sole[u] < 0)
        u, v = u[keep], v[keep]
        for lo, hi in _spans(lengths[u] + lengths[v]):
            pair = _dots(vectors, u[lo:hi], v[lo:hi])
            close = pair >= threshold
            found.append((u[lo:hi][close], v[lo:hi][close], pair[close]))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    first, second, similarity = (np.concatenate(parts) for parts in zip(*found, strict=True))
    return first, second, similarity


def _spans(costs: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive [start, stop) runs of items costing about BLOCK each (a costlier item alone)."""
    if costs.size == 0:
        return []
    cuts = np.searchsorted(np.cumsum(costs), np.arange(BLOCK, int(costs.sum()), BLOCK))
    edges = np.unique(np.concatenate(([0], cuts, [costs.size])))
    return list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))


def _dots(vectors: sparse.csr_matrix, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Exact dot product of rows u[k] and v[k] for every k."""
    return np.asarray(vectors[u].multiply(vectors[v]).sum(axis=1)).ravel()


def _siblings(
    vectors: sparse.csr_matrix, u: np.ndarray, v: np.ndarray, own_weight: float
) -> np.ndarray:
    """Whether rows u[k] and v[k] read as template siblings rather than one piece of work twice.

    Siblings fill one template with different subjects, so each text has a word of its own (one
    the other lacks) weighing at least own_weight x its heaviest word: w(x|y) >= own_weight and
    w(y|x) >= own_weight, where w(x|y) = max over words of x not in y of x_i, over max_i x_i.
    A second registration of the same work adds to or trims the first (one side has no word of
    its own, w = 0) or rewords it in common, light words; a long shared template cannot hide the
    subject, as its weight is measured against the heaviest word, not the whole text.
    """
    heaviest = vectors.max(axis=1).toarray().ravel()
    lengths = np.diff(vectors.indptr)
    found = np.zeros(u.size, dtype=bool)
    for lo, hi in _spans(lengths[u] + lengths[v]):
        x, y = vectors[u[lo:hi]], vectors[v[lo:hi]]
        own_x = _heaviest_own(x, y) / heaviest[u[lo:hi]]
        own_y = _heaviest_own(y, x) / heaviest[v[lo:hi]]
        found[lo:hi] = np.minimum(own_x, own_y) >= own_weight
    return found


def _heaviest_own(x: sparse.csr_matrix, y: sparse.csr_matrix) -> np.ndarray:
    """Per row, the heaviest weight among x's words that y's row lacks (0 if none)."""
    own = (x - x.multiply(y.astype(bool))).tocsr()
    own.eliminate_zeros()
    return own.max(axis=1).toarray().ravel()


def _closest(
    first: np.ndarray,
    second: np.ndarray,
    code: np.ndarray,
    row_of: np.ndarray,
    directorate: np.ndarray,
    neighbours: int,
    *,
    within: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Project pairs (a < b, sorted) kept by either side's `neighbours` closest partners in
    other directorates (or, `within`, in its own), with their codes (`_codes`).

    A project's partners depend only on its vector and its directorate (a "key"), so they are
    ranked once per key. Within a vector, only the first `neighbours` projects (by id) of each
    directorate can ever be chosen as a partner: the rest are outranked by those, which are as
    similar and have smaller ids. Rows of S (the vector-pair codes, 1 on the diagonal) times R
    (vectors to those partners) give each key's candidates, a single product per entry. In its
    own directorate a project is among its key's candidates but never its own partner, so one
    more is ranked and the project itself dropped.
    """
    rows, size = int(row_of.max()) + 1, row_of.size
    spread = int(directorate.max()) + 1
    ranked = neighbours + int(within)
    diagonal = np.arange(rows)
    vector_codes = sparse.csr_matrix(
        (
            np.concatenate((code, code, np.ones(rows, np.int64))),
            (np.concatenate((first, second, diagonal)), np.concatenate((second, first, diagonal))),
        ),
        shape=(rows, rows),
    )
    projects = np.flatnonzero(row_of >= 0)
    keys, key_of = np.unique(row_of[projects] * spread + directorate[projects], return_inverse=True)
    key_row, key_directorate = np.divmod(keys, spread)
    by_key = np.argsort(key_of, kind="stable")
    partners = projects[by_key[_rank_in_runs(key_of[by_key]) < ranked]]
    to_partner = sparse.csr_matrix(
        (np.ones(partners.size, np.int64), (row_of[partners], partners)), shape=(rows, size)
    )
    reach = np.add.reduceat(
        np.diff(to_partner.indptr)[vector_codes.indices], vector_codes.indptr[:-1]
    )
    chosen: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for lo, hi in _spans(reach[key_row]):
        scores = (vector_codes[key_row[lo:hi]] @ to_partner).tocoo()
        key, partner, codes = scores.row.astype(np.int64), scores.col, scores.data
        wanted = (directorate[partner] == key_directorate[key + lo]) == within
        key, partner, codes = key[wanted], partner[wanted], codes[wanted]
        # at most BLOCK keys a block and codes <= SCALE + 1: fits int64 up to 4e8 projects
        order = np.argsort((key * (SCALE + 2) + codes) * size + partner, kind="stable")
        key, partner, codes = key[order], partner[order], codes[order]
        best = _rank_in_runs(key) < ranked
        chosen.append((key[best] + lo, partner[best], codes[best]))
    key, partner, codes = (np.concatenate(parts) for parts in zip(*chosen, strict=True))
    start = np.searchsorted(key, np.arange(keys.size + 1))
    count = start[key_of + 1] - start[key_of]
    picked = _ranges(start[key_of], count)
    own, other, codes = np.repeat(projects, count), partner[picked].astype(np.int64), codes[picked]
    if within:
        others = own != other
        own, other, codes = own[others], other[others], codes[others]
        best = _rank_in_runs(own) < neighbours
        own, other, codes = own[best], other[best], codes[best]
    a, b = np.minimum(own, other), np.maximum(own, other)
    _, unique = np.unique(a * size + b, return_index=True)
    return a[unique], b[unique], codes[unique]


def _rank_in_runs(values: np.ndarray) -> np.ndarray:
    """Position of each item within its run of equal values (values sorted)."""
    if values.size == 0:
        return values
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    lengths = np.diff(np.append(starts, values.size))
    return np.arange(values.size) - np.repeat(starts, lengths)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[k], starts[k] + 1, ... counts[k] values each, concatenated: many slices at once."""
    ends = np.cumsum(counts)
    return np.arange(int(ends[-1]) if ends.size else 0) + np.repeat(starts - ends + counts, counts)


IDENTICAL = 1.0 - 0.5 / SCALE
"""Similarity (to the 4 decimals reported) at which two texts are the same words."""
BLOCK_FROM = 3
"""Projects reading identically from which they are one finding, not every pair."""


def identical_blocks(pairs: Sequence[Pair]) -> list[list[str]]:
    """Groups of BLOCK_FROM or more projects linked by identical texts, each sorted, in order:
    a register that copies one project many times gets one finding for it, not every pair."""
    same = nx.Graph()
    same.add_edges_from((a, b) for a, b, similarity in pairs if similarity >= IDENTICAL)
    return sorted(
        sorted(block) for block in nx.connected_components(same) if len(block) >= BLOCK_FROM
    )


def _block_finding(graph: nx.MultiDiGraph, block: list[str]) -> Finding:
    first = graph.nodes[block[0]]
    where = sorted({graph.nodes[member]["directorate"] for member in block})
    shown = ", ".join(block[:15]) + (f" and {len(block) - 15} more" if len(block) > 15 else "")
    return Finding.model_construct(  # built from checked figures: no need to validate
        kind=FindingKind.LIKELY_DUPLICATE,
        severity=FindingSeverity.MEDIUM,
        project_ids=tuple(block),
        message=f"{len(block)} projects read identically to {block[0]} '{first['name']}' "
        f"({shown}), in {', '.join(where)}",
        fix="check whether they are one piece of work registered several times, then merge "
        "them or give each a description of its own",
        data={"similarity": 1.0, "projects": len(block)},
    )


def check_duplicates(
    portfolio: Portfolio,
    graph: nx.MultiDiGraph,
    threshold: float,
    neighbours: int,
    within_threshold: float = WITHIN_THRESHOLD,
) -> list[Finding]:
    """A finding (and a `similar` edge in the graph) for each block of projects reading
    identically, then for each other likely duplicate pair, those across directorates first,
    then those within one."""
    pairs = find_duplicates(portfolio, threshold, neighbours, within_threshold)
    blocks = identical_blocks([*pairs.across, *pairs.within])
    in_block = {member for block in blocks for member in block}
    graph.add_edges_from(
        (first, second, SIMILAR, {"kind": SIMILAR, "similarity": similarity})
        for found in (pairs.across, pairs.within)
        for first, second, similarity in found
        if not (similarity >= IDENTICAL and first in in_block)
    )
    graph.add_edges_from(
        (first, second, SIMILAR, {"kind": SIMILAR, "similarity": 1.0})
        for block in blocks
        for first, second in pairwise(block)
    )
    findings = [_block_finding(graph, block) for block in blocks]
    for within, found in ((False, pairs.across), (True, pairs.within)):
        for first, second, similarity in found:
            if similarity >= IDENTICAL and first in in_block:
                continue  # said once, in its block's finding
            a, b = graph.nodes[first], graph.nodes[second]
            data: dict[str, object] = {"similarity": similarity}
            if within:
                data["directorate"] = where = a["directorate"]
                message = (
                    f"{first} '{a['name']}' and {second} '{b['name']}', both in {where}, "
                    f"read alike (similarity {similarity:.2f})"
                )
                fix = (
                    f"check with {where} whether they are the same work, then merge them or "
                    "mark them as distinct"
                )
            else:
                message = (
                    f"{first} '{a['name']}' ({a['directorate']}) and {second} '{b['name']}' "
                    f"({b['directorate']}) read alike (similarity {similarity:.2f})"
                )
                fix = (
                    "check with both directorates whether one project can do both, then merge or "
                    "mark them as distinct"
                )
            findings.append(
                Finding.model_construct(  # built from checked figures: no need to validate
                    kind=FindingKind.LIKELY_DUPLICATE,
                    severity=FindingSeverity.MEDIUM,
                    project_ids=(first, second),
                    message=message,
                    fix=fix,
                    data=data,
                )
            )
    return findings
