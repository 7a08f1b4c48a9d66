"""Small helpers the conversation actions share: previews, the search index, attachments, row locks."""

from __future__ import annotations

import mimetypes
import uuid
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from hamdel.conversations.models import Attachment, Conversation, Message, SearchDocument
from hamdel.conversations.types import InboundAttachment
from hamdel.core.errors import ApplicationError
from hamdel.language.normalize import fold_for_search

MAX_TEXT = 200_000


def preview(text: str) -> str:
    return " ".join(text.split())[:200]


def index(conversation: Conversation, body: str, message: Message | None = None) -> None:
    """Search reads folded text (one Persian normaliser), so the index is written folded too."""
    if body.strip():
        SearchDocument.objects.create(conversation=conversation, message=message, body=fold_for_search(body))


TEXT = ("text/plain", "txt")
UNKNOWN = ("application/octet-stream", "bin")


def sniff(data: bytes) -> tuple[str, str]:
    """The type the bytes really are (never the name or the declared type): (mime type, extension).

    An HTML page declared `image/png` is text, so it is kept and served as a `.txt` download."""
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime, kind.extension
    head = data[:65536]
    if b"\0" in head:
        return UNKNOWN
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # only a character cut in two at the end of a longer file's sample is forgiven
        if len(data) <= len(head) or exc.start < len(head) - 4:
            return UNKNOWN
    return TEXT


def check_attachment(name: str, content_type: str, size: int, data: bytes | None = None) -> str:
    """Refuse files that are too big or of a type agents should not open; return the checked type.

    With the bytes at hand the type is sniffed from them; the declared type only counts without bytes."""
    if data is not None:
        content_type = sniff(data)[0]
    content_type = (content_type or mimetypes.guess_type(name)[0] or "application/octet-stream").lower()
    if size > settings.HAMDEL_MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            _("The file is too large."),
            {"attachment": name, "max_bytes": settings.HAMDEL_MAX_ATTACHMENT_BYTES},
            code="attachment_too_large",
        )
    if content_type not in settings.HAMDEL_ALLOWED_ATTACHMENT_TYPES:
        raise ApplicationError(
            _("This file type is not accepted."),
            {"attachment": name, "type": content_type},
            code="attachment_type",
        )
    return content_type


def check_attachments(attachments: tuple[InboundAttachment, ...] | list[Any]) -> None:
    for item in attachments:
        check_attachment(item.name, item.content_type, len(item.data), item.data)


def store_attachments(message: Message, attachments: tuple[InboundAttachment, ...] | list[Any]) -> None:
    """Stored under a random name whose extension follows the sniffed type (never the sender's name)."""
    for item in attachments:
        content_type = check_attachment(item.name, item.content_type, len(item.data), item.data)
        extension = sniff(item.data)[1]
        attachment = Attachment(
            message=message, name=item.name[:255], content_type=content_type, size=len(item.data)
        )
        attachment.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(item.data), save=False)
        attachment.save()


def lock(conversation: Conversation) -> Conversation:
    """Call inside the action's transaction: concurrent changes to one conversation queue up here."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def copy_into(source: Conversation, target: Conversation) -> None:
    """Keep the caller's instance in step with the locked copy that was saved."""
    if source is not target:
        target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
