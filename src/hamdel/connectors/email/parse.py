"""MIME to InboundMessage: text and HTML parts in any charset, Persian headers, attachments, threading.

Malformed mail is refused with a reason (ApplicationError), never a crash. Auto-replies, bounces and loops
are recognised and flagged in `meta["auto"]`, so nothing ever answers them automatically.
"""

from __future__ import annotations

import base64
import email
import email.policy
import html
import re
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from hamdel.connectors.email.threads import thread_key_for
from hamdel.conversations.services import check_attachment
from hamdel.conversations.types import InboundAttachment, InboundMessage
from hamdel.core.errors import ApplicationError

MSGID = re.compile(r"<[^<>\s]+>")
_QUOTE_HEADER = re.compile(
    r"^(On .+wrote:|.*در تاریخ .+نوشت:?|.+ نوشت:|-{2,}\s*Original Message\s*-{2,}|From: .+)$", re.I
)


def encode_raw(raw: bytes) -> tuple[str, dict[str, str]]:
    """Envelopes hold text: keep UTF-8/ASCII mail readable, anything else (8-bit windows-1256) as base64."""
    try:
        return raw.decode("utf-8"), {}
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), {"encoding": "base64"}


def decode_raw(payload: str, headers: dict[str, object]) -> bytes:
    if headers.get("encoding") == "base64":
        return base64.b64decode(payload)
    return payload.encode("utf-8")


def _payload_bytes(part: EmailMessage) -> bytes:
    """A part's decoded body (bytes for any non-multipart part)."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _text_of(part: EmailMessage) -> str:
    """Decode a text part by its declared charset; an unknown or wrong charset degrades, never fails."""
    raw = _payload_bytes(part)
    charset = part.get_content_charset() or "utf-8"
    charset = {"windows-1256": "cp1256", "x-mac-arabic": "mac_arabic"}.get(charset.lower(), charset)
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1256", errors="replace")
    return text.replace("\r\n", "\n")


def html_to_text(markup: str) -> str:
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def split_quoted(text: str) -> tuple[str, str]:
    """(new text, quoted history and signature): the timeline shows the first and folds the second."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        quoted = stripped.startswith(">") or _QUOTE_HEADER.match(stripped) or stripped in ("-- ", "--")
        if quoted and i and "\n".join(lines[:i]).strip():
            return "\n".join(lines[:i]).rstrip(), "\n".join(lines[i:])
    return text, ""


def auto_reason(msg: EmailMessage, own_addresses: set[str]) -> str:
    """Why this mail must never be answered automatically, or "" for a person's mail."""
    auto_submitted = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    if str(msg.get("Precedence", "")).strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "precedence"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "X-Autoreply-From"):
        if msg.get(header):
            return "auto-reply"
    if msg.get_content_type() == "multipart/report" or msg.get("X-Failed-Recipients"):
        return "bounce"
    sender = (getaddresses([str(msg.get("From", ""))]) or [("", "")])[0][1].lower()
    if sender.split("@")[0] in {"mailer-daemon", "postmaster"} or msg.get("Return-Path", "").strip() == "<>":
        return "bounce"
    if msg.get("X-Hamdel-Conversation") or (sender and sender in own_addresses) or msg.get("X-Loop"):
        return "loop"
    return ""


def _addresses(value: object) -> list[tuple[str, str]]:
    return [(n, a) for n, a in getaddresses([str(value or "")]) if a]


def parse_envelope(payload: str, headers: dict[str, Any]) -> InboundMessage:
    """The channel's parser: a stored envelope (raw mail, maybe base64) to an InboundMessage."""
    return parse_email(
        decode_raw(payload, headers),
        recipients=headers.get("recipients") or [],
        inbox_id=headers.get("inbox"),
    )


def parse_email(
    raw: bytes, *, recipients: list[str] | None = None, inbox_id: int | None = None
) -> InboundMessage:
    """Turn one RFC 5322 message into an InboundMessage or refuse it with a reason."""
    if not raw.strip():
        raise ApplicationError(_("The e-mail is empty."), status=400)
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:  # the stdlib parser is lenient; this is the last resort
        raise ApplicationError(_("The e-mail cannot be read."), {"error": str(exc)}, status=400) from exc
    assert isinstance(msg, EmailMessage)
    try:
        senders = _addresses(msg.get("From"))
    except Exception as exc:
        raise ApplicationError(_("The From header cannot be read."), {"error": str(exc)}, status=400) from exc
    if not senders:
        raise ApplicationError(_("The e-mail has no sender (From)."), {"header": "From"}, status=400)
    name, address = senders[0]
    try:
        subject = str(msg.get("Subject", "") or "").strip()
    except Exception:
        subject = ""
    message_id = (MSGID.findall(str(msg.get("Message-ID", ""))) or [""])[0]
    in_reply_to = MSGID.findall(str(msg.get("In-Reply-To", "")))
    references = MSGID.findall(str(msg.get("References", "")))
    text_parts: list[str] = []
    html_parts: list[str] = []
    attachments: list[InboundAttachment] = []
    skipped: list[dict[str, str]] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if disposition != "attachment" and not filename and ctype in ("text/plain", "text/html"):
            (text_parts if ctype == "text/plain" else html_parts).append(_text_of(part))
            continue
        if ctype.startswith("message/") or (ctype.startswith("text/") and not filename):
            continue  # bounce reports and delivery-status parts stay in the raw envelope
        data = _payload_bytes(part)
        filename = filename or ("image" + (f".{ctype.split('/')[-1]}" if "/" in ctype else ""))
        try:
            checked = check_attachment(filename, ctype, len(data))
        except ApplicationError as exc:
            skipped.append({"name": filename, "type": ctype, "reason": exc.message})
            continue
        attachments.append(InboundAttachment(name=filename, content_type=checked, data=data))
    html_body = "\n".join(html_parts)
    text = "\n\n".join(t.strip() for t in text_parts if t.strip()) or html_to_text(html_body)
    if not text.strip() and not attachments:
        text = subject
    if not text.strip() and not attachments:
        raise ApplicationError(_("The e-mail has neither text nor attachments."), status=400)
    own = {a.lower() for a in (recipients or [])} | {settings.DEFAULT_FROM_EMAIL.lower()}
    reason = auto_reason(msg, {settings.DEFAULT_FROM_EMAIL.lower()})
    new_text, quoted = split_quoted(text)
    sent_at = None
    try:
        if msg.get("Date"):
            sent_at = parsedate_to_datetime(str(msg["Date"]))
            if sent_at.tzinfo is None:
                sent_at = None
    except (TypeError, ValueError):
        sent_at = None
    if not message_id:
        import hashlib

        message_id = f"<{hashlib.sha256(raw).hexdigest()[:40]}@hamdel.invalid>"
    thread = thread_key_for(message_id=message_id, refs=[*in_reply_to, *references], subject=subject)
    meta: dict[str, object] = {
        "message_id": message_id,
        "from": address,
        "to": [a for _n, a in _addresses(msg.get("To"))],
        "cc": [a for _n, a in _addresses(msg.get("Cc"))],
        "recipients": sorted(own - {settings.DEFAULT_FROM_EMAIL.lower()}),
    }
    if quoted:
        meta["quoted_at"] = len(new_text)
    if reason:
        meta["auto"] = reason
    if skipped:
        meta["skipped_attachments"] = skipped
    if inbox_id:
        meta["inbox"] = inbox_id
    return InboundMessage(
        channel="email",
        identity_kind="email",
        address=address,
        customer_name=name,
        text=text,
        html=html_body,
        external_id=message_id,
        subject=subject,
        thread_key=thread,
        sent_at=sent_at,
        meta=meta,
        attachments=tuple(attachments),
    )
