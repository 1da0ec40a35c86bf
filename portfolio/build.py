"""Building the Portfolio from a Register and its Config: every assumption applied once, here."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from inputs.config import Config
from inputs.config_match import stream_problems
from inputs.errors import RegisterError
from inputs.models import BenefitType, Project, Register, Status
from inputs.settings import ScoringSettings
from inputs.values import normalise_token
from inputs.years import year_sort_key
from portfolio.numbers import Portfolio, read_only
from portfolio.pools import Pool


def expected_benefit(
    low: np.ndarray, high: np.ndarray, point: float | np.ndarray, factor: np.ndarray
) -> np.ndarray:
    """(low + p (high - low)) x factor per project and year; `point` may carry draws (..., n, y).

    `factor` is the project's stage confidence times its new-money share.
    """
    return (low + point * (high - low)) * factor[:, None]


def gap_share(kind: BenefitType, in_mtfs: bool, settings: ScoringSettings) -> float:
    """Share of a benefit that counts against the budget gap: its type's weight (income
    recovery weighs 0). Under the MTFS rule `protect` a benefit already in the MTFS counts in
    full (stopping it re-opens the hole); under `discount` it counts `in_mtfs_factor`."""
    share = settings.benefit_type_weights[kind]
    if in_mtfs and settings.mtfs_rule == "discount":
        return share * settings.in_mtfs_factor
    return share


def new_money_share(kind: BenefitType, in_mtfs: bool, settings: ScoringSettings) -> float:
    """Share of a benefit that is new money: the gap share, and none of a protected MTFS one."""
    if in_mtfs and settings.mtfs_rule == "protect":
        return 0.0
    return gap_share(kind, in_mtfs, settings)


@dataclass
class _Notes:
    """The assumptions made for one project, in the order a reader checks them."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)


def build_portfolio(register: Register, config: Config) -> Portfolio:
    """The portfolio of numbers; a blank becomes a recorded assumption, never a silent zero.

    Projects are taken in id order (`Register.canonical`), so no figure depends on the file's
    row order. A project that gives no FTE at all is assumed to need the portfolio's median
    total FTE (over projects that give some), split across roles as the portfolio's FTE is
    split: the figure it is scored on is the figure it is charged in the plan.
    """
    settings = config.scoring
    register = register.canonical()
    projects = register.projects
    years = config.years
    wrong_streams = stream_problems(projects, register.source, config)
    if wrong_streams:
        raise RegisterError(wrong_streams)
    streams = tuple(config.streams)
    stream = np.array(
        [
            streams.index(normalise_token(p.funding_stream)) if p.funding_stream else -1
            for p in projects
        ],
        dtype=int,
    )
    roles = tuple(sorted(set(config.roles) | set(register.roles)))
    missions = tuple(config.missions)
    notes = [_Notes() for _ in projects]
    alignment = _alignment(projects, config, notes)
    stages, kinds = [], []
    for project, note in zip(projects, notes, strict=True):
        stage = project.stage
        if stage is None:
            stage = settings.unknown_stage
            note.add(f"stage not given: assumed {stage.value} (least evidence)")
        kind = project.benefit_type
        if kind is None:
            kind = BenefitType.TBC
            note.add("benefit type not given: treated as tbc")
        if project.in_mtfs and settings.mtfs_rule == "discount":
            note.add(f"benefits already in the MTFS: {settings.in_mtfs_factor:g} counted as new")
        elif project.in_mtfs:
            note.add("benefits already in the MTFS: not new money; stopping it widens the gap")
        stages.append(stage)
        kinds.append(kind)
    low, high = _benefits(projects, kinds, years, notes)
    confidence = np.array([settings.confidence[s] for s in stages], dtype=float)
    pairs = list(zip(kinds, (bool(p.in_mtfs) for p in projects), strict=True))
    share = np.array([gap_share(k, m, settings) for k, m in pairs], dtype=float)
    new = np.array([new_money_share(k, m, settings) for k, m in pairs], dtype=float)
    kept_apart = _kept_in_stream(stream, streams, config, notes)
    share[kept_apart] = 0.0
    new[kept_apart] = 0.0
    protected = np.array([m for _, m in pairs], dtype=bool) & (settings.mtfs_rule == "protect")
    factor = confidence * share
    cost = _per_year(projects, "costs", years)
    for project, note in zip(projects, notes, strict=True):
        if not any(y in project.costs for y in years):
            note.add("no cost given: taken as 0")
    bias = np.array([settings.optimism_bias[s] for s in stages], dtype=float)
    fte = _fte(projects, roles, notes)
    risk = _rating(projects, "delivery_risk", settings.unknown_rating, notes)
    complexity = _rating(projects, "complexity", settings.unknown_rating, notes)
    index = {p.id: i for i, p in enumerate(projects)}
    gap = np.array([config.budget_gap[y] for y in years], dtype=float)
    return Portfolio(
        register=register,
        config=config,
        ids=register.ids,
        names=tuple(p.name for p in projects),
        directorates=tuple(p.directorate for p in projects),
        programmes=tuple(p.programme or "" for p in projects),
        years=years,
        roles=roles,
        missions=missions,
        in_flight=read_only(np.array([p.status is Status.IN_FLIGHT for p in projects], dtype=bool)),
        mandatory=read_only(np.array([bool(p.mandatory) for p in projects], dtype=bool)),
        in_mtfs=read_only(np.array([bool(p.in_mtfs) for p in projects], dtype=bool)),
        protected=read_only(protected),
        stages=tuple(stages),
        benefit_types=tuple(kinds),
        confidence=read_only(confidence),
        new_money=read_only(new),
        gap_share=read_only(share),
        low=read_only(low),
        high=read_only(high),
        new_low=read_only(low * new[:, None]),
        new_high=read_only(high * new[:, None]),
        expected=read_only(expected_benefit(low, high, settings.range_point, factor)),
        expected_low=read_only(low * factor[:, None]),
        expected_high=read_only(high * factor[:, None]),
        cost=read_only(cost),
        cost_risked=read_only(cost.sum(axis=1) * (1 + bias)),
        fte=read_only(fte),
        runs=read_only(run_years(projects, years, cost, notes)),
        alignment=read_only(alignment),
        mission_weights=read_only(
            np.array([settings.mission_weights.get(m, 1.0) for m in missions], dtype=float)
        ),
        delivery_risk=read_only(risk),
        complexity=read_only(complexity),
        requires=read_only(
            _pairs([(index[p.id], index[d]) for p in projects for d in p.depends_on])
        ),
        conflicts=read_only(
            _pairs(
                sorted(
                    {
                        (min(index[p.id], index[c]), max(index[p.id], index[c]))
                        for p in projects
                        for c in p.conflicts_with
                    }
                )
            )
        ),
        together=read_only(_together(projects, index)),
        pools=_pools(register, config, index),
        capacity=read_only(
            np.array([config.capacity_of(r) for r in config.roles], dtype=float).reshape(
                len(config.roles), len(years)
            )
        ),
        budget=read_only(np.array([config.budget[y] for y in years], dtype=float)),
        streams=streams,
        stream=read_only(stream),
        stream_budget=read_only(
            np.array(
                [[config.streams[s].budget[y] for y in years] for s in streams], dtype=float
            ).reshape(len(streams), len(years))
        ),
        ring_fenced=read_only(
            np.array([config.streams[s].ring_fenced for s in streams], dtype=bool)
        ),
        gap=read_only(gap),
        reserves=read_only(np.array([config.target.reserves.get(y, 0.0) for y in years])),
        contingency=read_only(gap * config.target.contingency_share),
        assumptions=tuple(tuple(note.items) for note in notes),
    )


def _kept_in_stream(
    stream: np.ndarray, streams: tuple[str, ...], config: Config, notes: list[_Notes]
) -> np.ndarray:
    """Projects whose savings stay in their ring-fenced stream (DSG) rather than closing the
    general fund gap, each noted."""
    apart = np.zeros(len(stream), dtype=bool)
    for i, s in enumerate(stream.tolist()):
        if s >= 0 and not config.streams[streams[s]].savings_close_the_gap:
            apart[i] = True
            notes[i].add(
                f"funded from the ring-fenced {streams[s]} stream: its savings stay in that "
                "stream and do not close the general fund gap"
            )
    return apart


def run_years(
    projects: tuple[Project, ...], years: tuple[str, ...], cost: np.ndarray, notes: list[_Notes]
) -> np.ndarray:
    """The years each project runs (needs its FTE), n x years.

    From its start_year (in-flight work: the first year of the horizon at the latest; new work
    without one: its first costed year) to its end_year, or start + duration - 1, or its last
    costed year; with no cost in the horizon, to the horizon's end. A project that starts after
    the horizon, or ends before it, runs in none of it (and says so). New work whose end_year
    comes before its first costed year is refused when the register is read (`Project`).
    """
    first = year_sort_key(years[0])
    count = len(years)
    runs = np.zeros((len(projects), count), dtype=bool)
    for i, (project, note) in enumerate(zip(projects, notes, strict=True)):
        costed = np.flatnonzero(cost[i] > 0)
        if project.start_year is not None:
            start = year_sort_key(project.start_year) - first
        else:
            start = 0 if project.status is Status.IN_FLIGHT or not len(costed) else int(costed[0])
        if project.status is Status.IN_FLIGHT:
            start = min(start, 0)
        if project.end_year is not None:
            end = year_sort_key(project.end_year) - first
        elif project.duration is not None:
            end = start + int(project.duration) - 1
        else:
            later = costed[costed >= start]
            end = int(later[-1]) if len(later) else count - 1
            if project.start_year is None and not len(costed):
                note.add("no start, end or costed year: taken to run the whole horizon")
        runs[i, max(start, 0) : max(end + 1, 0)] = True
        if not runs[i].any():
            note.add("runs in no year of the horizon: the plan charges it no FTE")
    return runs


def _alignment(projects: tuple[Project, ...], config: Config, notes: list[_Notes]) -> np.ndarray:
    rows = []
    for project, note in zip(projects, notes, strict=True):
        for mission in config.missions:
            if mission not in project.alignment:
                note.add(f"no alignment given for '{config.missions[mission]}': taken as 0")
        rows.append([project.alignment.get(m, 0.0) for m in config.missions])
    return np.array(rows, dtype=float).reshape(len(projects), len(config.missions))


def _benefits(
    projects: tuple[Project, ...],
    kinds: list[BenefitType],
    years: tuple[str, ...],
    notes: list[_Notes],
) -> tuple[np.ndarray, np.ndarray]:
    for project, kind, note in zip(projects, kinds, notes, strict=True):
        known = [y for y in years if y in project.benefits]
        if not known and kind is not BenefitType.ENABLER:
            note.add("no benefit figures given: value counted as 0")
        elif known and len(known) < len(years):
            missing = ", ".join(y for y in years if y not in project.benefits)
            note.add(f"no benefit figures for {missing}: taken as 0 for those years")
    shape = (len(projects), len(years))
    low = np.array(
        [[p.benefits[y].low if y in p.benefits else 0.0 for y in years] for p in projects],
        dtype=float,
    ).reshape(shape)
    high = np.array(
        [[p.benefits[y].high if y in p.benefits else 0.0 for y in years] for p in projects],
        dtype=float,
    ).reshape(shape)
    return low, high


def _per_year(projects: tuple[Project, ...], column: str, years: tuple[str, ...]) -> np.ndarray:
    values = [[getattr(p, column).get(y, 0.0) for y in years] for p in projects]
    return np.array(values, dtype=float).reshape(len(projects), len(years))


def _fte(projects: tuple[Project, ...], roles: tuple[str, ...], notes: list[_Notes]) -> np.ndarray:
    """FTE per role; a blank role beside a given FTE is 0; no FTE at all takes the median."""
    fte = np.array([[p.fte.get(r, 0.0) for r in roles] for p in projects], dtype=float)
    fte = fte.reshape(len(projects), len(roles))
    given = np.array([bool(p.fte) for p in projects], dtype=bool)
    if given.all():
        return fte
    median = float(np.median(fte[given].sum(axis=1))) if given.any() else 0.0
    pooled = fte[given].sum(axis=0)
    split = pooled / pooled.sum() if pooled.sum() > 0 else np.zeros(len(roles))
    profile = median * split
    shown = ", ".join(
        f"{profile[r]:.2g} {role.replace('_', ' ')}"
        for r, role in sorted(enumerate(roles), key=lambda item: -profile[item[0]])
        if profile[r] > 0
    )
    note = f"no FTE given: assumed the portfolio median of {median:g} FTE" + (
        f", split by role as the portfolio's FTE is ({shown})" if shown else ""
    )
    for i in np.flatnonzero(~given):
        fte[i] = profile
        notes[i].add(note)
    return fte


def _rating(
    projects: tuple[Project, ...], field: str, unknown: float, notes: list[_Notes]
) -> np.ndarray:
    values = []
    for project, note in zip(projects, notes, strict=True):
        rating = getattr(project, field)
        if rating is None:
            rating = unknown
            note.add(f"{field.replace('_', ' ')} not given: assumed {rating:g}")
        values.append(rating)
    return np.array(values, dtype=float)


def _pairs(pairs: list[tuple[int, int]]) -> np.ndarray:
    return np.array(pairs, dtype=np.int64).reshape(len(pairs), 2)


def _together(projects: tuple[Project, ...], index: dict[str, int]) -> np.ndarray:
    """Pairs (i < j) that proceed together: each `together_with` link, and each group's
    members chained in id order (so the pairs of a group connect all of it)."""
    pairs = {
        (min(index[p.id], index[q]), max(index[p.id], index[q]))
        for p in projects
        for q in p.together_with
    }
    groups: dict[str, list[int]] = {}
    for p in projects:
        if p.together_group:
            groups.setdefault(p.together_group.strip().casefold(), []).append(index[p.id])
    for members in groups.values():
        ordered = sorted(members, key=lambda i: projects[i].id)
        pairs |= {(min(a, b), max(a, b)) for a, b in pairwise(ordered)}
    return _pairs(sorted(pairs))


def _pools(register: Register, config: Config, index: dict[str, int]) -> tuple[Pool, ...]:
    settings = config.dependencies
    members: dict[str, list[int]] = {}
    for project in register.projects:
        if project.benefit_pool:
            members.setdefault(project.benefit_pool, []).append(index[project.id])
    pools = []
    for name in sorted(members):
        rows = sorted(members[name], key=lambda i: register.projects[i].id)
        caps = settings.pool_caps.get(name, {})
        pools.append(
            Pool(
                name=name,
                members=read_only(np.array(rows, dtype=np.int64)),
                cap=read_only(np.array([caps.get(y, np.nan) for y in config.years], dtype=float)),
                rule=settings.overlap_rule,
            )
        )
    return tuple(pools)
