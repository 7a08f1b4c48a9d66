"""Store, parse, ingest: the path every raw inbound payload takes, and its replay.

The parser comes from the channel's spec through the registry; the pipeline imports no channel.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hamdel.connectors.registry import parser_for
from hamdel.conversations.models import EnvelopeStatus, InboundEnvelope
from hamdel.conversations.services import envelope_mark, envelope_store, ingest
from hamdel.conversations.services.ingest import PAYLOAD_ENCODING, envelope_build
from hamdel.conversations.services.ingest_many import Item, ingest_many
from hamdel.conversations.types import InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError
from hamdel.core.persian import local_digits


def store(*, source: str, payload: str | bytes, headers: dict[str, Any] | None = None) -> InboundEnvelope:
    """Keep the raw payload (committed) before anything parses it; webhooks answer right after this."""
    return envelope_store(channel=source, payload=payload, headers=headers)


def keep_refused(
    *, source: str, payload: str | bytes, headers: dict[str, Any] | None = None, error: str
) -> InboundEnvelope:
    """A payload refused before parsing (too large) is still kept, failed, so an operator can recover it."""
    envelope = store(source=source, payload=payload, headers=headers)
    if envelope.status != EnvelopeStatus.FAILED:
        envelope_mark(envelope=envelope, status=EnvelopeStatus.FAILED, error=error)
    return envelope


def too_large(size: int) -> ApplicationError:
    limit = settings.HAMDEL_MAX_BODY_BYTES
    return ApplicationError(
        _("The request is too large: at most %(mb)s MB is accepted. It was kept and will be looked at.")
        % {"mb": local_digits(limit // (1024 * 1024))},
        {"bytes": size, "max_bytes": limit},
        status=413,
        code="too_large",
    )


def receive(*, source: str, payload: str | bytes, headers: dict[str, Any] | None = None) -> IngestResult:
    """Keep the envelope first, then parse and ingest; a failure is recorded on the envelope and re-raised."""
    return process(store(source=source, payload=payload, headers=headers))


def process(envelope: InboundEnvelope) -> IngestResult:
    if (envelope.headers or {}).get(PAYLOAD_ENCODING) == "base64":
        raise ApplicationError(
            _("The body is not valid UTF-8 text; it was kept as received."),
            {"error": envelope.error},
            status=400,
            code="invalid_utf8",
        )
    parser = parser_for(envelope.channel)
    try:
        if parser is None:
            raise ApplicationError(_("No parser for this source."), {"source": envelope.channel})
        return ingest(parser(envelope.payload, envelope.headers or {}), envelope=envelope)
    except ApplicationError as exc:
        envelope_mark(
            envelope=envelope, status=EnvelopeStatus.FAILED, error=f"{exc.message} {exc.extra or ''}"
        )
        raise
    except Exception as exc:  # a parser bug: keep the payload replayable and say what broke
        envelope_mark(envelope=envelope, status=EnvelopeStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise ApplicationError(_("The payload could not be processed."), {"error": str(exc)}) from exc


def process_once(envelope_id: int, *, statuses: tuple[str, ...] = (EnvelopeStatus.RECEIVED,)) -> str:
    """Process an envelope unless someone else already did: safe to run twice, and concurrently.

    The claim is a write on the envelope row inside the ingest's transaction (a row lock on PostgreSQL,
    the write lock on SQLite), so a second run waits for the first and then sees its final status.
    Returns "ingested", "duplicate", "failed" or "skipped".
    """
    error: ApplicationError | None = None
    with transaction.atomic():
        claimed = InboundEnvelope.objects.filter(pk=envelope_id, status__in=statuses).update(
            attempts=F("attempts")
        )
        envelope = InboundEnvelope.objects.filter(pk=envelope_id).first() if claimed else None
        if envelope is None:
            return "skipped"
        try:
            process(envelope)
        except ApplicationError as exc:  # the FAILED mark must commit: leave the block normally
            error = exc
    return "failed" if error else str(envelope.status)


def replay(
    *, ids: list[int] | None = None, received: bool = False, since: dt.datetime | None = None
) -> dict[str, int]:
    """Re-run failed envelopes (after a parser fix) and, with `received`, those a crash left unparsed."""
    statuses: tuple[str, ...] = (
        (EnvelopeStatus.FAILED, EnvelopeStatus.RECEIVED) if received else (EnvelopeStatus.FAILED,)
    )
    qs = InboundEnvelope.objects.filter(status__in=statuses).order_by("pk")
    if ids:
        qs = qs.filter(pk__in=ids)
    if since is not None:
        qs = qs.filter(received_at__gte=since)
    counts = {"ingested": 0, "duplicate": 0, "failed": 0, "skipped": 0}
    for envelope_id in list(qs.values_list("pk", flat=True)):
        outcome = process_once(envelope_id, statuses=statuses)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def replay_failed(*, ids: list[int] | None = None) -> tuple[int, int]:
    """Re-run failed envelopes (after a parser fix); returns (ingested, still failing)."""
    counts = replay(ids=ids)
    return counts["ingested"] + counts["duplicate"], counts["failed"]


BATCH_MAX = 500


@dataclass
class BatchItem:
    """One message's answer in a batch: the single call's status and body (ids, or the error)."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)


def receive_batch(*, source: str, items: list[Any], headers: dict[str, Any] | None = None) -> list[BatchItem]:
    """Many messages in one request: every raw item is kept first (one bulk insert, committed), then all
    are parsed and ingested in ONE transaction, set-wise (conversations.services.ingest_many), so a bad
    item fails alone with exactly the error the single call gives and the good ones share the writes."""
    if not items:
        raise ApplicationError(
            _("The batch is empty."), {"messages": "required"}, status=422, code="required"
        )
    if len(items) > BATCH_MAX:
        raise ApplicationError(
            _("A batch holds at most %(max)d messages.") % {"max": BATCH_MAX},
            {"messages": len(items), "max": BATCH_MAX},
            status=422,
            code="too_many",
        )
    payloads = [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items]
    results: list[BatchItem] = []
    for outcome in receive_many([(source, payload, headers) for payload in payloads]):
        if isinstance(outcome, ApplicationError):
            body = {"message": outcome.message, "code": outcome.code, "extra": outcome.extra}
            results.append(BatchItem(outcome.status, body))
        else:
            results.append(BatchItem(201 if outcome.created else 200, dict(outcome.__dict__)))
    return results


Received = tuple[str, str | bytes, dict[str, Any] | None]
"""(source, raw payload, headers) of one inbound request."""


def receive_many(received: list[Received]) -> list[IngestResult | ApplicationError]:
    """`receive` for many payloads: the envelopes in one committed insert, then one transaction for all.

    One outcome per payload, in order: the IngestResult, or the ApplicationError `receive` would raise."""
    envelopes = InboundEnvelope.objects.bulk_create(
        [
            envelope_build(channel=source, payload=payload, headers=headers)
            for source, payload, headers in received
        ]
    )
    kept = [(e.status, e.error, e.message_id, e.attempts) for e in envelopes]
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            with transaction.atomic():
                return process_many(envelopes)
        except OperationalError as exc:  # PostgreSQL chose this transaction to break a deadlock: redo it
            if "deadlock" not in str(exc).lower() or attempt == DEADLOCK_RETRIES:
                raise
            for envelope, (status, error, message_id, attempts) in zip(envelopes, kept, strict=True):
                envelope.status, envelope.error = status, error
                envelope.message_id, envelope.attempts = message_id, attempts
    raise AssertionError("unreachable")


DEADLOCK_RETRIES = 3


def process_many(envelopes: list[InboundEnvelope]) -> list[IngestResult | ApplicationError]:
    """Parse each envelope (a parse failure is marked on it), then ingest the parsed ones set-wise."""
    outcomes: list[IngestResult | ApplicationError | None] = [None] * len(envelopes)
    parsed: list[tuple[int, Item]] = []
    refused: list[InboundEnvelope] = []
    for i, envelope in enumerate(envelopes):
        try:
            parsed.append((i, Item(_parse(envelope), envelope)))
            continue
        except ApplicationError as exc:
            outcomes[i], error = exc, f"{exc.message} {exc.extra or ''}"
        except Exception as exc:  # a parser bug: keep the payload replayable and say what broke
            outcomes[i] = ApplicationError(_("The payload could not be processed."), {"error": str(exc)})
            error = f"{type(exc).__name__}: {exc}"
        if envelope.status != EnvelopeStatus.FAILED:  # kept as base64: failed already, with the byte
            envelope.status, envelope.error = EnvelopeStatus.FAILED, error[:5000]
            envelope.attempts += 1
            refused.append(envelope)
    if refused:
        InboundEnvelope.objects.bulk_update(refused, ["status", "error", "attempts"])
    for (i, _item), outcome in zip(parsed, ingest_many([item for _i, item in parsed]), strict=True):
        outcomes[i] = outcome
    return [o for o in outcomes if o is not None]


def _parse(envelope: InboundEnvelope) -> InboundMessage:
    """What `process` does before `ingest`: the same errors for the same payloads."""
    if (envelope.headers or {}).get(PAYLOAD_ENCODING) == "base64":
        raise ApplicationError(
            _("The body is not valid UTF-8 text; it was kept as received."),
            {"error": envelope.error},
            status=400,
            code="invalid_utf8",
        )
    parser = parser_for(envelope.channel)
    if parser is None:
        raise ApplicationError(_("No parser for this source."), {"source": envelope.channel})
    return parser(envelope.payload, envelope.headers or {})
