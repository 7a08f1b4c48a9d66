"""Set-wise ingest (batches) and group commit (concurrent single calls) give what one-by-one ingest gives
(issue 11): same customers, threading, numbers, states, history, search rows, duplicates and errors."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hamdel.connectors.group import GroupCommitter
from hamdel.connectors.pipeline import receive_many
from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    InboundEnvelope,
    Message,
    SearchDocument,
    Status,
)
from hamdel.conversations.services import ingest
from hamdel.conversations.services.ingest_many import Item, ingest_many
from hamdel.conversations.types import InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.core.events import suppressed
from hamdel.customers.models import ChannelIdentity


def _msg(ext: str, address: str, text: str = "سلام، سفارشم نرسیده", **kw: Any) -> InboundMessage:
    return InboundMessage(
        channel=kw.pop("channel", "api"),
        identity_kind=kw.pop("kind", "email"),
        address=address,
        text=text,
        external_id=ext,
        **kw,
    )


def _scenario() -> list[InboundMessage]:
    return [
        _msg("e1", "new@example.com", customer_name="نگار احمدی", subject="کالای آسیب‌دیده"),
        _msg("e2", "NEW@example.com", "و عکسش را هم فرستادم"),  # same customer: same conversation
        _msg("e3", "waiting@example.com", "بله، شماره سفارش ۱۲۳۴۵۶ است"),  # answers a pending one
        _msg("e0", "old@example.com"),  # stored before: a redelivery
        _msg("e1", "new@example.com"),  # the first item again, in the same batch
        _msg("e4", "old@example.com", "   "),  # blank
        _msg("e5", "not-an-address"),  # invalid e-mail
        _msg("e6", "old@example.com", "یک پیام دیگر", customer_name="کیان"),  # names a nameless customer
        _msg("", "nobody@example.com", "بدون شناسه"),  # no external id: never a duplicate
    ]


def _snapshot(outcomes: list[Any]) -> dict[str, Any]:
    number = dict(Conversation.objects.values_list("pk", "number"))
    return {
        "outcomes": [
            (o.message_id > 0, number[o.conversation_id], o.conversation_number, o.created)
            if isinstance(o, IngestResult)
            else (o.status, o.code, o.message, o.extra)
            for o in outcomes
        ],
        "customers": sorted(ChannelIdentity.objects.values_list("address", "customer__name")),
        "conversations": sorted(
            Conversation.objects.values_list(
                "number", "subject", "status", "message_count", "preview", "customer__identities__address"
            )
        ),
        "messages": sorted(Message.objects.values_list("conversation__number", "text", "external_id")),
        "events": sorted(
            ConversationEvent.objects.values_list("conversation__number", "type", "old", "new", "actor_kind")
        ),
        "search": sorted(SearchDocument.objects.values_list("conversation__number", "body")),
    }


def _one_by_one(items: list[InboundMessage]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        try:
            with transaction.atomic():
                out.append(ingest(item))
        except ApplicationError as exc:
            out.append(exc)
    return out


@pytest.mark.django_db
def test_a_set_wise_batch_ends_exactly_where_one_by_one_ingest_does() -> None:
    with suppressed():
        ingest(_msg("e0", "old@example.com"))
        waiting = ingest(_msg("w0", "waiting@example.com"))
        Conversation.objects.filter(pk=waiting.conversation_id).update(status=Status.PENDING)
        with transaction.atomic():
            expected = _snapshot(_one_by_one(_scenario()))
            transaction.set_rollback(True)
        with transaction.atomic():
            got = _snapshot(ingest_many([Item(m) for m in _scenario()]))
            transaction.set_rollback(True)
    assert got == expected
    assert [o[-1] for o in got["outcomes"][:5]] == [True, True, True, False, False]
    assert ("waiting@example.com" in str(got["conversations"])) and Status.OPEN in str(got["events"])


def _payload(n: int, **kw: Any) -> bytes:
    data = {"channel": "api", "external_id": f"g-{n}", "customer": {"email": f"c{n % 3}@example.com"}}
    data |= {"text": f"پیام شماره {n}"} | kw
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.django_db
def test_a_batch_of_fifty_takes_a_fixed_number_of_queries_not_fifty_times_one() -> None:
    """Look-ups with IN, bulk inserts, one executemany per updated table: a change here changes the
    ingest rate (bench/ingest_http.py)."""
    with suppressed():
        receive_many([("api", _payload(n), {}) for n in range(3)])  # the three customers exist
        with CaptureQueriesContext(connection) as queries:
            outcomes = receive_many([("api", _payload(n), {}) for n in range(3, 53)])
    assert all(isinstance(o, IngestResult) and o.created for o in outcomes)
    assert Message.objects.count() == 53
    assert len(queries) <= 16, [q["sql"][:80] for q in queries]


@pytest.mark.django_db(transaction=True)
def test_concurrent_single_calls_share_commits_and_each_hears_its_own_answer_after_its_commit() -> None:
    committer = GroupCommitter(max_items=64, window=0.002)
    payloads = [_payload(n) for n in range(24)] + [_payload(5), _payload(99, text="")]
    start = threading.Barrier(len(payloads))
    answers: dict[int, Any] = {}

    def call(i: int) -> None:
        start.wait()
        try:
            result = committer.submit(("api", payloads[i], {}))
            # Answered only once durable: this thread's own connection already sees the row.
            answers[i] = (result, Message.objects.filter(pk=result.message_id).exists())
        except ApplicationError as exc:
            answers[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(payloads))]
    with suppressed():  # the immediate task backend would analyse every message inside the commit
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert len(answers) == len(payloads)
    created = [answers[i] for i in range(24)]
    assert all(seen for _r, seen in created)
    first, again = answers[5][0], answers[24][0]
    assert first.message_id == again.message_id and {first.created, again.created} == {True, False}
    assert isinstance(answers[25], ApplicationError) and answers[25].status == 422
    assert Message.objects.count() == 24
    assert InboundEnvelope.objects.count() == len(payloads)  # every call kept, the refused one too
    assert committer.groups < committer.items  # calls did share transactions
