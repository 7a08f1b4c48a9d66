"""The events the returns feature publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class ReturnOpened(Event):
    """A return was opened (by an agent, from a conversation or through the API)."""

    name: ClassVar[str] = "return_opened"
    public: ClassVar[str] = "return.opened"
    return_id: int
    kind: str
    withdrawal_eligible: bool


@declare
@dataclass(frozen=True)
class ReturnStatusChanged(Event):
    """A return moved on (approved, item received, refunded, replaced, or refused with a reason)."""

    name: ClassVar[str] = "return_status_changed"
    public: ClassVar[str] = "return.updated"
    return_id: int
    old: str
    new: str
