"""A Register laid out in the interchange format, column by column, for writing and DataFrames."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from inputs.values import as_text
from inputs.years import year_slug, year_sort_key

if TYPE_CHECKING:
    from inputs.models import Project, Register

LEADING = (
    "id",
    "name",
    "directorate",
    "status",
    "programme",
    "description",
    "sponsor",
    "project_manager",
    "stage",
    "benefit_type",
)
TRAILING = (
    "delivery_risk",
    "complexity",
    "mandatory",
    "depends_on",
    "conflicts_with",
    "benefit_pool",
    "in_mtfs",
    "together_with",
    "together_group",
    "funding_stream",
    "start_year",
    "end_year",
    "duration",
    "wards",
    "service_impact",
    "eqia",
)


def interchange_columns(
    years: tuple[str, ...], roles: tuple[str, ...], missions: tuple[str, ...]
) -> list[str]:
    """The register's columns in the order the product writes them."""
    benefit = [f"benefit_{year_slug(y)}_{bound}" for y in years for bound in ("low", "high")]
    return [
        *LEADING,
        *benefit,
        *(f"cost_{year_slug(y)}" for y in years),
        *(f"fte_{role}" for role in roles),
        *(f"align_{mission}" for mission in missions),
        *TRAILING,
    ]


def register_keys(register: Register) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Years, roles and missions named by the register's columns or by any project."""
    years = set(register.years)
    roles, missions = set(register.roles), set(register.missions)
    for project in register.projects:
        years |= set(project.benefits) | set(project.costs)
        roles |= set(project.fte)
        missions |= set(project.alignment)
    return tuple(sorted(years, key=year_sort_key)), tuple(sorted(roles)), tuple(sorted(missions))


def register_rows(register: Register) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and one dict per project, blank (None) where a value is not known."""
    years, roles, missions = register_keys(register)
    columns = [*interchange_columns(years, roles, missions), *register.extra_headers]
    return columns, [project_row(p, years) for p in register.projects]


def project_row(project: Project, years: tuple[str, ...]) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(project, name) for name in (*LEADING, *TRAILING)}
    for year in years:
        benefit = project.benefits.get(year)
        slug = year_slug(year)
        row[f"benefit_{slug}_low"] = benefit.low if benefit else None
        row[f"benefit_{slug}_high"] = benefit.high if benefit else None
        row[f"cost_{slug}"] = project.costs.get(year)
    row.update({f"fte_{role}": fte for role, fte in project.fte.items()})
    row.update({f"align_{key}": value for key, value in project.alignment.items()})
    row["depends_on"] = ";".join(project.depends_on) or None
    row["conflicts_with"] = ";".join(project.conflicts_with) or None
    row["together_with"] = ";".join(project.together_with) or None
    row.update(project.extra)
    return row


def cell_text(value: Any) -> str:
    """A value as the register writes it: 1200 not 1200.0, yes/no, blank for unknown."""
    return as_text(value) or ""
