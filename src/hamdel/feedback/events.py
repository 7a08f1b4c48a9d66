"""The events the feedback app publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class ResponseCompleted(Event):
    """A customer finished a survey (recovery follow-ups, insights and webhooks start here)."""

    name: ClassVar[str] = "feedback_response_completed"
    public: ClassVar[str] = "survey.answered"
    response_id: int
