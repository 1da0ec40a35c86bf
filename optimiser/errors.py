"""Why a reset cannot be decided: contradictory locks, or forced work that cannot fit."""

from __future__ import annotations


class OptimiserError(ValueError):
    """The optimiser cannot produce a plan; the message says why and how to fix it."""


class LockError(OptimiserError):
    """Locks (what-if choices) name unknown projects or contradict each other or the rules."""


class InfeasibleError(OptimiserError):
    """The projects that must proceed (mandatory and locked) cannot fit the limits together."""
