"""The events the review feature publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class CoachDecisionRecorded(Event):
    """An agent applied or ignored a finding of the coach, or sent a reply with it still open."""

    name: ClassVar[str] = "coach_decision_recorded"
    decision_id: int
    conversation_id: int
    code: str
    decision: str


@declare
@dataclass(frozen=True)
class CoachContextSet(Event):
    """An agent said whose fault it was, or whether the request can be met, for the coach's review."""

    name: ClassVar[str] = "coach_context_set"
    conversation_id: int
    fault: str
    request_possible: bool | None
