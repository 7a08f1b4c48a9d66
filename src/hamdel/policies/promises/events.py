"""The events the promises feature publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class PromiseDue(Event):
    """An open promise falls due soon; the assignee has been reminded on the conversation's timeline."""

    name: ClassVar[str] = "promise_due"
    public: ClassVar[str] = "promise.due"
    promise_id: int
    conversation_id: int
    assignee_id: int | None = None


@declare
@dataclass(frozen=True)
class PromiseBroken(Event):
    """An open promise passed its due moment without a reply or a tick."""

    name: ClassVar[str] = "promise_broken"
    promise_id: int
    conversation_id: int
