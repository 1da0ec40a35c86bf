"""Why a what-if moved a project, in terms a director can check: the lock, the prerequisite or
rival it follows, or whose people or money it takes or gives up (role, year, FTE or £k, and
which change freed or took them)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from inputs.decisions import Mode
from optimiser.options import chosen
from optimiser.problem import Problem

EPSILON = 1e-9
GERUND = {"pause": "pausing", "terminate": "terminating", "accelerate": "accelerating"}
Figures = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""FTE (n x roles x years) and money (n x years, £k) under the what-if, then before."""


@dataclass(frozen=True)
class Moves:
    """A what-if's plan against the recommended one, with every project's FTE under each."""

    problem: Problem
    plan: np.ndarray  # the what-if's modes
    before: np.ndarray  # the recommended plan's modes
    words: tuple[str, ...]  # each project's decision in the what-if ("pause", ...)
    locked: Collection[str]
    added: np.ndarray  # roles x years: FTE the what-if adds to capacity

    def figures(self) -> Figures:
        """Every project's FTE and money under the what-if and before."""
        now, was = chosen(self.problem, self.plan), chosen(self.problem, self.before)
        return now.load, was.load, now.cost, was.cost


def causes(moves: Moves, changed: list[int]) -> dict[int, str]:
    """The cause of each changed project (register index)."""
    figures = moves.figures()
    return {i: _cause(moves, figures, i) for i in changed}


def _cause(moves: Moves, figures: Figures, i: int) -> str:
    problem, plan, before = moves.problem, moves.plan, moves.before
    if problem.ids[i] in moves.locked:
        return "locked by the scenario"
    stopped_now = plan[i] == Mode.STOP
    if stopped_now:
        needs = [
            problem.ids[j] for d, j in problem.requires.tolist() if d == i and plan[j] == Mode.STOP
        ]
        if needs:
            return f"knock-on: needs {', '.join(needs)}"
        rivals = [j for j in _rivals(problem, i) if plan[j] != Mode.STOP]
        if rivals:
            return f"knock-on: clashes with {', '.join(problem.ids[j] for j in rivals)}"
    elif before[i] == Mode.STOP:
        freed_rivals = [
            j for j in _rivals(problem, i) if before[j] != Mode.STOP and plan[j] == Mode.STOP
        ]
        if freed_rivals:
            named = ", ".join(f"{problem.ids[j]} is now {moves.words[j]}d" for j in freed_rivals)
            return f"starts: its rival {named}"
    return _resources(moves, figures, i)


def _rivals(problem: Problem, i: int) -> list[int]:
    return [b if a == i else a for a, b in problem.conflicts.tolist() if i in (a, b)]


def _resources(moves: Moves, figures: Figures, i: int) -> str:
    """Whose people or money the project now takes (it starts, or moves into a year), or which
    it gives up and to whom."""
    problem = moves.problem
    now, was, now_cost, was_cost = figures
    verb = "starts" if moves.before[i] == Mode.STOP else "moves"
    more = np.maximum(now[i] - was[i], 0.0)  # roles x years
    freed = np.maximum(was - now, 0.0)
    freed[i] = 0.0
    usable = np.minimum(more, freed.sum(axis=0))
    if usable.max(initial=0.0) > EPSILON:  # people someone else gave up
        r, t = (int(k) for k in np.unravel_index(int(np.argmax(usable)), usable.shape))
        givers = _largest(moves, freed[:, r, t])
        return (
            f"{verb}: uses {more[r, t]:.2f} FTE of {problem.roles[r]} in {problem.years[t]} "
            f"that {_and(moves, givers, gerund=True)} freed"
        )
    spent = np.maximum(now_cost[i] - was_cost[i], 0.0)
    released = np.maximum(was_cost - now_cost, 0.0)
    released[i] = 0.0
    money = np.minimum(spent, released.sum(axis=0))
    if money.max(initial=0.0) > EPSILON:  # money someone else gave up
        t = int(np.argmax(money))
        givers = _largest(moves, released[:, t])
        return (
            f"{verb}: uses £{spent[t]:,.0f}k of the {problem.years[t]} budget that "
            f"{_and(moves, givers, gerund=True)} freed"
        )
    if more.max(initial=0.0) > EPSILON:
        r, t = (int(k) for k in np.unravel_index(int(np.argmax(more)), more.shape))
        source = "that the what-if adds" if moves.added[r, t] > EPSILON else "that were idle"
        return (
            f"{verb}: uses {more[r, t]:.2f} FTE of {problem.roles[r]} in {problem.years[t]} "
            f"{source}"
        )
    less = np.maximum(was[i] - now[i], 0.0)
    if less.max(initial=0.0) > EPSILON:
        r, t = (int(k) for k in np.unravel_index(int(np.argmax(less)), less.shape))
        taken = np.maximum(now - was, 0.0)
        taken[i] = 0.0
        takers = _largest(moves, taken[:, r, t])
        given = (
            f"go to {_and(moves, takers, gerund=False)}"
            if takers
            else "are not needed by the change"
        )
        stopped = "stopped" if moves.plan[i] == Mode.STOP else "moved"
        return (
            f"{stopped}: its {less[r, t]:.2f} FTE of {problem.roles[r]} in "
            f"{problem.years[t]} {given}"
        )
    return "re-timed with the same people: the plan's money or the gap moved it"


def _largest(moves: Moves, amounts: np.ndarray) -> list[int]:
    """The projects with the most of `amounts`, the what-if's locked ones first (two named)."""
    others = [int(j) for j in np.flatnonzero(amounts > EPSILON)]
    locked = set(moves.locked)
    others.sort(key=lambda j: (moves.problem.ids[j] not in locked, -amounts[j]))
    return others[:2]


def _and(moves: Moves, projects: list[int], gerund: bool) -> str:
    """'pausing DIG1 and terminating SC2', or 'SC4 (continue) and PL8 (accelerate)'."""
    ids, words = moves.problem.ids, moves.words
    if gerund:
        return " and ".join(f"{GERUND.get(words[j], 're-timing')} {ids[j]}" for j in projects)
    return " and ".join(f"{ids[j]} ({words[j]})" for j in projects)
