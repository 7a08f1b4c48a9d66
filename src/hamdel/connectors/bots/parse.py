"""Bot API updates to InboundMessage: text, photos, documents and voice; idempotent on update_id."""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from django.utils.translation import gettext as _

from hamdel.connectors.bots.client import BotClient, BotError
from hamdel.connectors.selectors import inbox_get
from hamdel.conversations.services import check_attachment
from hamdel.conversations.types import InboundAttachment, InboundMessage
from hamdel.core.errors import ApplicationError


def thread_key(kind: str, inbox_id: int, chat_id: int | str) -> str:
    return f"{kind}:{inbox_id}:{chat_id}"


def _files(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(file_id, name, content type) of what the customer sent."""
    found = []
    if message.get("photo"):
        biggest = max(message["photo"], key=lambda p: p.get("file_size", 0) or p.get("width", 0))
        found.append((biggest["file_id"], "photo.jpg", "image/jpeg"))
    if message.get("document"):
        doc = message["document"]
        name = doc.get("file_name") or "document"
        found.append((doc["file_id"], name, doc.get("mime_type") or mimetypes.guess_type(name)[0] or ""))
    if message.get("voice"):
        found.append(
            (message["voice"]["file_id"], "voice.ogg", message["voice"].get("mime_type", "audio/ogg"))
        )
    if message.get("audio"):
        audio = message["audio"]
        found.append(
            (audio["file_id"], audio.get("file_name") or "audio.mp3", audio.get("mime_type", "audio/mpeg"))
        )
    return found


def parse_update(payload: str, headers: dict[str, Any]) -> InboundMessage:
    inbox = inbox_get(pk=headers.get("inbox"))
    if inbox is None:
        raise ApplicationError(_("The inbox of this update no longer exists."), status=404)
    try:
        update = json.loads(payload)
        update_id = int(update["update_id"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ApplicationError(_("This is not a Bot API update."), {"error": str(exc)}, status=400) from exc
    message = update.get("message") or update.get("channel_post")
    if not isinstance(message, dict) or "chat" not in message:
        raise ApplicationError(_("This update carries no message."), {"update_id": update_id}, status=200)
    sender = message.get("from") or {}
    chat = message["chat"]
    name = " ".join(p for p in (sender.get("first_name", ""), sender.get("last_name", "")) if p).strip()
    text = message.get("text") or message.get("caption") or ""
    if not text and message.get("location"):
        loc = message["location"]
        text = f"📍 {loc.get('latitude')}, {loc.get('longitude')}"
    if not text and message.get("contact"):
        text = f"☎ {message['contact'].get('phone_number', '')}"
    if not text and message.get("sticker"):
        text = message["sticker"].get("emoji") or "🖼"
    attachments: list[InboundAttachment] = []
    meta: dict[str, Any] = {
        "inbox": inbox.pk,
        "chat_id": chat["id"],
        "bot_message_id": message.get("message_id"),
        "username": sender.get("username", ""),
    }
    client = BotClient(inbox)
    for file_id, fname, ctype in _files(message):
        try:
            data, path = client.download(file_id)
            if fname == "photo.jpg" and path:
                fname = path.rsplit("/", 1)[-1] or fname
            checked = check_attachment(fname, ctype, len(data))
            attachments.append(InboundAttachment(name=fname, content_type=checked, data=data))
        except BotError as exc:
            if not text:
                raise ApplicationError(
                    _("The file could not be downloaded."), {"error": exc.description}
                ) from exc
            meta.setdefault("file_errors", []).append({"name": fname, "error": exc.description})
        except ApplicationError as exc:
            meta.setdefault("skipped_attachments", []).append({"name": fname, "reason": exc.message})
    if not text and not attachments:
        raise ApplicationError(
            _("This kind of message is not supported."), {"update_id": update_id}, status=200
        )
    return InboundMessage(
        channel=inbox.kind,
        identity_kind=inbox.kind,
        address=str(sender.get("id") or chat["id"]),
        customer_name=name,
        text=text,
        external_id=f"{inbox.pk}:{update_id}",
        thread_key=thread_key(inbox.kind, inbox.pk, chat["id"]),
        meta=meta,
        attachments=tuple(attachments),
    )
