"""The portfolio as numbers: every figure of every project, built once and read by every layer.

Rows are projects in register order; columns are the config's years, the roles the register or
the config names, and the config's missions. Every blank has already become a documented
assumption (listed per project in `assumptions`), so scoring, the checks, the integer program
and the reports all read the same figure for the same thing.

The benefit basis, in £k per project and year:
    low, high      the register's range, blank = 0
    new_low/high   low and high times the new-money share (benefit type; none of a benefit
                   the MTFS already counts, or `in_mtfs_factor` of it under mtfs_rule discount)
    expected       what the project is worth against the gap, at the range point, believed at
                   its stage: (low + p (high - low)) x confidence x gap share. For a project in
                   the MTFS (rule protect) it is the saving the budget already relies on, so
                   stopping the project widens the gap by it (`protected`)
    expected_low/high  low and high on the same basis (low x confidence x gap share): the
                   expected figure always lies inside them
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from inputs.config import Config
from inputs.models import BenefitType, Register, Stage
from portfolio.pools import Pool

BUSINESS_AS_USUAL = "Business as usual"
"""The programme label of projects outside the transformation programmes."""


@dataclass(frozen=True, eq=False)
class Portfolio:
    """Frozen: its arrays are never written after `build_portfolio` (they are flagged read-only)."""

    register: Register
    config: Config
    ids: tuple[str, ...]
    names: tuple[str, ...]
    directorates: tuple[str, ...]
    programmes: tuple[str, ...]  # "" = business as usual
    years: tuple[str, ...]
    roles: tuple[str, ...]  # every role the register or the config names, sorted
    missions: tuple[str, ...]
    in_flight: np.ndarray  # n bool
    mandatory: np.ndarray  # n bool
    in_mtfs: np.ndarray  # n bool
    protected: np.ndarray  # n bool: in the MTFS under rule protect (stopping it widens the gap)
    stages: tuple[Stage, ...]  # as given, or the assumed stage
    benefit_types: tuple[BenefitType, ...]  # as given, or tbc
    confidence: np.ndarray  # n: share of the expected benefit believed at its stage
    new_money: np.ndarray  # n: share of its benefits that is new money
    gap_share: np.ndarray  # n: share that counts against the gap (new money or protected MTFS)
    low: np.ndarray  # n x years, £k
    high: np.ndarray  # n x years, £k
    new_low: np.ndarray  # n x years, £k
    new_high: np.ndarray  # n x years, £k
    expected: np.ndarray  # n x years, £k against the gap (see the module docstring)
    expected_low: np.ndarray  # n x years, £k: low on the expected figure's basis
    expected_high: np.ndarray  # n x years, £k
    cost: np.ndarray  # n x years, £k investment as registered
    cost_risked: np.ndarray  # n: £k over the horizon uplifted for optimism bias at its stage
    fte: np.ndarray  # n x roles while running
    runs: np.ndarray  # n x years bool: the years it runs as registered (`run_years`)
    alignment: np.ndarray  # n x missions, 0-3
    mission_weights: np.ndarray  # missions
    delivery_risk: np.ndarray  # n, 1-5
    complexity: np.ndarray  # n, 1-5
    requires: np.ndarray  # k x 2 rows (dependant, prerequisite)
    conflicts: np.ndarray  # k x 2 rows (first, second), first < second, each pair once
    together: np.ndarray  # k x 2 rows (first, second), first < second: both proceed or neither
    pools: tuple[Pool, ...]  # every named pool, in name order
    capacity: np.ndarray  # config roles (`capacity_roles`) x years, FTE
    budget: np.ndarray  # years, £k of the general fund (`[budget]`)
    streams: tuple[str, ...]  # the config's funding streams, in its order
    stream: np.ndarray  # n int: each project's stream (index into `streams`), -1 = general fund
    stream_budget: np.ndarray  # streams x years, £k
    ring_fenced: np.ndarray  # streams bool: pays for its own projects only
    gap: np.ndarray  # years, £k
    reserves: np.ndarray  # years, £k of reserves to rebuild on top of the gap
    contingency: np.ndarray  # years, £k planned beyond the gap in case savings slip
    assumptions: tuple[tuple[str, ...], ...]

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def capacity_roles(self) -> tuple[str, ...]:
        """The roles with a capacity in the config: the ones that limit the plan."""
        return self.config.roles

    @cached_property
    def fte_total(self) -> np.ndarray:
        """FTE per project over every role."""
        return read_only(self.fte.sum(axis=1))

    @cached_property
    def capacity_fte(self) -> np.ndarray:
        """FTE per project in the roles that have a capacity (n x capacity roles)."""
        return read_only(self.fte[:, [self.roles.index(role) for role in self.capacity_roles]])

    @cached_property
    def programme_labels(self) -> tuple[str, ...]:
        """Each project's programme, or business as usual."""
        return tuple(p or BUSINESS_AS_USUAL for p in self.programmes)

    def index(self) -> dict[str, int]:
        return {project_id: i for i, project_id in enumerate(self.ids)}


def read_only(values: np.ndarray) -> np.ndarray:
    """The array, flagged so nothing can write to it after it is built."""
    values.setflags(write=False)
    return values
