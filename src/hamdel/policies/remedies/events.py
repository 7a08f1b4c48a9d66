"""The events remedies publish (rules and webhooks see their public names)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class RemedyOffered(Event):
    """A remedy was offered in a conversation; `status` says whether it waits for approval."""

    name: ClassVar[str] = "remedy_offered"
    public: ClassVar[str] = "remedy.offered"
    remedy_id: int
    conversation_id: int
    kind: str
    amount: int | None
    status: str


@declare
@dataclass(frozen=True)
class RemedyApproved(Event):
    """A remedy waiting for approval was approved by someone whose authority covers it."""

    name: ClassVar[str] = "remedy_approved"
    public: ClassVar[str] = "remedy.approved"
    remedy_id: int
    conversation_id: int
    approver_id: int | None


@declare
@dataclass(frozen=True)
class RemedyRejected(Event):
    """A remedy waiting for approval was rejected, with the reason the agent will read."""

    name: ClassVar[str] = "remedy_rejected"
    public: ClassVar[str] = "remedy.rejected"
    remedy_id: int
    conversation_id: int
    approver_id: int | None
    reason: str


@declare
@dataclass(frozen=True)
class RemedyFulfilled(Event):
    """An approved remedy was carried out (the refund paid, the code sent, the courier booked)."""

    name: ClassVar[str] = "remedy_fulfilled"
    public: ClassVar[str] = "remedy.fulfilled"
    remedy_id: int
    conversation_id: int
    by_id: int | None
