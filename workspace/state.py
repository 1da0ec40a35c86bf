"""What the workspace holds in memory: the register, its config and the recommended plan, solved
once at start-up, so each what-if re-solves from it (no re-reading, no re-scoring)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from inputs.config import Config
from inputs.models import Register
from inputs.scenarios import Scenario
from optimiser.solve import SolverOptions
from outputs.run_tables import RunTables
from reset.decide import solver_options
from reset.prepare import Progress, silent
from reset.run import ResetRun, run_reset
from reset.whatif import Comparison, run_scenario


@dataclass
class Workspace:
    """One register's reset, open for what-ifs."""

    baseline: ResetRun
    options: SolverOptions
    tables: RunTables = field(init=False)
    _solving: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(2))

    def __post_init__(self) -> None:
        self.tables = RunTables(self.baseline)

    @property
    def register(self) -> Register:
        return self.baseline.register

    @property
    def config(self) -> Config:
        return self.baseline.config

    def what_if(self, scenario: Scenario) -> Comparison:
        """The scenario re-optimised from the recommended plan (its portfolio, scores and
        checks reused), compared with it. At most two solves run at once (two cores); the rest
        wait their turn rather than slow every one down.

        Raises:
            LockError, InfeasibleError, OptimiserError: as `run_scenario`.
        """
        with self._solving:
            return run_scenario(
                self.register, self.config, scenario, self.options, baseline=self.baseline
            )


def open_workspace(
    register: Register,
    config: Config,
    options: SolverOptions | None = None,
    progress: Progress = silent,
) -> Workspace:
    """Solve the recommended plan once (no frontier or core index: the page opens in seconds)."""
    options = options or solver_options(config, size=len(register.projects))
    baseline = run_reset(
        register, config, options=options, frontier=False, core=False, progress=progress
    )
    return Workspace(baseline, options)
