"""Store, parse, ingest: the path every raw inbound payload takes, and its replay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from hamdel.conversations.models import EnvelopeStatus, InboundEnvelope
from hamdel.conversations.services import envelope_mark, envelope_store, ingest
from hamdel.conversations.types import InboundMessage, IngestResult
from hamdel.core.errors import ApplicationError

Parser = Callable[[str], InboundMessage]


def parsers() -> dict[str, Parser]:
    from hamdel.connectors.generic.parser import parse as generic

    return {"api": generic}


def receive(*, source: str, payload: str | bytes, headers: dict[str, Any] | None = None) -> IngestResult:
    """Keep the envelope first, then parse and ingest; a failure is recorded on the envelope and re-raised."""
    envelope = envelope_store(channel=source, payload=payload, headers=headers)
    return process(envelope)


def process(envelope: InboundEnvelope) -> IngestResult:
    parser = parsers().get(envelope.channel)
    try:
        if parser is None:
            raise ApplicationError(_("No parser for this source."), {"source": envelope.channel})
        return ingest(parser(envelope.payload), envelope=envelope)
    except ApplicationError as exc:
        envelope_mark(
            envelope=envelope, status=EnvelopeStatus.FAILED, error=f"{exc.message} {exc.extra or ''}"
        )
        raise


def replay_failed(*, ids: list[int] | None = None) -> tuple[int, int]:
    """Re-run failed envelopes (after a parser fix); returns (ingested, still failing)."""
    qs = InboundEnvelope.objects.filter(status=EnvelopeStatus.FAILED).order_by("pk")
    if ids:
        qs = qs.filter(pk__in=ids)
    ok = failed = 0
    for envelope in qs:
        try:
            process(envelope)
            ok += 1
        except ApplicationError:
            failed += 1
    return ok, failed
