"""What the workspace holds in memory: the register, its config and the recommended plan, solved
once at start-up, so each what-if re-solves from it (no re-reading, no re-scoring)."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from concurrent.futures import wait
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
from review.accounts import Accounts
from review.board import Board
from review.roles import User
from review.rounds import Rounds
from workspace.jobs import Job, Jobs
from workspace.store import SavedScenario, ScenarioStore, StoreError, content_hash

REMEMBERED = 64
"""Recent what-ifs kept in memory, by token, so the page can save one without solving again."""
ANSWER_WITHIN = 1.5
"""Seconds the page waits for a what-if before it shows the solve's progress instead."""


@dataclass
class Workspace:
    """One register's reset, open for what-ifs."""

    baseline: ResetRun
    options: SolverOptions
    store: ScenarioStore
    tables: RunTables = field(init=False)
    register_hash: str = field(init=False)
    config_hash: str = field(init=False)
    accounts: Accounts = field(init=False)
    rounds: Rounds = field(init=False)
    board: Board = field(init=False)
    answer_within: float = ANSWER_WITHIN
    jobs: Jobs[Comparison] = field(default_factory=Jobs)
    _solving: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(2))
    _recent: OrderedDict[str, Comparison] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.tables = RunTables(self.baseline)
        self.register_hash = content_hash(self.baseline.register)
        self.config_hash = content_hash(self.baseline.config)
        self.accounts = Accounts(self.store.engine)
        self.rounds = Rounds(self.store.engine)
        self.board = Board(self.store.engine, self.rounds)

    @property
    def register(self) -> Register:
        return self.baseline.register

    @property
    def config(self) -> Config:
        return self.baseline.config

    def what_if(self, scenario: Scenario, progress: Progress = silent) -> Comparison:
        """The scenario re-optimised from the recommended plan (its portfolio, scores and
        checks reused), compared with it. At most two solves run at once (two cores); the rest
        wait their turn rather than slow every one down.

        Raises:
            LockError, InfeasibleError, OptimiserError: as `run_scenario`.
        """
        with self._solving:
            progress("Starting the solve")
            return run_scenario(
                self.register, self.config, scenario, self.options, self.baseline, progress
            )

    def start_what_if(self, scenario: Scenario) -> tuple[str, Job[Comparison]]:
        """The what-if solved in the background: its job token (for the page to poll) and job,
        already waited on for up to `answer_within` seconds.

        Raises:
            BusyError: too many what-ifs are already waiting.
        """
        token, job = self.jobs.start(lambda progress: self.what_if(scenario, progress))
        wait([job.future], timeout=self.answer_within)
        return token, job

    def remember(self, comparison: Comparison) -> str:
        """A token the page holds for this what-if, to save it later."""
        token = secrets.token_urlsafe(16)
        with self._lock:
            self._recent[token] = comparison
            while len(self._recent) > REMEMBERED:
                self._recent.popitem(last=False)
        return token

    def save(self, token: str, name: str, by: User | None = None) -> SavedScenario:
        """Save a remembered what-if under a name (and who saved it).

        Raises:
            StoreError: the what-if is no longer remembered, or the name is empty or taken.
        """
        with self._lock:
            comparison = self._recent.get(token)
        if comparison is None:
            raise StoreError("that what-if is no longer held: run it again, then save it")
        return self.store.save(name, comparison, self.register_hash, self.config_hash, by)

    @property
    def hashes(self) -> tuple[str, str]:
        """The register's and config's content hashes, as the record stamps them."""
        return self.register_hash, self.config_hash

    def compare(self, ids: list[int]) -> list[Comparison]:
        """Saved scenarios re-run on this register (deterministic: the same inputs give the
        same plan), for the side-by-side table and the comparison files."""
        return [self.what_if(saved.named) for saved in self.store.get(ids)]


def open_workspace(
    register: Register,
    config: Config,
    database_url: str,
    options: SolverOptions | None = None,
    progress: Progress = silent,
) -> Workspace:
    """Open the scenario store, then solve the recommended plan once (no frontier or core
    index: the page opens in seconds).

    Raises:
        StoreError: the database cannot be opened.
    """
    store = ScenarioStore(database_url)
    options = options or solver_options(config, size=len(register.projects))
    baseline = run_reset(
        register, config, options=options, frontier=False, core=False, progress=progress
    )
    return Workspace(baseline, options, store)
