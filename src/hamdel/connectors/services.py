"""Connector writes: inbox settings, call logs, mentions (and their CSV import), walk-in visits.

Messages still enter through the one pipeline (envelope → parse → ingest); these functions only add what
belongs to the channel (a "call back" tag, an agent's note) through the conversations services.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.connectors import pipeline
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import conversation_add_tag, note_add
from hamdel.conversations.types import IngestResult
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.customers.services import customer_add_identity

SECRET_FIELDS = ("imap_password", "bot_token", "sms_api_key")


@transaction.atomic
def inbox_save(*, inbox: Inbox, actor: User, changed: list[str]) -> Inbox:
    """Create or update an inbox from the settings page; the audit log names the fields, never secrets."""
    creating = inbox.pk is None
    inbox.full_clean()
    inbox.save()
    audit(
        actor=actor,
        action="inbox.create" if creating else "inbox.update",
        target=str(inbox),
        fields=sorted(f for f in changed if f not in SECRET_FIELDS)
        + [f"{f} (secret)" for f in changed if f in SECRET_FIELDS],
    )
    return inbox


@transaction.atomic
def inbox_set_active(*, inbox: Inbox, active: bool, actor: User) -> Inbox:
    inbox.is_active = active
    inbox.save(update_fields=["is_active"])
    audit(actor=actor, action="inbox.activate" if active else "inbox.deactivate", target=str(inbox))
    return inbox


def bot_connect(*, inbox: Inbox, base_url: str) -> str:
    """Check the token (getMe) and point the bot's webhook here with our secret; returns the bot's name."""
    from django.urls import reverse

    from hamdel.connectors.bots.client import BotClient, BotError

    client = BotClient(inbox)
    try:
        me = client.call("getMe")
        url = base_url.rstrip("/") + reverse("connectors:bot_webhook", args=[inbox.kind, inbox.key])
        client.call("setWebhook", url=url, secret_token=inbox.webhook_secret, allowed_updates=["message"])
    except BotError as exc:
        raise ApplicationError(
            _("The bot could not be connected: %(error)s") % {"error": exc.description}
        ) from exc
    return str(me.get("username") or me.get("first_name") or "")


def _after(result: IngestResult) -> Conversation:
    return Conversation.objects.get(pk=result.conversation_id)


def call_log(*, data: dict[str, Any], actor: User | None) -> IngestResult:
    """A call from the phone system or an agent's form: transcript analysed like any message.

    A missed call tags the conversation "call back" so the team sees it in the inbox; the agent's notes
    become an internal note.
    """
    data = dict(data)
    data.setdefault("call_id", uuid.uuid4().hex)
    result = pipeline.receive(source="phone", payload=json.dumps(data, ensure_ascii=False, default=str))
    if result.created:
        conv = _after(result)
        if data.get("missed"):
            conversation_add_tag(conversation=conv, name=settings.HAMDEL_CALLBACK_TAG, actor=actor)
        notes = str(data.get("agent_notes") or "").strip()
        if notes and actor is not None:
            note_add(conversation=conv, author=actor, text=notes)
    return result


def mention_record(*, data: dict[str, Any]) -> IngestResult:
    return pipeline.receive(source="social", payload=json.dumps(data, ensure_ascii=False, default=str))


@dataclass
class CsvSummary:
    ingested: int = 0
    duplicates: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)


CSV_COLUMNS = {"platform", "author", "url", "text", "time"}


def mentions_import_csv(*, content: bytes) -> CsvSummary:
    """Mentions from a CSV (platform, author, url, text, time), e.g. a social-listening tool's export."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("Save the CSV file as UTF-8.")) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = CSV_COLUMNS - {c.strip().lower() for c in reader.fieldnames or []}
    if missing:
        raise ApplicationError(_("The CSV file is missing columns."), {"columns": sorted(missing)})
    summary = CsvSummary()
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            result = mention_record(data=row)
        except ApplicationError as exc:
            summary.refused.append({"line": line, "reason": exc.message, "extra": exc.extra})
            continue
        summary.ingested += result.created
        summary.duplicates += not result.created
    return summary


def walk_in_log(
    *, customer: Customer, text: str, actor: User, branch: str = "", visit_id: str = ""
) -> IngestResult:
    """An agent records a visit at the counter for a known customer."""
    identity = customer.identities.order_by("kind").first()
    if identity is None:
        identity = customer_add_identity(customer=customer, kind="handle", address=f"customer-{customer.pk}")
    payload = {
        "kind": identity.kind,
        "address": identity.address,
        "text": text,
        "branch": branch,
        "visit_id": visit_id or uuid.uuid4().hex,
        "logged_by": actor.pk,
    }
    return pipeline.receive(source="walk_in", payload=json.dumps(payload, ensure_ascii=False))
