"""The plan's vocabulary: the four decisions, the locks a what-if forces, and the model's modes.

Every comparison of decisions, locks or modes goes through these enums and their methods, so a
new decision or lock changes this module and the functions that model it, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

import numpy as np


class Mode(IntEnum):
    """How a project runs in a plan: the integer program's columns (stop is none of them).

    Plans are numpy arrays of these values (one per project, register order); IntEnum keeps
    `plan == Mode.STOP` a plain array comparison. `LATER_d` is paused now and resumed `d`
    years later: its FTE, costs and benefits move `d` years on (decided "pause, resume ...").
    """

    STOP = 0
    CONTINUE = 1
    ACCELERATE = 2
    LATER_1 = 3
    LATER_2 = 4
    LATER_3 = 5
    LATER_4 = 6
    LATER_5 = 7
    LATER_6 = 8
    LATER_7 = 9
    LATER_8 = 10
    LATER_9 = 11

    @classmethod
    def later(cls, years: int) -> Mode:
        """Paused now, resumed `years` (1-9) later.

        Raises:
            ValueError: `years` is not 1 to 9.
        """
        if not 1 <= years <= int(cls.LATER_9) - int(cls.LATER_1) + 1:
            raise ValueError(f"a pause resumes 1 to 9 years later, not {years}")
        return cls(int(cls.LATER_1) + years - 1)

    @property
    def delay(self) -> int:
        """Years the project's start moves on: 0 unless resumed later."""
        return max(int(self) - int(Mode.LATER_1) + 1, 0)

    @property
    def proceeds(self) -> bool:
        """Runs within the horizon (now, faster, or after a pause)."""
        return self is not Mode.STOP

    def decision(self, when_stopped: Decision) -> Decision:
        """The decision this mode means; a stop is the project's pause or terminate, and a
        pause that resumes is a pause."""
        if self is Mode.STOP:
            return when_stopped
        if self.delay:
            return Decision.PAUSE
        return Decision.ACCELERATE if self is Mode.ACCELERATE else Decision.CONTINUE


MAX_DELAY = int(Mode.LATER_9) - int(Mode.LATER_1) + 1
"""The most years a pause may last before the project resumes."""


def delays(plan: np.ndarray) -> np.ndarray:
    """Years each project's start moves on under a plan of modes (0 as planned, or stopped)."""
    return np.maximum(np.asarray(plan, dtype=int) - int(Mode.LATER_1) + 1, 0)


def with_resume(text: str, year: str | None) -> str:
    """'pause, resume 2026/27' for a pause that ends in `year`; the text alone otherwise."""
    return f"{text}, resume {year}" if year else text


class Decision(StrEnum):
    """The four decisions of the transformation plan."""

    ACCELERATE = "accelerate"
    CONTINUE = "continue"
    PAUSE = "pause"
    TERMINATE = "terminate"

    @property
    def mode(self) -> Mode:
        if self is Decision.ACCELERATE:
            return Mode.ACCELERATE
        return Mode.CONTINUE if self is Decision.CONTINUE else Mode.STOP

    @property
    def proceeds(self) -> bool:
        return self.mode.proceeds

    @property
    def past(self) -> str:
        """As a director reads it: 'SC5 is already paused'."""
        return {
            Decision.ACCELERATE: "accelerated",
            Decision.CONTINUE: "continuing",
            Decision.PAUSE: "paused",
            Decision.TERMINATE: "terminated",
        }[self]


class Action(StrEnum):
    """A decision as a board member says it: the seeds' "accelerate / initiate" for new work."""

    ACCELERATE = "accelerate"
    INITIATE_ACCELERATED = "initiate, accelerated"
    INITIATE = "initiate"
    BUSINESS_CASE_FIRST = "initiate: business case first"
    CONTINUE = "continue"
    PAUSE = "pause"
    TERMINATE = "terminate"

    @classmethod
    def of(cls, decision: Decision, in_flight: bool, business_case_first: bool) -> Action:
        """In-flight work continues or accelerates; new work is initiated (after its business
        case, where it needs one); a stop is the decision itself."""
        if not decision.proceeds or in_flight:
            return cls(decision.value)
        if decision is Decision.ACCELERATE:
            return cls.INITIATE_ACCELERATED
        return cls.BUSINESS_CASE_FIRST if business_case_first else cls.INITIATE


class Lock(StrEnum):
    """A decision forced on the optimiser (what-if): one of the four, or `keep` (must proceed)."""

    ACCELERATE = "accelerate"
    CONTINUE = "continue"
    PAUSE = "pause"
    TERMINATE = "terminate"
    KEEP = "keep"

    @classmethod
    def parse(cls, text: object) -> Lock:
        """A lock as people write it ('Pause ', 'KEEP').

        Raises:
            ValueError: not one of the five, with the choices in the message.
        """
        try:
            return cls(str(text).strip().lower())
        except ValueError as error:
            choices = ", ".join(lock.value for lock in cls)
            raise ValueError(f"'{text}' is not a decision; use one of {choices}") from error

    @property
    def modes(self) -> frozenset[Mode]:
        """The modes a plan may give a project under this lock."""
        if self is Lock.KEEP:
            return frozenset({Mode.CONTINUE, Mode.ACCELERATE})
        return frozenset({Decision(self.value).mode})

    @property
    def forces_proceed(self) -> bool:
        return Mode.STOP not in self.modes

    @property
    def forces_stop(self) -> bool:
        return self.modes == {Mode.STOP}

    @property
    def stop_decision(self) -> Decision | None:
        """Pause or terminate when the lock says which; None when it lets the project proceed."""
        return Decision(self.value) if self.forces_stop else None

    def holds(self, mode: Mode) -> bool:
        return mode in self.modes

    def start_mode(self, current: Mode) -> Mode:
        """The mode a warm start gives the project: the locked one, or its own if allowed."""
        if current in self.modes:
            return current
        return Mode.CONTINUE if Mode.CONTINUE in self.modes else min(self.modes)

    def met_by(self, decision: Decision, resume_year: str | None = None) -> bool:
        """The plan already decides what the lock asks (a keep is met by either way forward;
        a pause, only by a pause for the whole horizon)."""
        if self is Lock.PAUSE:
            return decision is Decision.PAUSE and resume_year is None
        return decision.value == self.value or (self is Lock.KEEP and decision.proceeds)


@dataclass(frozen=True)
class Resume:
    """A what-if's lock to pause a project now and resume it in a given year of the horizon.

    It answers a lock's questions as `Lock` does, so the model, the checks and the reasons
    treat both alike.
    """

    delay: int  # years after the project's planned start
    year: str

    @property
    def value(self) -> str:
        """As reasons and comparisons say it: 'resume 2026/27'."""
        return f"resume {self.year}"

    def __str__(self) -> str:
        return self.value

    @property
    def modes(self) -> frozenset[Mode]:
        """The one mode a plan may give the project."""
        return frozenset({Mode.later(self.delay)})

    @property
    def forces_proceed(self) -> bool:
        """It runs in the horizon, so what it needs must run too."""
        return True

    @property
    def forces_stop(self) -> bool:
        return False

    @property
    def stop_decision(self) -> Decision | None:
        """Not a stop for the horizon: pause or terminate is not its to say."""
        return None

    def holds(self, mode: Mode) -> bool:
        return mode in self.modes

    def start_mode(self, current: Mode) -> Mode:
        """A warm start gives the project its resume whatever it had."""
        return Mode.later(self.delay)

    def met_by(self, decision: Decision, resume_year: str | None = None) -> bool:
        """The plan already pauses it until that year."""
        return decision is Decision.PAUSE and resume_year == self.year


AnyLock = Lock | Resume
"""What a plan may force on a project: one of the decisions, or a pause that resumes."""
