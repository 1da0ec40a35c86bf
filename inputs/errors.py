"""Every error a user can meet, under one root: the CLI and the web app catch exactly these.

Anything else that escapes is a bug in the product, not the user's fault, and is shown as such.
"""

from __future__ import annotations

from inputs.problems import Problem, errors_in


class PortfolioError(ValueError):
    """The root: a message that says what is wrong, where, and how to fix it."""


class InputError(PortfolioError):
    """An input file cannot be used; `problems` lists every reason, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = errors_in(problems)
        shown = "\n".join(p.describe() for p in errors[:20])
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) make this input unusable:\n{shown}{more}")

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        """Rebuilt from its problems, so it crosses to and from a worker process intact."""
        return (type(self), (self.problems,))


class RegisterError(InputError):
    """The project register cannot be used."""


class ConfigError(InputError):
    """The config file cannot be used."""


class WorkbookError(InputError):
    """An edited decisions workbook cannot be read back; `problems` names every bad cell."""


class OptimiserError(PortfolioError):
    """The optimiser cannot produce a plan; the message says why and how to fix it."""


class LockError(OptimiserError):
    """What-if choices (locks, extra people or money) name unknown projects, roles or years,
    or contradict each other or the rules."""


class InfeasibleError(OptimiserError):
    """The projects that must proceed (mandatory and locked) cannot fit the limits together."""


class ClusterError(PortfolioError):
    """A Dask cluster asked for (`--dask`) cannot be reached or used."""


class OutputError(PortfolioError):
    """An output folder cannot take a new set (it holds other files), or a set read back is
    incomplete or mixed from two runs."""
