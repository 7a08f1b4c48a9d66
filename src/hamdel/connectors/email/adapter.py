"""Outbound e-mail over SMTP with threading headers and encoded Persian subjects."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage

from hamdel.conversations.types import DeliveryResult, OutboundMessage


class EmailAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        recipients = message.to.get("email", [])
        if not recipients:
            return DeliveryResult(ok=False, error="The customer has no e-mail address.", retryable=False)
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "localhost"
        msgid = make_msgid(domain=domain)
        headers = {"Message-ID": msgid, "X-Hamdel-Conversation": str(message.conversation_number)}
        if message.in_reply_to:
            headers["In-Reply-To"] = message.in_reply_to
            headers["References"] = message.in_reply_to
        subject = message.subject or ""
        token = f"[#{message.conversation_number}]"
        if token not in subject:
            subject = f"Re: {subject} {token}".strip() if subject else token
        mail = EmailMessage(
            subject=subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
            headers=headers,
        )
        for name, content_type, path in message.attachments:
            with open(path, "rb") as fh:
                mail.attach(name, fh.read(), content_type)
        try:
            mail.send(fail_silently=False, using="default")
        except smtplib.SMTPRecipientsRefused as exc:
            return DeliveryResult(ok=False, error=f"Recipient refused: {exc.recipients}", retryable=False)
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            return DeliveryResult(ok=False, error=f"SMTP: {exc}", retryable=True)
        return DeliveryResult(ok=True, provider_id=msgid)
