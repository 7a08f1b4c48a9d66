"""Listeners that keep the facts current, and the periodic refresh of the rollups.

Every listener rewrites the facts of the one conversation (or survey response) its event names and marks
the local days they touch; `rollups_refresh` (every minute, and before a page reads) recomputes those days.
They run inside the event bus's dispatch task, never in the request that made the change.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task

from hamdel.conversations.models import Message
from hamdel.insights.facts import (
    conversation_facts_refresh,
    conversations_facts_refresh,
    survey_response_refresh,
)
from hamdel.insights.rollups import days_mark, rollups_flush


def conversation_changed(conversation_id: int, **_event: Any) -> None:
    """conversation_created / updated / resolved, message_analyzed: rewrite that conversation's facts."""
    days_mark(conversation_facts_refresh(conversation_id))


def message_created(message_id: int, **_event: Any) -> None:
    conversation_id = Message.objects.filter(pk=message_id).values_list("conversation_id", flat=True).first()
    if conversation_id is not None:
        days_mark(conversation_facts_refresh(conversation_id))


def conversations_changed(payloads: list[dict[str, Any]]) -> None:
    """conversation_changed for a backlog of events (core/drain.py): the facts rewritten in one batch."""
    ids = sorted({p["conversation_id"] for p in payloads})
    for start in range(0, len(ids), 200):
        days_mark(conversations_facts_refresh(ids[start : start + 200]))


def messages_created(payloads: list[dict[str, Any]]) -> None:
    ids = [p["message_id"] for p in payloads]
    conversations = set(Message.objects.filter(pk__in=ids).values_list("conversation_id", flat=True))
    conversations_changed([{"conversation_id": c} for c in conversations])


def response_completed(response_id: int, **_event: Any) -> None:
    """survey.answered: store the response's CSAT/CES/NPS answers (read through the feedback slot)."""
    days_mark(survey_response_refresh(response_id))


@task()
def rollups_refresh() -> int:
    """Recompute the days whose facts changed (periodic)."""
    return rollups_flush()
