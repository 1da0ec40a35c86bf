"""Checks across register rows: unique ids, references to known projects, no dependency cycles."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import networkx as nx

from inputs.problems import Problem, Severity

if TYPE_CHECKING:
    from inputs.models import Project

Headers = Mapping[str, tuple[str, str | None]]
"""Field name -> (column header as written in the file, Excel column letter)."""


def find_reference_problems(
    projects: Sequence[Project], file: str, headers: Headers | None = None
) -> list[Problem]:
    """Every duplicate id, reference to an unknown project and dependency cycle."""
    headers = headers or {}
    problems = _duplicate_ids(projects, file, headers)
    problems += _unknown_references(projects, file, headers)
    problems += _dependency_cycles(projects, file, headers)
    return problems


def _where(field: str, row: int | None, headers: Headers) -> dict[str, object]:
    header, letter = headers.get(field, (field, None))
    cell = f"{letter}{row}" if letter and row is not None else None
    return {"column": header, "cell": cell, "row": row}


def _duplicate_ids(projects: Sequence[Project], file: str, headers: Headers) -> list[Problem]:
    rows_by_id: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        rows_by_id[project.id.casefold()].append(project)
    problems = []
    for same in rows_by_id.values():
        if len(same) < 2:
            continue
        first = same[0]
        for later in same[1:]:
            problems.append(
                Problem(
                    severity=Severity.ERROR,
                    file=file,
                    value=later.id,
                    project_id=later.id,
                    message=f"id is already used by row {first.source_row} ('{first.name}')"
                    + ("" if later.id == first.id else f" as '{first.id}' (ids ignore case)"),
                    fix="give each project its own id, or delete the repeated row",
                    **_where("id", later.source_row, headers),
                )
            )
    return problems


def _unknown_references(projects: Sequence[Project], file: str, headers: Headers) -> list[Problem]:
    known = {p.id for p in projects}
    by_fold = {p.id.casefold(): p.id for p in projects}
    problems = []
    for project in projects:
        for field in ("depends_on", "conflicts_with", "together_with"):
            for ref in getattr(project, field):
                if ref in known:
                    continue
                problems.append(
                    Problem(
                        severity=Severity.ERROR,
                        file=file,
                        value=ref,
                        project_id=project.id,
                        message=f"names project '{ref}', which is not in the register",
                        fix=_reference_fix(ref, by_fold),
                        **_where(field, project.source_row, headers),
                    )
                )
    return problems


def _reference_fix(ref: str, by_fold: dict[str, str]) -> str:
    if ref.casefold() in by_fold:
        return f"write it exactly as the register does: '{by_fold[ref.casefold()]}'"
    close = difflib.get_close_matches(ref, list(by_fold.values()), n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"correct the id{hint}, add the missing project, or remove the reference"


def _dependency_cycles(projects: Sequence[Project], file: str, headers: Headers) -> list[Problem]:
    """One error per strongly connected group of projects that (indirectly) require each other."""
    rows = {p.id: p.source_row for p in projects}
    edges = [(p.id, ref) for p in projects for ref in p.depends_on if ref in rows]
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted({node for edge in edges for node in edge}))  # only they can loop
    graph.add_edges_from(edges)
    problems = []
    components = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    for component in sorted(components, key=lambda c: min(c)):
        start = min(component)
        cycle = [edge[0] for edge in nx.find_cycle(graph.subgraph(component), source=start)]
        path = _shown_cycle([*cycle, cycle[0]])
        at_rows = _shown_cycle([str(rows[i]) for i in cycle], ", ")
        problems.append(
            Problem(
                severity=Severity.ERROR,
                file=file,
                value=path,
                project_id=start,
                message=f"dependency cycle {path} (rows {at_rows}): none of these can ever start",
                fix="remove one of these depends_on links, or merge the projects",
                **_where("depends_on", rows[start], headers),
            )
        )
    return problems


SHOWN_CYCLE = 12
"""Steps of a long cycle named in its message (its two ends); a 2,000-long one says how long."""


def _shown_cycle(steps: list[str], joint: str = " -> ") -> str:
    if len(steps) <= SHOWN_CYCLE:
        return joint.join(steps)
    half = SHOWN_CYCLE // 2
    hidden = len(steps) - SHOWN_CYCLE
    return joint.join([*steps[:half], f"({hidden:,} more)", *steps[-half:]])
