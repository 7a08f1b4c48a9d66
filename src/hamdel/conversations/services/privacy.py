"""The conversations' part of a customer's export and erasure, and the redaction of one message.

Message text is never edited: a redaction empties it and records who and why as a `message_redacted`
event in the timeline (and in the audit log); the customer's erasure redacts all their conversations.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conversations.models import (
    Attachment,
    Conversation,
    ConversationEvent,
    EventType,
    InboundEnvelope,
    Message,
    MessageAnalysis,
    MessageKind,
    SearchDocument,
)
from hamdel.conversations.services._common import copy_into, index, lock, preview
from hamdel.conversations.services.history import event_record, publish_changes
from hamdel.conversations.services.ingest import PREVIEW_SOURCE
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.language.abuse import mask


def export_conversations(customer: Customer) -> dict[str, Any]:
    """Registered with customers' export: every conversation and the messages the customer exchanged."""
    conversations = []
    for conv in Conversation.objects.filter(customer=customer).order_by("pk"):
        messages = (
            conv.messages.filter(kind=MessageKind.MESSAGE).prefetch_related("attachments").order_by("pk")
        )
        conversations.append(
            {
                "number": conv.number,
                "channel": conv.channel,
                "subject": conv.subject,
                "status": conv.status,
                "created_at": conv.created_at.isoformat(),
                "messages": [
                    {
                        "at": m.created_at.isoformat(),
                        "direction": m.direction,
                        "text": m.text,
                        "redacted": m.redacted_at is not None,
                        "attachments": [a.name for a in m.attachments.all()],
                    }
                    for m in messages
                ],
            }
        )
    return {"conversations": conversations}


def _delete_files(names: list[str]) -> None:
    """After commit: the rows are gone, so the files go too (a rollback keeps both)."""
    for name in names:
        if name:
            default_storage.delete(name)


def _empty_messages(messages: Any) -> dict[str, int]:
    """Text, HTML, channel metadata, files, search rows and raw envelopes of these messages go."""
    ids = list(messages.values_list("pk", flat=True))
    files = list(Attachment.objects.filter(message_id__in=ids).values_list("file", flat=True))
    Attachment.objects.filter(message_id__in=ids).delete()
    transaction.on_commit(lambda: _delete_files(files))
    MessageAnalysis.objects.filter(message_id__in=ids).update(masked_text="")
    SearchDocument.objects.filter(message_id__in=ids).delete()
    envelopes = InboundEnvelope.objects.filter(message_id__in=ids).update(payload="", headers={})
    Message.objects.filter(pk__in=ids).update(text="", html="", meta={}, redacted_at=timezone.now())
    return {"messages": len(ids), "attachments": len(files), "envelopes": envelopes}


def erase_conversations(customer: Customer, actor: Any) -> dict[str, int]:
    """Registered with customers' erasure (inside its transaction): conversations stay for the counts,
    with no subject, text, files or raw payload; each timeline says the customer's data was erased."""
    counts = {"conversations": 0, "messages": 0, "attachments": 0, "envelopes": 0}
    for conv in Conversation.objects.select_for_update().filter(customer=customer):
        for key, value in _empty_messages(Message.objects.filter(conversation=conv)).items():
            counts[key] += value
        SearchDocument.objects.filter(conversation=conv).delete()
        conv.subject, conv.thread_key, conv.preview = "", "", ""
        conv.save(update_fields=["subject", "thread_key", "preview"])
        ConversationEvent.objects.filter(conversation=conv, type=EventType.CUSTOMER_CHANGED).update(
            old=None, new=None
        )
        ConversationEvent.objects.filter(actor_customer=customer).update(actor_name="")
        publish_changes(conv, [event_record(conv, actor, EventType.CUSTOMER_ERASED)])
        counts["conversations"] += 1
    return counts


@transaction.atomic
def message_redact(*, actor: Any, message: Message, reason: str) -> Message:
    """Hide a message's text for good (a card number, a password pasted by mistake), saying why."""
    require(actor, Perm.MESSAGE_REDACT)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the text is hidden."), {"reason": "required"}, code="required")
    conv = lock(message.conversation)
    if message.redacted_at is not None:
        raise ApplicationError(_("This message is already hidden."), {"message": message.pk}, 409, "redacted")
    shown = preview(mask(message.text[:PREVIEW_SOURCE]))
    _empty_messages(Message.objects.filter(pk=message.pk))
    fields = []
    if message.text and conv.subject == shown[:80].strip():  # the subject was made from this text
        conv.subject = ""
        fields.append("subject")
        SearchDocument.objects.filter(conversation=conv, message__isnull=True).delete()
        addresses = " ".join(conv.customer.identities.values_list("address", flat=True))
        index(conv, f"{conv.customer.name} {addresses}")
    if message.text and conv.preview == shown:
        conv.preview = ""
        fields.append("preview")
    if fields:
        conv.save(update_fields=fields)
        copy_into(conv, message.conversation)
    event = event_record(conv, actor, EventType.MESSAGE_REDACTED, new={"message": message.pk}, reason=reason)
    audit(
        actor=actor,
        action="message.redact",
        target=f"message:{message.pk}",
        reason=reason,
        conversation=conv.number,
    )
    publish_changes(conv, [event])
    message.refresh_from_db()
    return message
