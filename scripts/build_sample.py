"""Build the bundled sample portfolio: about 570 projects modelled on Cheshire East Council.

Writes inputs/data/sample_register.csv, inputs/data/sample_config.toml and
tests/data/sample_planted.json, the interdependencies planted on purpose so tests can check
that the dependency checks find them (each prerequisite chain is listed prerequisite first:
every id depends on the one before it). `--check` rebuilds in memory and exits 1 if a shipped
file differs. One seeded random.Random and no clock, hash or set ordering, so every run gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import graphlib
import io
import itertools
import json
import math
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

try:
    from scripts import sample_catalogue as cat
except ImportError:  # run as `python scripts/build_sample.py`
    import sample_catalogue as cat

ROOT = Path(__file__).resolve().parents[1]
REGISTER_PATH = ROOT / "inputs" / "data" / "sample_register.csv"
CONFIG_PATH = ROOT / "inputs" / "data" / "sample_config.toml"
PLANTED_PATH = ROOT / "tests" / "data" / "sample_planted.json"
SEED = 20240802  # the transformation plan's draft date

# Projects per id prefix besides the 30 seeded initiatives: 540 + 30 = 570.
TARGETS = {"DIG": 270, "AHI": 58, "CF": 55, "PLC": 70, "CS": 42, "FCS": 45}
BUDGET_GAP = {"2024/25": 12000, "2025/26": 40000, "2026/27": 27000, "2027/28": 21000}
WEIGHTS = {"mission_alignment": 0.3, "value": 0.4, "risk": 0.15, "capacity": 0.15}
# Generated benefits are scaled so each year's lows total this share of the gap and the highs at
# least HIGH_FLOOR of it: closing the gap is possible but needs choices.
LOW_TARGET, HIGH_FLOOR = 0.88, 1.3
GENERIC = "gen_"  # key prefix of rows generated from vocabularies rather than written by hand
IIP = ("iip_network", "iip_devices", "iip_hosting", "iip_cyber")
N_YEARS = len(cat.YEARS)

BENEFIT_MIX = ("cashable", "cost_avoidance", "combination", "income", "enabler", "tbc")
YEAR_KEYS = [year.replace("/", "_") for year in cat.YEARS]
HEADER = [
    "id", "name", "directorate", "status", "programme", "description", "sponsor",
    "project_manager", "stage", "benefit_type",
    *(f"benefit_{y}_{b}" for y in YEAR_KEYS for b in ("low", "high")),
    *(f"cost_{y}" for y in YEAR_KEYS), *(f"fte_{role}" for role in cat.ROLES),
    *(f"align_{key}" for key in cat.MISSIONS), "delivery_risk", "complexity", "mandatory",
    "depends_on", "conflicts_with", "benefit_pool", "in_mtfs",
]  # fmt: skip

Range = tuple[float, float]


@dataclass
class Project:
    """One register row while it is being built; links hold keys until ids are given."""

    key: str
    prefix: str
    directorate: str
    name: str
    description: str
    status: str
    stage: str
    benefit_type: str
    size: str
    programme: str = ""
    sponsor: str = ""
    project_manager: str = ""
    mandatory: bool = False
    in_mtfs: bool = False
    benefits: list[Range | None] = field(default_factory=list)
    costs: list[float | None] = field(default_factory=list)
    fte: list[float | None] = field(default_factory=list)
    align: tuple[int, ...] = ()
    risk: int | None = None
    complexity: int | None = None
    depends_on: list[str] = field(default_factory=list)
    conflicts_with: list[str] = field(default_factory=list)
    pool: str = ""
    id: str = ""


# --- figures -------------------------------------------------------------------------------
def log_uniform(rng: random.Random, low: float, high: float) -> float:
    """Heavy-tailed draw: most values near the bottom of the range, a few near the top."""
    return low * (high / low) ** rng.random()


def pick_stage(rng: random.Random, status: str, allow_blank: bool) -> str:
    """Evidence stage consistent with status; a few generic rows leave it unknown."""
    if allow_blank and rng.random() < 0.045:
        return ""
    if status == "in_flight":
        return rng.choices(("delivery", "business_case"), (75, 25))[0]
    return rng.choices(("idea", "deep_dive", "business_case"), (35, 35, 30))[0]


def benefit_profile(rng: random.Random, p: Project) -> list[Range | None]:
    """Per-year new savings: enablers zero, TBC unknown, others spread over 1-3 years."""
    if p.benefit_type == "tbc":
        return [None] * N_YEARS
    if p.benefit_type == "enabler":
        return [(0.0, 0.0)] * N_YEARS
    total = log_uniform(rng, *cat.SIZE_BENEFIT[p.size])
    if p.status == "in_flight":
        start = rng.choices((0, 1, 2), (75, 15, 10))[0]
    else:
        start = rng.choices((1, 2, 3), (15, 30, 55))[0]
    span = min(rng.choice((1, 2, 2, 3)), N_YEARS - start)
    weights = [rng.uniform(0.5, 1.5) for _ in range(span)]
    point = p.stage == "delivery" and rng.random() < 0.25
    profile: list[Range | None] = [(0.0, 0.0)] * N_YEARS
    for offset, weight in enumerate(weights):
        high = max(1.0, round(total * weight / sum(weights)))
        low = high if point else float(round(high * rng.uniform(*cat.LOW_SHARE[p.stage])))
        profile[start + offset] = (low, high)
    if p.stage == "idea" and rng.random() < 0.2:
        profile[start + 1 :] = [None] * (N_YEARS - start - 1)
    return profile


def active_years(rng: random.Random, p: Project) -> range:
    """Years the project spends money: from its start until its benefits land."""
    landing = [i for i, b in enumerate(p.benefits) if b and b[1] > 0]
    first = 0 if p.status == "in_flight" else rng.choice((0, 1, 1, 2))
    if landing:
        first = min(first, max(0, landing[0] - 1)) if p.status == "pipeline" else 0
        return range(first, max(landing[-1], first) + 1)
    return range(first, min(N_YEARS, first + rng.choice((1, 2, 2, 3))))


def cost_profile(rng: random.Random, p: Project, allow_blank: bool) -> list[float | None]:
    """Investment per year: a 2.5-6x return for savings projects, size-based otherwise."""
    if allow_blank and rng.random() < 0.03:
        return [None] * N_YEARS
    high_total = sum(b[1] for b in p.benefits if b)
    if high_total > 0:
        total = high_total / rng.uniform(2.5, 6.0)
    else:
        total = log_uniform(rng, *cat.SIZE_COST[p.size])
    if p.prefix == "DIG":
        total *= 1.3
    years = active_years(rng, p)
    weights = [rng.uniform(0.6, 1.4) for _ in years]
    costs: list[float | None] = [0.0] * N_YEARS
    for year, weight in zip(years, weights, strict=True):
        costs[year] = float(max(1, round(total * weight / sum(weights))))
    return costs


def fte_profile(rng: random.Random, p: Project, allow_blank: bool) -> list[float | None]:
    """2-5 roles per project at a level set by size; ICT always on digital work."""
    if allow_blank and rng.random() < 0.025:
        return [None] * len(cat.ROLES)
    weights = list(cat.ROLE_WEIGHTS[p.prefix if p.prefix == "DIG" else p.directorate])
    wanted = rng.choices((2, 3, 4, 5), (25, 35, 25, 15))[0]
    chosen = [cat.ROLES.index("ict")] if p.prefix == "DIG" else []
    while len(chosen) < wanted:
        index = rng.choices(range(len(cat.ROLES)), weights)[0]
        weights[index] = 0
        chosen.append(index)
    fte: list[float | None] = [0.0] * len(cat.ROLES)
    for index in chosen:
        fte[index] = rng.choice(cat.SIZE_FTE[p.size])
    if p.key in IIP:
        fte[cat.ROLES.index("ict")] = float(rng.choice((3, 4, 5, 6)))
    if allow_blank and rng.random() < 0.02:
        fte[rng.choice(chosen)] = None
    return fte


def alignment(rng: random.Random, p: Project) -> tuple[int, ...]:
    """Mission fit follows the owner: care -> fair, place -> green, corporate/digital -> open."""
    base = list(cat.ALIGN_BASE[p.directorate])
    if p.prefix == "DIG":
        base = [3, 1 if p.directorate in ("AHI", "CF") else 0, 1 if p.directorate == "PLC" else 0]
    lead = base.index(max(base))
    noisy = [min(3, max(0, v + rng.choice((-1, 0, 0, 0, 1)))) for v in base]
    noisy[lead] = max(noisy[lead], 2)
    return tuple(noisy)


def rating(rng: random.Random, p: Project, bump: int, allow_blank: bool) -> int | None:
    """A 1-5 risk or complexity rating driven by size, with a few left blank."""
    if allow_blank and rng.random() < 0.03:
        return None
    base = {"S": 2, "M": 3, "L": 3, "XL": 4}[p.size]
    return min(5, max(1, base + bump + rng.choice((-1, 0, 0, 1))))


def fill(rng: random.Random, p: Project, generic: bool) -> Project:
    """Every figure a row needs that its source table does not give."""
    if not p.benefits:
        p.benefits = benefit_profile(rng, p)
    p.costs = cost_profile(rng, p, generic)
    p.fte = fte_profile(rng, p, generic)
    p.align = alignment(rng, p)
    p.risk = rating(rng, p, 1 if p.stage == "idea" else 0, generic)
    p.complexity = rating(rng, p, 0, generic)
    if not p.sponsor:
        sponsors = cat.SPONSORS[p.directorate]
        digital = p.prefix == "DIG" and (p.directorate == "CS" or rng.random() < 0.5)
        p.sponsor = cat.DIGITAL_SPONSOR if digital else rng.choice(sponsors)
    if not p.project_manager:
        p.project_manager = person(rng)
    return p


def person(rng: random.Random) -> str:
    """A project manager as logs record them: a role, or someone's initials."""
    if rng.random() < 0.55:
        return rng.choice(cat.PM_ROLES)
    letters = "ABCDEFGHJKLMNPRSTW"
    return rng.choice(letters) + rng.choice(letters)


# --- projects ------------------------------------------------------------------------------
def seed_projects(rng: random.Random) -> list[Project]:
    """The ~30 named initiatives with exactly the seed file's figures."""
    projects = []
    for row in csv.DictReader(io.StringIO(cat.SEED_CSV)):
        meta = cat.SEED_META[row["id"]]
        note = f" Note: {row['note']}." if row["note"] else ""
        figures = [row[f"b{y}{b}"] for y in range(1, N_YEARS + 1) for b in "lh"]
        benefits: list[Range | None] = [
            None if low == "" else (float(low), float(high))
            for low, high in zip(figures[::2], figures[1::2], strict=True)
        ]
        p = Project(
            key=row["id"], prefix="", directorate=meta.directorate, name=row["name"],
            description=meta.description + note, status=meta.status, stage=meta.stage,
            benefit_type=row["benefit_type"], size=meta.size, programme=row["programme"],
            sponsor=meta.sponsor, project_manager=meta.project_manager, benefits=benefits,
        )  # fmt: skip
        fill(rng, p, generic=False)
        if meta.project_manager == "TBC" or row["id"] == "PL4":
            p.fte = [None] * len(cat.ROLES)  # resourcing to be confirmed in mobilisation
        projects.append(p)
    return projects


def special_projects(rng: random.Random) -> list[Project]:
    """Hand-written projects that carry the planted structure and the plan's named work."""
    projects = []
    for key, spec in cat.SPECIALS.items():
        status = "in_flight" if "i" in spec.flags else "pipeline" if "p" in spec.flags else ""
        status = status or rng.choice(("in_flight", "pipeline"))
        p = Project(
            key=key, prefix="DIG" if "d" in spec.flags else spec.directorate,
            directorate=spec.directorate, name=spec.name, description=spec.description,
            status=status, stage=pick_stage(rng, status, allow_blank=False),
            benefit_type=spec.benefit_type, size=spec.size,
            programme="Digital" if "g" in spec.flags else "",
            mandatory="m" in spec.flags, in_mtfs="f" in spec.flags,
        )  # fmt: skip
        if key in cat.FIXED_BENEFITS:
            p.benefits = list(cat.FIXED_BENEFITS[key])
        projects.append(fill(rng, p, generic=False))
    return projects


def gemini_projects(rng: random.Random) -> list[Project]:
    """Project Gemini: 17 projects whose savings total £1,420k, already in the MTFS."""
    weights = [rng.uniform(0.3, 1.7) for _ in cat.GEMINI]
    shares = [math.floor(cat.GEMINI_TOTAL * w / sum(weights)) for w in weights]
    shares[weights.index(max(weights))] += cat.GEMINI_TOTAL - sum(shares)
    projects = []
    for number, ((label, detail, reason), share) in enumerate(
        zip(cat.GEMINI, shares, strict=True), 1
    ):
        why = f" {reason.capitalize()}: needed to run safely once separate." if reason else ""
        what = f"Project Gemini: {detail[0].lower()}{detail[1:]}.{why} Savings in the MTFS."
        p = Project(
            key=f"gemini_{number:02d}", prefix="DIG", directorate="CS",
            name=f"Gemini: {label}", description=what, status="in_flight", stage="delivery",
            benefit_type="cashable", size="M", programme="Digital", mandatory=bool(reason),
            in_mtfs=True, sponsor=cat.DIGITAL_SPONSOR,
        )  # fmt: skip
        split = rng.choice((0.0, 0.5, 1.0))
        first = float(round(share * split))
        p.benefits = [(0.0, 0.0), (first, first), (share - first, share - first), (0.0, 0.0)]
        projects.append(fill(rng, p, generic=False))
    return projects


def pick_pairs(
    rng: random.Random, pairs: list[tuple[int, int]], count: int, caps: tuple[int, int]
) -> list[tuple[int, int]]:
    """Pick `count` (left, right) pairs in random order, using each side at most caps times."""
    pairs = list(pairs)
    rng.shuffle(pairs)
    used_left, used_right, chosen = Counter(), Counter(), []
    for i, j in pairs:
        if len(chosen) < count and used_left[i] < caps[0] and used_right[j] < caps[1]:
            used_left[i] += 1
            used_right[j] += 1
            chosen.append((i, j))
    if len(chosen) < count:
        raise ValueError(f"vocabulary too small for {count} projects")
    return chosen


def generic_bau(rng: random.Random, code: str, count: int) -> list[Project]:
    """Directorate business as usual, from service x template vocabularies."""
    services, templates = cat.SERVICES[code], cat.TEMPLATES[code]
    caps = (2, math.ceil(count / len(templates)) + 1)
    projects, uses = [], Counter()
    pairs = [  # no "Falls prevention prevention offer"
        (i, j)
        for (i, ((label, _), _)), (j, ((name, _), _)) in itertools.product(
            enumerate(services), enumerate(templates)
        )
        if not set(label.lower().split()) & set(name.lower().split())
    ]
    for n, (i, j) in enumerate(pick_pairs(rng, pairs, count, caps)):
        (label, detail), _ = services[i]
        (name_tpl, kind), variants = templates[j]
        outcome = rng.choice(cat.OUTCOMES[code])
        uses[j] += 1
        status = rng.choices(("in_flight", "pipeline"), (55, 45))[0]
        p = Project(
            key=f"{GENERIC}{code}_{n:03d}", prefix=code, directorate=code,
            name=name_tpl.format(S=label[0].upper() + label[1:]),
            description=variants[uses[j] % len(variants)].format(d=detail, o=outcome),
            status=status,
            stage=pick_stage(rng, status, allow_blank=True),
            benefit_type=kind if rng.random() < 0.75 else rng.choice(BENEFIT_MIX),
            size=rng.choices(("S", "M", "L", "XL"), (52, 35, 11, 2))[0],
        )  # fmt: skip
        projects.append(fill(rng, p, generic=True))
    return projects


def generic_digital(rng: random.Random, count: int) -> list[Project]:
    """Digital business as usual: upgrades, migrations and automation on named systems."""
    systems, actions = cat.SYSTEMS, cat.ACTIONS
    pairs = [
        (i, j)
        for i, system in enumerate(systems)
        for j, (action, _) in enumerate(actions)
        if fits(system, action)
    ]
    caps = (math.ceil(count / len(systems)) + 1, count)
    chosen = pick_pairs(rng, pairs, count, caps)
    return [digital_project(rng, n, systems[i], actions[j]) for n, (i, j) in enumerate(chosen)]


def fits(system: list[str], action: list[str]) -> bool:
    """Whether an action makes sense for a system (no cloud move for a hosted product)."""
    flags = system[3] if len(system) > 3 else ""
    need = action[4] if len(action) > 4 else ""
    return not {"c", "x"} & set(flags) if need == "o" else need in flags


def digital_project(
    rng: random.Random, n: int, system: list[str], action: tuple[list[str], list[str]]
) -> Project:
    """One digital business-as-usual row; Digital programme only for transformation work."""
    label, owner, purpose = system[:3]
    title = label.removeprefix("the ")
    (name_tpl, kind, size, transform, *_), variants = action
    status = rng.choices(("in_flight", "pipeline"), (50, 50))[0]
    p = Project(
        key=f"{GENERIC}DIG_{n:03d}", prefix="DIG", directorate=owner,
        name=name_tpl.format(X=title[0].upper() + title[1:]), status=status,
        description=rng.choice(variants).format(x=label, p=purpose),
        stage=pick_stage(rng, status, allow_blank=True), benefit_type=kind,
        size=size if rng.random() < 0.8 else rng.choice(("S", "M", "L")),
        programme="Digital" if transform == "y" else "",
    )  # fmt: skip
    if "Netcall" in name_tpl:
        p.depends_on.append("crm_platform")
    return fill(rng, p, generic=True)


# --- structure -----------------------------------------------------------------------------
def infrastructure_for(p: Project) -> str:
    """The Infrastructure Investment Programme project a digital project leans on most."""
    text = f"{p.name} {p.description}".lower()
    keywords = (
        ("iip_cyber", ("sign-on", "authentication", "security", "dmarc", "zero-trust", "server")),
        ("iip_network", ("telephony", "network", "telematics", "wi-fi")),
        ("iip_devices", ("mobile", " app", "device", "desk")),
    )
    for key, words in keywords:
        if any(word in text for word in words):
            return key
    return "iip_hosting"


def link(rng: random.Random, projects: list[Project]) -> None:
    """Plant the dependencies, clashes, pools and MTFS flags named in the catalogue."""
    by_key = {p.key: p for p in projects}
    for chain in cat.CHAINS + cat.EXTRA_DEPENDS:
        for before, after in itertools.pairwise(chain):
            by_key[after].depends_on.append(before)
    for p in projects:
        if p.prefix == "DIG" and p.key not in IIP:
            if not any(d in IIP for d in p.depends_on):
                p.depends_on.append(infrastructure_for(p))
            if rng.random() < 0.15:
                extra = rng.choice([k for k in IIP if k not in p.depends_on])
                p.depends_on.append(extra)
    for a, b in cat.CLASHES:
        side = rng.random()
        if side < 0.75:
            by_key[a].conflicts_with.append(b)
        if side < 0.5 or side >= 0.75:
            by_key[b].conflicts_with.append(a)
    for pool, keys in cat.POOLS.items():
        for key in keys:
            by_key[key].pool = pool


def mark_mtfs(rng: random.Random, projects: list[Project]) -> None:
    """A few in-flight directorate savings are already counted in the MTFS, as in real logs."""
    candidates = [
        p for p in projects
        if p.key.startswith(GENERIC) and p.prefix != "DIG"
        and p.status == "in_flight" and p.benefit_type == "cashable"
    ]  # fmt: skip
    for p in rng.sample(candidates, 6):
        p.in_mtfs = True
        p.description += " Savings already counted in the MTFS."


def new_money(p: Project) -> bool:
    """Benefits that close the gap: not already in the MTFS, not recovery of recognised income."""
    return not p.in_mtfs and p.benefit_type != "income_recovery"


def calibrate(projects: list[Project]) -> None:
    """Scale generated business-as-usual benefits year by year to LOW_TARGET and HIGH_FLOOR."""
    for year, gap in enumerate(BUDGET_GAP.values()):
        sums = Counter()
        for p in projects:
            benefit = p.benefits[year]
            if benefit and new_money(p):
                kind = "generated" if p.key.startswith(GENERIC) else "fixed"
                sums[f"{kind}_low"] += benefit[0]
                sums[f"{kind}_high"] += benefit[1]
        low_factor = (gap * LOW_TARGET - sums["fixed_low"]) / sums["generated_low"]
        high_factor = (gap * HIGH_FLOOR - sums["fixed_high"]) / sums["generated_high"]
        low_factor = min(3.0, max(0.3, low_factor))
        high_factor = min(3.0, max(low_factor, high_factor))
        for p in projects:
            benefit = p.benefits[year]
            if benefit and p.key.startswith(GENERIC):
                low, high = round(benefit[0] * low_factor), round(benefit[1] * high_factor)
                p.benefits[year] = (float(low), float(max(low, high)))


def assign_ids(rng: random.Random, projects: list[Project]) -> None:
    """Seeds keep their references; others get PREFIX-0001 in a shuffled order, as logs do."""
    for prefix in ("DIG", *cat.PREFIXES):
        group = [p for p in projects if p.prefix == prefix]
        rng.shuffle(group)
        for number, p in enumerate(group, 1):
            p.id = f"{prefix}-{number:04d}"
    for p in projects:
        p.id = p.id or p.key


def build(rng: random.Random | None = None) -> list[Project]:
    """The whole portfolio, linked, numbered and checked."""
    rng = rng or random.Random(SEED)
    projects = seed_projects(rng) + special_projects(rng) + gemini_projects(rng)
    have = Counter(p.prefix for p in projects)
    projects += generic_digital(rng, TARGETS["DIG"] - have["DIG"])
    for code in cat.PREFIXES:
        projects += generic_bau(rng, code, TARGETS[code] - have[code])
    mark_mtfs(rng, projects)
    calibrate(projects)
    link(rng, projects)
    assign_ids(rng, projects)
    order = {prefix: n for n, prefix in enumerate(("", "DIG", *cat.PREFIXES))}
    seeds = [p.key for p in projects if not p.prefix]
    projects.sort(key=lambda p: (order[p.prefix], seeds.index(p.key) if not p.prefix else p.id))
    validate(projects)
    return projects


# --- checks --------------------------------------------------------------------------------
def row_problems(p: Project, keys: set[str]) -> list[str]:
    """What the register reader would reject in one row (the closed sets hold by construction)."""
    problems = [f"benefit {b}" for b in p.benefits if b and not 0 <= b[0] <= b[1]]
    links = p.depends_on + p.conflicts_with
    problems += [f"link to unknown or self {k}" for k in links if k not in keys or k == p.key]
    if len(set(links)) != len(links):
        problems.append("a link repeated, or both needed and clashing")
    return [f"{p.key}: {problem}" for problem in problems]


def structure_problems(projects: list[Project]) -> list[str]:
    """The planted cases are what the planted file says, and the gap is closable but tight."""
    by_key = {p.key: p for p in projects}
    try:
        tuple(graphlib.TopologicalSorter({p.key: p.depends_on for p in projects}).static_order())
        problems = []
    except graphlib.CycleError as error:
        problems = [f"dependency cycle {error.args[1]}"]
    needed_by = Counter(k for p in projects for k in p.depends_on)
    problems += [f"weak enabler {k}" for k in cat.CRITICAL_ENABLERS if needed_by[k] < 3]
    problems += [f"{p.key} needs no IIP project" for p in projects if p.prefix == "DIG"
                 and p.key not in IIP and not set(p.depends_on) & set(IIP)]  # fmt: skip
    problems += [f"duplicate pair {a}~{b} in one directorate" for a, b in cat.NEAR_DUPLICATES
                 if by_key[a].directorate == by_key[b].directorate]  # fmt: skip
    counted = [b for p in projects if new_money(p) for b in p.benefits if b]
    if not sum(b[0] for b in counted) < sum(BUDGET_GAP.values()) < sum(b[1] for b in counted):
        problems.append("the gap should lie between total low and total high benefits")
    return problems


def validate(projects: list[Project]) -> None:
    """Fail loudly if the sample breaks a rule the register reader enforces."""
    keys = {p.key for p in projects}
    ids = Counter(p.id.casefold() for p in projects)
    problems = [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for p in projects:
        problems += row_problems(p, keys)
    problems += structure_problems(projects)
    if problems:
        raise ValueError("sample portfolio is invalid: " + "; ".join(problems))


# --- output --------------------------------------------------------------------------------
def number(value: float | None) -> str:
    """£k and FTE as a person writes them: 120, 0.5, blank when unknown."""
    if value is None:
        return ""
    value = round(value, 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def row(p: Project, ids: dict[str, str]) -> list[str]:
    cells = [p.id, p.name, cat.DIRECTORATE_NAMES[p.directorate], p.status, p.programme]
    cells += [p.description, p.sponsor, p.project_manager, p.stage, p.benefit_type]
    for benefit in p.benefits:
        cells += [number(benefit[0]), number(benefit[1])] if benefit else ["", ""]
    cells += [number(c) for c in p.costs] + [number(f) for f in p.fte]
    cells += [str(a) for a in p.align] + [number(p.risk), number(p.complexity)]
    cells += ["yes" if p.mandatory else "no"]
    cells += [";".join(ids[k] for k in p.depends_on), ";".join(ids[k] for k in p.conflicts_with)]
    return [*cells, p.pool, "yes" if p.in_mtfs else "no"]


def render_register(projects: list[Project]) -> str:
    ids = {p.key: p.id for p in projects}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(row(p, ids) for p in projects)
    return buffer.getvalue()


def totals(projects: list[Project]) -> tuple[list[float], list[float]]:
    """FTE demand per role and cost per year over the whole portfolio."""
    fte = [sum(p.fte[i] or 0 for p in projects) for i in range(len(cat.ROLES))]
    cost = [sum(p.costs[y] or 0 for p in projects) for y in range(N_YEARS)]
    return fte, cost


def render_config(projects: list[Project]) -> str:
    """Capacity about 55-70% of demand and budget 60-70% of cost, so the reset must choose."""
    rng = random.Random(SEED + 1)
    fte, cost = totals(projects)
    lines = ["# Generated by scripts/build_sample.py: change that script, not this file."]
    lines += ['name = "Cheshire East Council (sample portfolio)"']
    lines += ["years = [" + ", ".join(f'"{y}"' for y in cat.YEARS) + "]", "", "[budget_gap]"]
    lines += [f'"{y}" = {BUDGET_GAP[y]}' for y in cat.YEARS]
    lines += ["", "[capacity]"]
    for role, demand in zip(cat.ROLES, fte, strict=True):
        lines.append(f"{role} = {round(demand * rng.uniform(0.56, 0.69) * 2) / 2:.1f}")
    lines += ["", "[budget]"]
    for year, spend in zip(cat.YEARS, cost, strict=True):
        lines.append(f'"{year}" = {round(spend * rng.uniform(0.6, 0.7) / 50) * 50}')
    lines += ["", "[missions]"] + [f'{k} = "{v}"' for k, v in cat.MISSIONS.items()]
    lines += ["", "[weights]"] + [f"{k} = {v}" for k, v in WEIGHTS.items()]
    return "\n".join(lines) + "\n"


def render_planted(projects: list[Project]) -> str:
    ids = {p.key: p.id for p in projects}
    planted = {
        "prerequisite_chains": [[ids[k] for k in chain] for chain in cat.CHAINS],
        "clashes": [[ids[a], ids[b]] for a, b in cat.CLASHES],
        "near_duplicates": [[ids[a], ids[b]] for a, b in cat.NEAR_DUPLICATES],
        "shared_pools": {pool: sorted(ids[k] for k in keys) for pool, keys in
                         sorted(cat.POOLS.items())},
        "in_mtfs": sorted(p.id for p in projects if p.in_mtfs),
        "mandatory": sorted(p.id for p in projects if p.mandatory),
        "critical_enablers": sorted(ids[k] for k in cat.CRITICAL_ENABLERS),
    }  # fmt: skip
    return json.dumps(planted, indent=2, ensure_ascii=False) + "\n"


# --- summary and entry point ---------------------------------------------------------------
def summary(projects: list[Project], config: str) -> str:
    """Counts, benefits against the gap and FTE demand against capacity, for a human."""
    out = [f"{len(projects)} projects"]
    groups = {
        "directorate": [cat.DIRECTORATE_NAMES[p.directorate] for p in projects],
        "programme": [p.programme or "(business as usual)" for p in projects],
        "status": [p.status for p in projects],
    }
    for title, values in groups.items():
        counts = sorted(Counter(values).items())
        out.append(f"by {title}: " + ", ".join(f"{k} {n}" for k, n in counts))
    out.append("year        gap     low    high  (new money: not in_mtfs, not income_recovery)")
    for y, year in enumerate(cat.YEARS):
        new = [p.benefits[y] for p in projects if new_money(p) and p.benefits[y]]
        low, high = sum(b[0] for b in new), sum(b[1] for b in new)
        out.append(f"{year}  {BUDGET_GAP[year]:7d} {low:7.0f} {high:7.0f}")
    fte, cost = totals(projects)
    capacity = dict(line.split(" = ") for line in config.splitlines() if " = " in line)
    out.append("role                     demand  capacity")
    out += [f"{r:<24} {d:6.1f}  {capacity[r]:>8}" for r, d in zip(cat.ROLES, fte, strict=True)]
    out.append("cost by year: " + ", ".join(f"{c:.0f}" for c in cost))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a shipped file differs")
    args = parser.parse_args(argv)
    projects = build()
    files = {
        REGISTER_PATH: render_register(projects),
        CONFIG_PATH: render_config(projects),
        PLANTED_PATH: render_planted(projects),
    }
    if args.check:
        stale = [path for path, text in files.items()
                 if not path.exists() or path.read_bytes() != text.encode("utf-8")]  # fmt: skip
        for path in stale:
            print(f"differs from a fresh build: {path.relative_to(ROOT)}")
        if not stale:
            print("sample files match a fresh build")
        return 1 if stale else 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote {path.relative_to(ROOT)}")
    print(summary(projects, files[CONFIG_PATH]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
