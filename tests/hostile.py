"""Hostile registers and configs: the shapes and values a council's spreadsheet can hold that
break naive code (pathological links, huge or odd files, values that mean something else).

Each builder returns file bytes or text, so a test writes it where it needs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

HEADER = (
    "id",
    "name",
    "directorate",
    "status",
    "programme",
    "sponsor",
    "stage",
    "benefit_type",
    "benefit_2024_25_low",
    "benefit_2024_25_high",
    "benefit_2025_26_low",
    "benefit_2025_26_high",
    "cost_2024_25",
    "cost_2025_26",
    "fte_project_manager",
    "fte_ict",
    "align_open",
    "align_fair",
    "delivery_risk",
    "complexity",
    "mandatory",
    "depends_on",
    "conflicts_with",
    "benefit_pool",
    "in_mtfs",
)
DIRECTORATES = ("Adults", "Children", "Place", "Resources")


def project(number: int, **cells: object) -> dict[str, object]:
    """One valid, small project row; `cells` override any column."""
    row: dict[str, object] = {
        "id": f"P{number}",
        "name": f"Project {number}",
        "directorate": DIRECTORATES[number % len(DIRECTORATES)],
        "status": "pipeline" if number % 3 else "in_flight",
        "programme": "",
        "sponsor": "Director",
        "stage": "business_case",
        "benefit_type": "cashable",
        "benefit_2024_25_low": 1 + number % 7,
        "benefit_2024_25_high": 2 + number % 7,
        "benefit_2025_26_low": 3 + number % 11,
        "benefit_2025_26_high": 5 + number % 11,
        "cost_2024_25": 1 + number % 5,
        "cost_2025_26": 1 + number % 3,
        "fte_project_manager": 0.01,
        "fte_ict": 0.01,
        "align_open": number % 4,
        "align_fair": (number + 1) % 4,
        "delivery_risk": 1 + number % 5,
        "complexity": 1 + (number + 2) % 5,
        "mandatory": "no",
        "depends_on": "",
        "conflicts_with": "",
        "benefit_pool": "",
        "in_mtfs": "no",
    }
    row.update(cells)
    return row


def register_csv(rows: Iterable[dict[str, object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def config_toml(projects: int) -> str:
    """A config whose gap, people and money scale with the register, so a plan is possible."""
    gap, people, money = 4 * projects, 0.02 * projects + 1, 3 * projects
    return (
        'name = "Hostile council"\nyears = ["2024/25", "2025/26"]\n'
        f'[budget_gap]\n"2024/25" = {gap}\n"2025/26" = {2 * gap}\n'
        f"[capacity]\nproject_manager = {people:.2f}\nict = {people:.2f}\n"
        f'[budget]\n"2024/25" = {money}\n"2025/26" = {money}\n'
        '[missions]\nopen = "Open"\nfair = "Fair"\n'
    )


def chain(n: int) -> str:
    """Each project needs the one before: a prerequisite chain n long."""
    return register_csv(
        project(i, depends_on=f"P{i - 1}" if i > 1 else "") for i in range(1, n + 1)
    )


def cycle(n: int) -> str:
    """A prerequisite chain n long whose first project needs its last."""
    return register_csv(project(i, depends_on=f"P{(i - 2) % n + 1}") for i in range(1, n + 1))


def one_pool(n: int) -> str:
    """n projects all claiming the same savings (one benefit pool)."""
    return register_csv(project(i, benefit_pool="one_pot") for i in range(1, n + 1))


def all_conflicting(n: int) -> str:
    """n projects each in conflict with every other (each row names all the earlier ones)."""
    return register_csv(
        project(i, conflicts_with=";".join(f"P{j}" for j in range(1, i))) for i in range(1, n + 1)
    )


PATHOLOGICAL: dict[str, tuple[Callable[[int], str], int]] = {
    "prerequisite chain": (chain, 10_000),
    "one benefit pool": (one_pool, 3_000),
    "mutual conflicts": (all_conflicting, 1_000),
    "prerequisite cycle": (cycle, 2_000),
}
"""The shapes the issue names, at the sizes it names."""
