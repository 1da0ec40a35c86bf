"""What-if scenarios: named sets of locks and extra people or money, from options or a TOML file.

```toml
[scenarios.pause_sc5]
pause = ["SC5"]
keep = ["WF2"]
capacity = { business_analyst = 2, "ict@2025/26" = 3 }
budget = { "2025/26" = 500 }
resume = { SC7 = "2026/27" }
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from inputs.decisions import Lock
from inputs.errors import ConfigError, LockError
from inputs.problems import Problem, Severity
from inputs.years import parse_year, role_year_key, split_role_year

Finite = Annotated[float, Field(allow_inf_nan=False)]
SCENARIO_LOCKS = (Lock.ACCELERATE, Lock.CONTINUE, Lock.KEEP, Lock.PAUSE, Lock.TERMINATE)
"""What a scenario may force: continue as registered, or keep (proceed, either way)."""


def _field(lock: Lock) -> str:
    """The Scenario field that lists a lock's projects (`continue` is a Python keyword)."""
    return "continue_" if lock is Lock.CONTINUE else lock.value


class Scenario(BaseModel):
    """Decisions forced on the optimiser and changes to its limits."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str = "scenario"
    accelerate: tuple[str, ...] = ()
    continue_: tuple[str, ...] = Field(default=(), alias="continue")
    keep: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    terminate: tuple[str, ...] = Field(default=())
    capacity: dict[str, Finite] = Field(
        default_factory=dict, description="role (every year) or role@year -> extra FTE"
    )
    budget: dict[str, Finite] = Field(default_factory=dict, description="year -> extra £k")
    resume: dict[str, str] = Field(
        default_factory=dict, description="project id -> the year its pause ends"
    )

    @field_validator("capacity", mode="before")
    @classmethod
    def _role_years(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {role_year_key(str(key)): fte for key, fte in values.items()}

    @field_validator("resume", mode="before")
    @classmethod
    def _resume_years(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {str(project): parse_year(str(year)) for project, year in values.items()}

    @field_validator("budget", mode="before")
    @classmethod
    def _years(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        return {parse_year(str(year)): amount for year, amount in values.items()}

    @property
    def locks(self) -> dict[str, Lock]:
        """Each named project's lock; a project named twice is refused by `check_locks`."""
        locks: dict[str, Lock] = {}
        for lock in SCENARIO_LOCKS:
            for project_id in getattr(self, _field(lock)):
                locks[project_id] = lock
        return locks

    def check_locks(self) -> None:
        """Raises LockError when one project is given two different decisions."""
        both = sorted(set(self.resume) & set(self.locks))
        if both:
            raise LockError(
                f"scenario '{self.name}' gives {', '.join(both)} a decision and a year to resume "
                "in; give it one"
            )
        seen: dict[str, Lock] = {}
        for lock in SCENARIO_LOCKS:
            for project_id in getattr(self, _field(lock)):
                if project_id in seen and seen[project_id] != lock:
                    raise LockError(
                        f"scenario '{self.name}' gives {project_id} two decisions "
                        f"({seen[project_id]} and {lock}); give it one"
                    )
                seen[project_id] = lock

    def with_locks(self, locks: dict[str, Lock]) -> Scenario:
        """This scenario plus more locks (a director's workbook edits)."""
        added: dict[str, list[str]] = {_field(lock): [] for lock in SCENARIO_LOCKS}
        for project_id, lock in sorted(locks.items()):
            added[_field(lock)].append(project_id)
        return self.model_copy(
            update={name: (*getattr(self, name), *ids) for name, ids in added.items()}
        )

    def describe(self) -> str:
        parts = [f"{lock.value} {', '.join(ids)}" for lock in Lock if (ids := self._ids(lock))]
        parts += [f"resume {i} in {year}" for i, year in self.resume.items()]
        parts += [
            f"{role} {fte:+g} FTE" + (f" in {year}" if year else "")
            for (role, year), fte in (
                (split_role_year(key), fte) for key, fte in self.capacity.items()
            )
        ]
        parts += [f"budget {year} {money:+,g}k" for year, money in self.budget.items()]
        return "; ".join(parts) or "no changes"

    def _ids(self, lock: Lock) -> tuple[str, ...]:
        return tuple(getattr(self, _field(lock), ()))


def read_scenarios(path: Path) -> list[Scenario]:
    """Every `[scenarios.<name>]` table in a TOML file, in file order.

    Raises:
        ConfigError: the file is missing, not TOML, or a scenario has an unknown key or value.
    """
    file = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ConfigError(
            [_problem(file, None, f"file not found at {path}", "check the path")]
        ) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(
            [_problem(file, None, f"is not valid TOML: {error}", "correct the TOML syntax")]
        ) from error
    tables = data.get("scenarios")
    unknown = sorted(set(data) - {"scenarios"})
    if not isinstance(tables, dict) or not tables or unknown:
        raise ConfigError(
            [
                _problem(
                    file,
                    ", ".join(unknown) or None,
                    "needs [scenarios.<name>] tables and nothing else",
                    'write e.g. [scenarios.pause_sc5] with pause = ["SC5"]',
                )
            ]
        )
    scenarios, problems = [], []
    for name, body in tables.items():
        try:
            scenario = Scenario.model_validate(
                {"name": name, **body} if isinstance(body, dict) else body
            )
            scenario.check_locks()
            scenarios.append(scenario)
        except ValidationError as invalid:
            for detail in invalid.errors():
                key = ".".join(["scenarios", name, *(str(p) for p in detail["loc"])])
                problems.append(
                    _problem(
                        file,
                        key,
                        str(detail["msg"]).removeprefix("Value error, "),
                        "keys are accelerate, continue, keep, pause, terminate (lists of ids), "
                        "capacity (role or role@year = extra FTE), budget (year = extra £k) "
                        "and resume (id = year)",
                    )
                )
        except LockError as error:
            problems.append(_problem(file, f"scenarios.{name}", str(error), "name it once"))
    if problems:
        raise ConfigError(problems)
    return scenarios


def _problem(file: str, key: str | None, message: str, fix: str) -> Problem:
    return Problem(severity=Severity.ERROR, file=file, key=key, message=message, fix=fix)
