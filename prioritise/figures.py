"""The register as arrays for scoring, with every assumption made for missing data recorded."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inputs.config import Config
from inputs.models import BenefitType, Project, Register
from prioritise.criteria import (
    alignment_scores,
    gap_benefit,
    percentile_scale,
    risk_scores,
    value_per_fte,
)


@dataclass(frozen=True)
class ProjectFigures:
    """One row per project (register order); years and missions as the config gives them."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    alignment: np.ndarray  # n x missions, 0-3
    mission_weights: np.ndarray  # missions
    low: np.ndarray  # n x years, £k
    high: np.ndarray  # n x years, £k
    factor: np.ndarray  # n: stage confidence x new-money share of the benefit type
    cost: np.ndarray  # n: £k over the horizon, uplifted for optimism bias
    fte: np.ndarray  # n: total FTE while running
    delivery_risk: np.ndarray  # n, 1-5
    complexity: np.ndarray  # n, 1-5
    assumptions: tuple[tuple[str, ...], ...]


def build_figures(register: Register, config: Config) -> ProjectFigures:
    """Arrays the criteria need; a blank becomes a documented assumption, never a silent zero."""
    settings = config.scoring
    missions = tuple(config.missions)
    weights = np.array([settings.mission_weights.get(m, 1.0) for m in missions], dtype=float)
    median_fte = float(np.median([sum(p.fte.values()) for p in register.projects if p.fte] or [0]))
    rows = [_project_row(p, config, missions, median_fte) for p in register.projects]
    return ProjectFigures(
        ids=register.ids,
        names=tuple(p.name for p in register.projects),
        alignment=np.array([r[0] for r in rows], dtype=float).reshape(len(rows), len(missions)),
        mission_weights=weights,
        low=np.array([r[1] for r in rows], dtype=float).reshape(len(rows), len(config.years)),
        high=np.array([r[2] for r in rows], dtype=float).reshape(len(rows), len(config.years)),
        factor=np.array([r[3] for r in rows], dtype=float),
        cost=np.array([r[4] for r in rows], dtype=float),
        fte=np.array([r[5] for r in rows], dtype=float),
        delivery_risk=np.array([r[6] for r in rows], dtype=float),
        complexity=np.array([r[7] for r in rows], dtype=float),
        assumptions=tuple(tuple(r[8]) for r in rows),
    )


def _project_row(
    project: Project, config: Config, missions: tuple[str, ...], median_fte: float
) -> tuple:
    settings = config.scoring
    notes: list[str] = []
    alignment = []
    for mission in missions:
        if mission not in project.alignment:
            notes.append(f"no alignment given for '{config.missions[mission]}': taken as 0")
        alignment.append(project.alignment.get(mission, 0.0))
    stage = project.stage
    if stage is None:
        stage = settings.unknown_stage
        notes.append(f"stage not given: assumed {stage.value} (least evidence)")
    kind = project.benefit_type
    if kind is None:
        kind = BenefitType.TBC
        notes.append("benefit type not given: treated as tbc")
    share = settings.benefit_type_weights[kind]
    if project.in_mtfs:
        share *= settings.in_mtfs_factor
        notes.append(f"benefits already in the MTFS: {settings.in_mtfs_factor:g} counted as new")
    known = [y for y in config.years if y in project.benefits]
    if not known and kind is not BenefitType.ENABLER:
        notes.append("no benefit figures given: value counted as 0")
    elif len(known) < len(config.years) and known:
        missing = ", ".join(y for y in config.years if y not in project.benefits)
        notes.append(f"no benefit figures for {missing}: taken as 0 for those years")
    low = [project.benefits[y].low if y in project.benefits else 0.0 for y in config.years]
    high = [project.benefits[y].high if y in project.benefits else 0.0 for y in config.years]
    if not any(y in project.costs for y in config.years):
        notes.append("no cost given: taken as 0")
    cost = sum(project.costs.get(y, 0.0) for y in config.years)
    cost *= 1 + settings.optimism_bias[stage]
    fte = sum(project.fte.values())
    if not project.fte:
        fte = median_fte
        notes.append(f"no FTE given: assumed the portfolio median of {median_fte:g} FTE")
    ratings = []
    for field in ("delivery_risk", "complexity"):
        rating = getattr(project, field)
        if rating is None:
            rating = settings.unknown_rating
            notes.append(f"{field.replace('_', ' ')} not given: assumed {rating:g}")
        ratings.append(rating)
    factor = settings.confidence[stage] * share
    return alignment, low, high, factor, cost, fte, ratings[0], ratings[1], notes


def criteria_scores(figures: ProjectFigures, point: float | np.ndarray) -> dict[str, np.ndarray]:
    """Sub-scores per criterion; value and capacity may carry a leading axis of draws."""
    return scores_for_benefit(
        figures, gap_benefit(figures.low, figures.high, point, figures.factor)
    )


def scores_for_benefit(figures: ProjectFigures, benefit: np.ndarray) -> dict[str, np.ndarray]:
    """Sub-scores given the gap-closing benefit already worked out (so it is computed once)."""
    return {
        "mission_alignment": alignment_scores(figures.alignment, figures.mission_weights),
        "value": percentile_scale(benefit - figures.cost),
        "risk": risk_scores(figures.delivery_risk, figures.complexity),
        "capacity": percentile_scale(value_per_fte(benefit, figures.fte)),
    }
