"""Set-based ingest of many inbound messages: the batch endpoint and the grouped single calls (issue 11).

The result of `ingest_many(items)` is, item by item, what `ingest()` called on each in turn would give: the
same customers, threading, conversation numbers and states, rows, events and errors. It gets there with a
fixed number of statements per batch (look-ups with IN, bulk inserts, one bulk update) instead of about
twenty per message. Items it does not handle set-wise (attachments, an explicit thread key) and a batch
that hits a unique constraint (a concurrent writer on PostgreSQL) take the one-by-one path, each item in
its own savepoint, exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
from hamdel.conversations.models import (
    OPEN_STATUSES,
    Conversation,
    ConversationEvent,
    Direction,
    EnvelopeStatus,
    EventType,
    InboundEnvelope,
    Message,
    MessageKind,
    SearchDocument,
    Status,
)
from hamdel.conversations.services._common import MAX_TEXT, preview
from hamdel.conversations.services.history import actor_fields
from hamdel.conversations.services.ingest import (
    PREVIEW_SOURCE,
    _ensure_follow_ups,
    envelope_mark,
    envelope_outcome,
    ingest,
)
from hamdel.conversations.types import InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.core.events import Event, publish_many
from hamdel.core.models import next_number
from hamdel.customers.models import ChannelIdentity, Customer
from hamdel.customers.services import normalize_address
from hamdel.language.abuse import mask
from hamdel.language.normalize import fold_for_search

Outcome = IngestResult | ApplicationError


@dataclass
class Item:
    inbound: InboundMessage
    envelope: InboundEnvelope | None = None


def _set_wise(items: Sequence[Item]) -> bool:
    return connection.features.can_return_rows_from_bulk_insert and all(
        not i.inbound.attachments and not i.inbound.thread_key for i in items
    )


def ingest_many(items: Sequence[Item]) -> list[Outcome]:
    """Store many inbound messages; one outcome per item, in order: an IngestResult or the ApplicationError
    the single call would raise. Call it inside a transaction: envelopes are marked in it."""
    if _set_wise(items):
        kept = [
            (e, e.status, e.error, e.message_id, e.attempts)
            for e in (i.envelope for i in items)
            if e is not None
        ]
        try:
            with transaction.atomic():
                return _ingest_set(items)
        except IntegrityError:  # a concurrent writer stored one of these first: settle each item on its own
            for envelope, status, error, message_id, attempts in kept:
                envelope.status, envelope.error, envelope.message_id, envelope.attempts = (
                    status,
                    error,
                    message_id,
                    attempts,
                )
    return [_one(item) for item in items]


def _one(item: Item) -> Outcome:
    try:
        with transaction.atomic():
            return ingest(item.inbound, envelope=item.envelope)
    except ApplicationError as exc:
        if item.envelope is not None:
            envelope_mark(
                envelope=item.envelope, status=EnvelopeStatus.FAILED, error=f"{exc.message} {exc.extra or ''}"
            )
        return exc


def _failed(item: Item, exc: ApplicationError) -> ApplicationError:
    if item.envelope is not None:
        envelope_outcome(item.envelope, EnvelopeStatus.FAILED, f"{exc.message} {exc.extra or ''}")
    return exc


def _ingest_set(items: Sequence[Item]) -> list[Outcome]:
    now = timezone.now()
    outcomes: list[Outcome | None] = [None] * len(items)
    addresses: dict[int, tuple[str, str]] = {}
    for i, item in enumerate(items):
        inbound = item.inbound
        if not inbound.text.strip():
            outcomes[i] = _failed(
                item,
                ApplicationError(
                    _("A message needs text or an attachment."), {"text": "required"}, code="required"
                ),
            )
            continue
        try:
            addresses[i] = (inbound.identity_kind, normalize_address(inbound.identity_kind, inbound.address))
        except ApplicationError as exc:
            outcomes[i] = _failed(item, exc)

    # Redeliveries: stored before, or earlier in this batch.
    wanted = {(items[i].inbound.channel, items[i].inbound.external_id[:255]) for i in addresses}
    wanted = {w for w in wanted if w[1]}
    known: dict[tuple[str, str], IngestResult] = {}
    for channel in {c for c, _e in wanted}:
        for pk, conv_id, number, ext in Message.objects.filter(
            channel=channel, external_id__in=[e for c, e in wanted if c == channel]
        ).values_list("pk", "conversation_id", "conversation__number", "external_id"):
            known[(channel, ext)] = IngestResult(pk, conv_id, number, created=False)

    # Customers: one look-up for every address, one insert for the new ones.
    pairs = set(addresses.values())
    identities = {
        (ident.kind, ident.address): ident
        for ident in ChannelIdentity.objects.select_related("customer").filter(
            kind__in={k for k, _a in pairs}, address__in={a for _k, a in pairs}
        )
        if (ident.kind, ident.address) in pairs
    }
    fresh: dict[tuple[str, str], Customer] = {}
    for i, pair in addresses.items():
        key = (items[i].inbound.channel, items[i].inbound.external_id[:255])
        if key in known or pair in identities or pair in fresh:
            continue
        fresh[pair] = Customer(name=items[i].inbound.customer_name.strip()[:200])
    if fresh:
        # In key order: two processes inserting overlapping new addresses take the unique-index locks in
        # the same order, so PostgreSQL makes one wait instead of deadlocking both.
        fresh = dict(sorted(fresh.items()))
        Customer.objects.bulk_create(list(fresh.values()))
        made = ChannelIdentity.objects.bulk_create(
            [ChannelIdentity(customer=c, kind=k, address=a) for (k, a), c in fresh.items()]
        )
        for ident in made:
            identities[(ident.kind, ident.address)] = ident
    customers: dict[tuple[str, str], Customer] = {}
    for pair, ident in identities.items():
        customer = ident.customer
        while customer.merged_into is not None:
            customer = customer.merged_into
        customers[pair] = customer

    # Each customer's open conversation on the channel (the newest), locked like the single path's.
    by_channel: dict[str, set[int]] = {}
    for i, pair in addresses.items():
        if pair in customers:
            by_channel.setdefault(items[i].inbound.channel, set()).add(customers[pair].pk)
    open_by: dict[tuple[str, int], Conversation] = {}
    for channel, ids in sorted(by_channel.items()):
        locked = (  # locked in pk order (no deadlock between processes), the newest wins per customer
            Conversation.objects.select_for_update()
            .filter(channel=channel, customer_id__in=ids, status__in=OPEN_STATUSES)
            .order_by("pk")
        )
        for conv in sorted(locked, key=lambda c: (c.last_message_at, c.pk), reverse=True):
            open_by.setdefault((channel, conv.customer_id), conv)

    new_convs: list[Conversation] = []
    changed: dict[int, Conversation] = {}
    conv_docs: list[tuple[Conversation, str]] = []
    history: list[tuple[Conversation, Customer, str]] = []  # (conversation, actor, CREATED|STATUS_CHANGED)
    messages: list[tuple[int, Message, Conversation]] = []
    repeats: list[tuple[int, int]] = []  # (item, the earlier item of this batch that stored the message)
    first: dict[tuple[str, str], int] = {}
    named: dict[int, Customer] = {}
    for i, pair in addresses.items():
        item, inbound = items[i], items[i].inbound
        key = (inbound.channel, inbound.external_id[:255])
        if key[1] and key in known:
            outcomes[i] = known[key]
            _mark_duplicate(item, known[key].message_id)
            continue
        if key[1] and key in first:
            repeats.append((i, first[key]))
            continue
        if key[1]:
            first[key] = i
        customer = customers[pair]
        if inbound.customer_name and not customer.name:
            customer.name = inbound.customer_name.strip()[:200]
            customer.updated_at = now
            named[customer.pk] = customer
        text = inbound.text[:MAX_TEXT]
        masked = preview(mask(text[:PREVIEW_SOURCE]))  # the inbox's preview: insults masked
        found = open_by.get((inbound.channel, customer.pk))
        if found is None:
            subject = (mask(inbound.subject) if inbound.subject else masked[:80]).strip()
            conv = Conversation(
                number=0,  # numbered below, in one statement for the batch
                subject=subject[:300],
                customer=customer,
                channel=inbound.channel,
                thread_key="",
                last_message_at=now,
            )
            new_convs.append(conv)
            open_by[(inbound.channel, customer.pk)] = conv
            conv_docs.append((conv, f"{subject} {customer.name} {inbound.address}"))
            history.append((conv, customer, EventType.CREATED))
        else:
            conv = found
            changed[conv.pk] = conv
            if conv.status == Status.PENDING:
                conv.status = Status.OPEN  # the customer answered: it is the team's turn again
                history.append((conv, customer, EventType.STATUS_CHANGED))
        messages.append(
            (
                i,
                Message(
                    direction=Direction.INBOUND,
                    kind=MessageKind.MESSAGE,
                    text=text,
                    html=nh3.clean(inbound.html) if inbound.html else "",
                    channel=inbound.channel,
                    external_id=inbound.external_id[:255],
                    meta=inbound.meta,
                    sent_at=inbound.sent_at,
                ),
                conv,
            )
        )
        conv.last_message_at = now
        conv.last_inbound_at = now
        conv.message_count += 1
        conv.preview = masked
        conv.updated_at = now

    if named:
        _update_rows(list(named.values()), ["name", "updated_at"])
    if new_convs:
        for conv, number in zip(new_convs, _numbers(len(new_convs)), strict=True):
            conv.number = number
        Conversation.objects.bulk_create(new_convs)
    rows = [
        ConversationEvent(
            conversation=conv,
            type=kind,
            old=None if kind == EventType.CREATED else Status.PENDING,
            new=Status.NEW if kind == EventType.CREATED else Status.OPEN,
            data={"channel": conv.channel} if kind == EventType.CREATED else {},
            **actor_fields(actor),
        )
        for conv, actor, kind in history
    ]
    if rows:
        ConversationEvent.objects.bulk_create(rows)
    for _i, message, conv in messages:
        message.conversation = conv  # after bulk_create: a new conversation has its pk now
    Message.objects.bulk_create([m for _i, m, _c in messages])
    docs = [SearchDocument(conversation=c, body=fold_for_search(b)) for c, b in conv_docs if b.strip()]
    docs += [
        SearchDocument(conversation=c, message=m, body=fold_for_search(m.text))
        for _i, m, c in messages
        if m.text.strip()
    ]
    SearchDocument.objects.bulk_create(docs)
    if changed:
        _update_rows(
            list(changed.values()),
            ["status", "last_message_at", "last_inbound_at", "message_count", "preview", "updated_at"],
        )

    events: list[Event] = [ConversationCreated(conversation_id=c.pk) for c in new_convs]
    events += [
        ConversationUpdated(conversation_id=row.conversation_id, event_ids=(row.pk,))
        for row in rows
        if row.type == EventType.STATUS_CHANGED
    ]
    for i, message, conv in messages:
        outcomes[i] = IngestResult(message.pk, conv.pk, conv.number, created=True)
        envelope = items[i].envelope
        if envelope is not None:
            envelope_outcome(envelope, EnvelopeStatus.INGESTED, "", message.pk)
        events.append(MessageCreated(message_id=message.pk))
    for i, earlier in repeats:
        stored = outcomes[earlier]
        assert isinstance(stored, IngestResult)
        outcomes[i] = IngestResult(
            stored.message_id, stored.conversation_id, stored.conversation_number, False
        )
        _mark_duplicate(items[i], stored.message_id)
    publish_many(events)
    envelopes = [item.envelope for item in items if item.envelope is not None]
    if envelopes:
        _update_rows(envelopes, ["status", "error", "message", "attempts"])
    return [o for o in outcomes if o is not None]


def _numbers(count: int) -> list[int]:
    """`count` consecutive conversation numbers in one statement (after the first, which makes the counter
    row if there is none yet)."""
    first = next_number("conversation")
    if count == 1:
        return [first]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_counter SET value = value + %s WHERE name = %s RETURNING value",
            [count - 1, "conversation"],
        )
        last = int(cursor.fetchone()[0])
    return [first, *range(last - count + 2, last + 1)]


def _update_rows(objs: Sequence[Any], fields: list[str]) -> None:
    """UPDATE … WHERE id = %s for each object, as one executemany: Django's bulk_update builds a CASE per
    field and row, which costs more CPU than the rows it saves (issue 11)."""
    model = type(objs[0])
    meta = model._meta
    columns = [meta.get_field(f) for f in fields]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names from the model, values bound
        qn(meta.db_table), ", ".join(f"{qn(c.column)} = %s" for c in columns), qn(meta.pk.column)
    )
    rows = [[c.get_db_prep_save(getattr(o, c.attname), connection) for c in columns] + [o.pk] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _mark_duplicate(item: Item, message_id: int) -> None:
    if item.envelope is not None:
        envelope_outcome(item.envelope, EnvelopeStatus.DUPLICATE, "", message_id)
    _ensure_follow_ups(message_id)
