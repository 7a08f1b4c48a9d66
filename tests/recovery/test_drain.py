"""A worker draining a backlog in batches (core/drain.py) ends where one event per task ends: the same
analyses, conversation signals and insights facts, every task finished, and the first stored analysis wins."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from hamdel.connectors.pipeline import receive_many
from hamdel.conversations.analysis import analyze_and_store
from hamdel.conversations.models import Conversation, Message, MessageAnalysis
from hamdel.core import recovery
from hamdel.insights.models import ConversationFact
from tests.recovery.test_recovery import db_tasks  # noqa: F401  (the real task queue)

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = [
    "سلام، سفارشم هنوز نرسیده و خیلی عصبانی‌ام",
    "ممنون از پیگیری‌تان، عالی بود",
    "فوری: کارتم دو بار شارژ شده، پولم را پس بدهید",
    "می‌خواهم اشتراکم را لغو کنم",
    "کی ارسال می‌شود؟",
    "احمق‌ها جواب بدهید",
]


def _ingest(run: str) -> list[int]:
    items = [
        (
            "api",
            json.dumps(
                {
                    "channel": "api",
                    "external_id": f"{run}-{i}",
                    "customer": {"email": f"{run}-{i % 3}@example.com"},
                    "text": text,
                },
                ensure_ascii=False,
            ),
            {},
        )
        for i, text in enumerate(TEXTS * 2)
    ]
    return [r.message_id for r in receive_many(items)]  # type: ignore[union-attr]


def _drain() -> int:
    """Run the queue as `hamdel worker` does; return the worker's turns (one claim each)."""
    worker = recovery.make_worker("test-drain", interval=0)
    turns = 0
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("test-drain")
        worker.run_task(row)
        turns += 1
    return turns


def _state(ids: list[int]) -> list[Any]:
    analyses = {a.message_id: a for a in MessageAnalysis.objects.filter(message_id__in=ids)}
    convs = {m.pk: m.conversation_id for m in Message.objects.filter(pk__in=ids)}
    seen: dict[int, int] = {}
    out = []
    for mid in ids:
        a = analyses[mid]
        conv = Conversation.objects.get(pk=convs[mid])
        fact = ConversationFact.objects.filter(conversation_id=conv.pk).values().first() or {}
        number = seen.setdefault(conv.pk, len(seen))
        out.append(
            (
                number,
                a.sentiment,
                a.emotion,
                a.intent,
                a.urgency,
                a.abusive,
                a.masked_text,
                conv.sentiment,
                conv.priority,
                conv.is_urgent,
                conv.is_abusive,
                {k: v for k, v in fact.items() if not k.endswith(("_id", "_at", "_ids"))},
            )
        )
    return out


def test_a_batched_drain_ends_where_one_event_per_task_ends(db_tasks: None, settings: Any) -> None:  # noqa: F811
    settings.HAMDEL_DISPATCH_BATCH = 1
    one_by_one = _ingest("a")
    tasks_a = DBTaskResult.objects.ready().count()
    turns_a = _drain()
    settings.HAMDEL_DISPATCH_BATCH = 64
    batched = _ingest("b")
    turns_b = _drain()
    assert _state(batched) == _state(one_by_one)
    assert turns_a >= tasks_a and turns_b < turns_a / 3  # many events per turn
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert MessageAnalysis.objects.count() == Message.objects.count() == 24


def test_an_analysis_stored_meanwhile_is_kept_and_no_message_gets_two(db_tasks: None, settings: Any) -> None:  # noqa: F811
    settings.HAMDEL_DISPATCH_BATCH = 64
    ids = _ingest("c")
    first = analyze_and_store(ids[0])  # e.g. a crashed worker's batch that got this far
    assert first is not None
    _drain()
    assert MessageAnalysis.objects.get(message_id=ids[0]).pk == first.pk
    assert MessageAnalysis.objects.count() == len(ids)
