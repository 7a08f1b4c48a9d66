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
    # the conversation the invitation was sent in (None: anonymous, a kiosk, a link shared elsewhere)
    conversation_id: int | None = None


@declare
@dataclass(frozen=True)
class FeedbackItemCreated(Event):
    """A piece of feedback was stored; the language models read it in the worker."""

    name: ClassVar[str] = "feedback_item_created"
    item_id: int


@declare
@dataclass(frozen=True)
class IdeaDone(Event):
    """An idea was marked done: everyone who asked or voted hears “you asked, we did it”."""

    name: ClassVar[str] = "feedback_idea_done"
    idea_id: int


@declare
@dataclass(frozen=True)
class InvitationScheduled(Event):
    """An invitation is due later (`run_after`, ISO 8601): sent by a deferred task, else the periodic tick."""

    name: ClassVar[str] = "feedback_invitation_scheduled"
    invitation_id: int
    run_after: str
