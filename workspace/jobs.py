"""What-ifs solved in the background, so a long solve shows its progress instead of holding a
page request open: each has a token the page polls, its current stage and how long it has run."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from reset.prepare import Progress

KEPT = 64
"""Jobs held, by token, newest last; the oldest finished ones are forgotten first."""
WORKERS = 8
"""Jobs started at once; the workspace's own limit on concurrent solves queues the rest."""

T = TypeVar("T")


class BusyError(Exception):
    """Too many what-ifs are already waiting: the page says so rather than queue without end."""


@dataclass
class Job(Generic[T]):
    """One background job: what it is doing now and, once finished, its answer or error."""

    started: float = field(default_factory=time.monotonic)
    stage: str = "Waiting for a free solver"
    future: Future[T] = field(init=False)  # set as the job is submitted

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def done(self) -> bool:
        return self.future.done()


class Jobs(Generic[T]):
    """A bounded set of background jobs, each run on a thread of a small pool."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="what-if")
        self._jobs: OrderedDict[str, Job[T]] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, work: Callable[[Progress], T]) -> tuple[str, Job[T]]:
        """Run `work(progress)` in the background; its progress messages become the job's
        stage. Returns the job's token and the job."""
        with self._lock:
            waiting = sum(not job.done for job in self._jobs.values())
        if waiting >= KEPT:
            raise BusyError(
                f"the workspace is busy: {waiting} what-ifs are being worked out; try again "
                "in a minute"
            )
        token = secrets.token_urlsafe(16)
        job: Job[T] = Job()

        def progress(message: str) -> None:
            job.stage = message

        job.future = self._pool.submit(work, progress)
        with self._lock:
            self._jobs[token] = job
            self._forget_oldest()
        return token, job

    def get(self, token: str | None) -> Job[T] | None:
        with self._lock:
            return self._jobs.get(token) if token else None

    def _forget_oldest(self) -> None:
        finished = [token for token, job in self._jobs.items() if job.done]
        while len(self._jobs) > KEPT and finished:
            del self._jobs[finished.pop(0)]
