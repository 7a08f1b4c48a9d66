"""The events the problems app publishes (its audit trail: who named, merged, split or closed what)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class ProblemsRefreshed(Event):
    """A clustering run finished: how many messages it placed and how many problems it created."""

    name: ClassVar[str] = "problems_refreshed"
    placed: int
    created: int


@declare
@dataclass(frozen=True)
class ProblemChanged(Event):
    """A supervisor renamed, merged, split, fixed or reopened a problem; `other_id` is the second problem."""

    name: ClassVar[str] = "problem_changed"
    problem_id: int
    change: str  # named, merged, split, fixed, reopened
    other_id: int | None = None


@declare
@dataclass(frozen=True)
class ProblemRegressed(Event):
    """A new complaint matched a problem whose root cause was marked fixed."""

    name: ClassVar[str] = "problem_regressed"
    problem_id: int
    message_id: int
