"""One interface for running many independent tasks that share one large input.

The core index re-solves one model under hundreds of futures, and a scenarios file runs its
what-ifs against one baseline: each is `map(task, shared, items)`, `task(shared, item)` per
item, results in the items' order. `LocalExecutor` runs them in processes on this machine
(joblib's loky backend: `shared` is pickled once per batch, not once per item);
`DaskExecutor` sends `shared` to every worker of a cluster once and maps the items there, for a
council sweeping thousands of scenarios.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from inputs.errors import ClusterError

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Out = TypeVar("Out")


class Executor(Protocol):
    """Runs `task(shared, item)` for every item; results in the items' order."""

    @property
    def workers(self) -> int: ...

    @property
    def where(self) -> str: ...

    def map(
        self, task: Callable[[Shared, Item], Out], shared: Shared, items: Sequence[Item]
    ) -> list[Out]: ...


def default_workers() -> int:
    """The cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class LocalExecutor:
    """Processes on this machine; one worker runs everything in this process."""

    processes: int = 0  # 0: every core this process may use

    @property
    def workers(self) -> int:
        return self.processes or default_workers()

    @property
    def where(self) -> str:
        return f"{self.workers} process{'es' if self.workers > 1 else ''} on this machine"

    def map(
        self, task: Callable[[Shared, Item], Out], shared: Shared, items: Sequence[Item]
    ) -> list[Out]:
        if self.workers == 1 or len(items) <= 1:
            return [task(shared, item) for item in items]
        from joblib import Parallel, delayed

        return list(
            Parallel(n_jobs=min(self.workers, len(items)), backend="loky")(
                delayed(task)(shared, item) for item in items
            )
        )


@dataclass(frozen=True)
class DaskExecutor:
    """A Dask cluster at a scheduler address (`tcp://host:8786`)."""

    address: str
    timeout: float = 10.0  # seconds to reach the scheduler

    @property
    def workers(self) -> int:
        """The cluster's worker threads (each runs one task at a time)."""
        with self._client() as client:
            threads = sum(client.nthreads().values())
        if not threads:
            raise ClusterError(
                f"the Dask scheduler at {self.address} has no workers. Fix: start some "
                f"(dask worker {self.address}) or leave out --dask to use this machine's cores."
            )
        return int(threads)

    @property
    def where(self) -> str:
        return f"the Dask cluster at {self.address}"

    def map(
        self, task: Callable[[Shared, Item], Out], shared: Shared, items: Sequence[Item]
    ) -> list[Out]:
        with self._client() as client:
            try:
                sent = client.scatter(shared, broadcast=True)
                futures = client.map(task, [sent] * len(items), list(items), pure=False)
                return list(client.gather(futures))
            except (OSError, TimeoutError) as error:
                raise ClusterError(
                    f"the Dask cluster at {self.address} stopped answering ({error}). Fix: "
                    "check its workers, or leave out --dask to use this machine's cores."
                ) from error

    def _client(self) -> Any:
        try:
            from distributed import Client
        except ImportError as error:
            raise ClusterError(
                "--dask needs the Dask distributed library. Fix: pip install "
                "'portfolio-reset[dask]', or leave out --dask to use this machine's cores."
            ) from error
        try:
            return Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(
                f"no Dask scheduler answered at {self.address} within {self.timeout:g} s "
                f"({error}). Fix: start one (dask scheduler) or check the address."
            ) from error


def executor_for(dask: str | None = None, workers: int | None = None) -> Executor | None:
    """The cluster at `dask` when given, else `workers` processes here (0: every core); None
    when neither is asked for, so each computation picks its own default."""
    if dask:
        return DaskExecutor(dask)
    return None if workers is None else LocalExecutor(workers)
