"""Connector writes: channel set-up (inboxes and their secrets), call logs, mentions (and their CSV
import), walk-in visits.

Messages still enter through the one pipeline (envelope → parse → ingest); these functions only add what
belongs to the channel (a "call back" tag, an agent's note) through the conversations services.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.connectors import pipeline, registry
from hamdel.connectors.forms import form_settings, inbox_form
from hamdel.connectors.models import Inbox
from hamdel.connectors.spec import ChannelSpec
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import conversation_add_tag, note_add
from hamdel.conversations.types import IngestResult
from hamdel.core import channels
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.customers.services import customer_add_identity

# --- channel set-up (admins only: Perm.INBOX_MANAGE) --------------------------------------------------

_BASE = ("name", "is_active")


def _spec(kind: str) -> ChannelSpec:
    spec = registry.spec_for(kind)
    if spec is None or not spec.has_inbox:
        raise ApplicationError(
            _("Choose a channel first."), {"kind": kind, "known": channels.names()}, code="unknown_channel"
        )
    return spec


def _validated(spec: ChannelSpec, inbox: Inbox, data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """Check the whole request with the channel's settings form; unknown names are refused, not ignored."""
    allowed = {*_BASE, *spec.settings}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ApplicationError(
            _("These settings do not belong to this channel."),
            {"fields": unknown, "allowed": sorted(allowed)},
            status=422,
            code="unknown_setting",
        )
    merged: dict[str, Any] = {}
    if partial:
        merged = {n: inbox.setting(n) for n in allowed if n not in spec.secret_fields}
    merged.update(data)
    saved = Inbox.objects.get(pk=inbox.pk) if inbox.pk else Inbox(kind=spec.name)
    form = inbox_form(spec)(data=merged, instance=saved)
    if not form.is_valid():
        raise ApplicationError(
            _("The channel settings are not valid."),
            {"fields": {name: [str(e) for e in errors] for name, errors in form.errors.items()}},
            status=422,
            code="invalid_settings",
        )
    return form_settings(spec, form)


def _apply(spec: ChannelSpec, inbox: Inbox, values: Mapping[str, Any]) -> list[str]:
    """Write the values to columns, options or secret_options; returns the names that changed."""
    columns = {f.name for f in Inbox._meta.concrete_fields}
    options: dict[str, Any] = dict(inbox.options or {})
    secret_options: dict[str, Any] = dict(cast(dict[str, Any], inbox.secret_options) or {})
    changed = []
    for name, value in values.items():
        if inbox.setting(name) != value:
            changed.append(name)
        if name in columns:
            setattr(inbox, name, value)
        elif name in spec.secret_fields:
            secret_options[name] = value
        else:
            options[name] = value
    inbox.options = options
    inbox.secret_options = secret_options  # type: ignore[assignment]  # EncryptedJSONField holds a dict
    return changed


def _inbox(inbox: Inbox | int) -> Inbox:
    """The inbox an action works on, looked up only after the permission check (no 404 before a 403)."""
    if isinstance(inbox, Inbox):
        return inbox
    found = Inbox.objects.filter(pk=inbox).first()
    if found is None:
        raise NotFound(_("This channel does not exist."), {"inbox": inbox})
    return found


def _audit_fields(spec: ChannelSpec, changed: list[str]) -> list[str]:
    """The audit log names the changed fields, and never holds a secret's value."""
    return sorted(f if f not in spec.secret_fields else f"{f} (secret)" for f in changed)


def inbox_create(*, actor: Any, kind: str, data: Mapping[str, Any]) -> Inbox:
    """Set up a new channel inbox from the settings page or `POST /api/v1/inboxes`."""
    require(actor, Perm.INBOX_MANAGE)
    spec = _spec(kind)
    inbox = Inbox(kind=spec.name)
    values = _validated(spec, inbox, data, partial=False)
    with transaction.atomic():
        changed = _apply(spec, inbox, values)
        inbox.full_clean()
        inbox.save()
        audit(actor=actor, action="inbox.create", target=str(inbox), fields=_audit_fields(spec, changed))
    return inbox


def inbox_update(*, actor: Any, inbox: Inbox | int, data: Mapping[str, Any], partial: bool = True) -> Inbox:
    """Change an inbox's settings; a secret left empty keeps its saved value."""
    require(actor, Perm.INBOX_MANAGE)
    inbox = _inbox(inbox)
    spec = _spec(inbox.kind)
    values = _validated(spec, inbox, data, partial=partial)
    with transaction.atomic():
        inbox = Inbox.objects.select_for_update().get(pk=inbox.pk)
        changed = _apply(spec, inbox, values)
        inbox.full_clean()
        inbox.save()
        audit(actor=actor, action="inbox.update", target=str(inbox), fields=_audit_fields(spec, changed))
    return inbox


def inbox_delete(*, actor: Any, inbox: Inbox | int) -> None:
    """Remove a channel's set-up; its conversations and messages stay."""
    require(actor, Perm.INBOX_MANAGE)
    inbox = _inbox(inbox)
    with transaction.atomic():
        target = str(inbox)
        Inbox.objects.filter(pk=inbox.pk).delete()
        audit(actor=actor, action="inbox.delete", target=target)


def inbox_set_active(*, inbox: Inbox | int, active: bool, actor: Any) -> Inbox:
    require(actor, Perm.INBOX_MANAGE)
    inbox = _inbox(inbox)
    with transaction.atomic():
        inbox.is_active = active
        inbox.save(update_fields=["is_active"])
        audit(actor=actor, action="inbox.activate" if active else "inbox.deactivate", target=str(inbox))
    return inbox


def inbox_rotate_webhook_secret(*, inbox: Inbox | int, actor: Any) -> str:
    """A new webhook secret (the old one stops working at once); the caller shows it to the admin once."""
    require(actor, Perm.INBOX_MANAGE)
    inbox = _inbox(inbox)
    secret = secrets.token_urlsafe(18)
    with transaction.atomic():
        inbox.webhook_secret = secret
        inbox.save(update_fields=["webhook_secret"])
        audit(actor=actor, action="inbox.rotate_secret", target=str(inbox))
    return secret


def bot_connect(*, inbox: Inbox, base_url: str, actor: Any) -> str:
    """Check the token (getMe) and point the bot's webhook here with our secret; returns the bot's name."""
    from django.urls import reverse

    from hamdel.connectors.bots.client import BotClient, BotError

    require(actor, Perm.INBOX_MANAGE)
    client = BotClient(inbox)
    try:
        me = client.call("getMe")
        url = base_url.rstrip("/") + reverse("connectors:bot_webhook", args=[inbox.kind, inbox.key])
        client.call("setWebhook", url=url, secret_token=inbox.webhook_secret, allowed_updates=["message"])
    except BotError as exc:
        raise ApplicationError(
            _("The bot could not be connected: %(error)s") % {"error": exc.description}
        ) from exc
    audit(actor=actor, action="inbox.connect_bot", target=str(inbox))
    return str(me.get("username") or me.get("first_name") or "")


def _after(result: IngestResult) -> Conversation:
    return Conversation.objects.get(pk=result.conversation_id)


def call_log(*, data: dict[str, Any], actor: Any) -> IngestResult:
    """A call from the phone system or an agent's form: transcript analysed like any message.

    A missed call tags the conversation "call back" so the team sees it in the inbox; the agent's notes
    become an internal note. Every check comes before the envelope is stored, so a refusal stores nothing.
    """
    require(actor, Perm.FEEDBACK_RECORD)
    if str(data.get("agent_notes") or "").strip():
        require(actor, Perm.CONVERSATION_NOTE)
    data = dict(data)
    data.setdefault("call_id", uuid.uuid4().hex)
    result = pipeline.receive(source="phone", payload=json.dumps(data, ensure_ascii=False, default=str))
    if result.created:
        conv = _after(result)
        if data.get("missed"):
            # Hamdel's own rule, whoever logged the call: the tag exists even if no one made it yet.
            conversation_add_tag(conversation=conv, name=settings.HAMDEL_CALLBACK_TAG, actor=None)
        notes = str(data.get("agent_notes") or "").strip()
        if notes and actor is not None:
            note_add(conversation=conv, author=actor, text=notes)
    return result


def mention_record(*, data: dict[str, Any], actor: Any) -> IngestResult:
    """A mention someone found on social media (or a listening tool sent): kept as a conversation."""
    require(actor, Perm.FEEDBACK_RECORD)
    return pipeline.receive(source="social", payload=json.dumps(data, ensure_ascii=False, default=str))


@dataclass
class CsvSummary:
    ingested: int = 0
    duplicates: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)


CSV_COLUMNS = {"platform", "author", "url", "text", "time"}


def mentions_import_csv(*, content: bytes, actor: Any) -> CsvSummary:
    """Mentions from a CSV (platform, author, url, text, time), e.g. a social-listening tool's export."""
    require(actor, Perm.FEEDBACK_RECORD)
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
            result = mention_record(data=row, actor=actor)
        except ApplicationError as exc:
            summary.refused.append({"line": line, "reason": exc.message, "extra": exc.extra})
            continue
        summary.ingested += result.created
        summary.duplicates += not result.created
    return summary


def walk_in_log(
    *, customer: Customer, text: str, actor: Any, branch: str = "", visit_id: str = ""
) -> IngestResult:
    """An agent records a visit at the counter for a known customer."""
    require(actor, Perm.FEEDBACK_RECORD)
    identity = customer.identities.order_by("kind").first()
    if identity is None:
        identity = customer_add_identity(
            customer=customer, kind="handle", address=f"customer-{customer.pk}", actor=actor
        )
    payload = {
        "kind": identity.kind,
        "address": identity.address,
        "text": text,
        "branch": branch,
        "visit_id": visit_id or uuid.uuid4().hex,
        "logged_by": actor.pk,
    }
    return pipeline.receive(source="walk_in", payload=json.dumps(payload, ensure_ascii=False))
