"""SLA background work: the listeners of the conversation events and the periodic check.

Tasks import services; services never import tasks (they publish an event and the bus runs these).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from hamdel.conversations.models import Conversation
from hamdel.policies.sla import services
from hamdel.policies.sla.models import SlaClock


@task()
def on_conversation_created(conversation_id: int) -> None:
    services.sla_clock_start(conversation_id=conversation_id)


@task()
def on_message_created(message_id: int) -> None:
    services.sla_clock_message(message_id=message_id)


def on_conversations_created(payloads: list[dict[str, Any]]) -> None:
    """on_conversation_created for a backlog (core/drain.py): the clocks made set-wise."""
    services.sla_clocks_start(conversation_ids=[p["conversation_id"] for p in payloads])


def on_messages_created(payloads: list[dict[str, Any]]) -> None:
    """on_message_created for a backlog (core/drain.py): one transaction, each clock saved once."""
    services.sla_clocks_messages(message_ids=[p["message_id"] for p in payloads])


@task()
def on_conversation_updated(conversation_id: int, event_ids: list[int] | tuple[int, ...] = ()) -> None:
    services.sla_clock_changes(conversation_id=conversation_id, event_ids=list(event_ids))


@task()
def rematch_open() -> None:
    """Policies changed: every open conversation chooses its policy again (used minutes are kept)."""
    for conversation in Conversation.objects.filter(is_open=True).select_related("customer").iterator():
        services.sla_clock_rematch(conversation=conversation)


@task()
def check_clocks() -> int:
    """Every minute: the clocks whose next warning or breach has come (one transaction per clock)."""
    now = timezone.now()
    due = SlaClock.objects.filter(Q(check_at__lte=now), policy__isnull=False).values_list("pk", flat=True)
    done = 0
    for clock_id in list(due[:1000]):
        services.sla_clock_check(clock_id=clock_id, now=now)
        done += 1
    return done
