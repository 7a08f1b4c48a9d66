"""Outbound e-mail over SMTP with threading headers and encoded Persian subjects.

Header values come from customers (a subject pasted with a line break, a name with a tab), so they are
cleaned to one line before the message is built. Only a failure that may pass is retried (the server is
away, 4xx); a message that cannot be built or a refused address fails at once (retryable=False).
"""

from __future__ import annotations

import re
import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email

from hamdel.conversations.types import DeliveryResult, OutboundMessage

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
MAX_SUBJECT = 250


def header_value(value: str, limit: int = 998) -> str:
    """One line, no control characters, collapsed spaces: safe for any mail header."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit]


def _valid(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


class EmailAdapter:
    def send(self, message: OutboundMessage) -> DeliveryResult:
        addresses = [a.strip() for a in message.to.get("email", []) if a.strip()]
        if not addresses:
            return DeliveryResult(ok=False, error="The customer has no e-mail address.", retryable=False)
        recipients = [a for a in addresses if _valid(a)]
        if not recipients:
            return DeliveryResult(
                ok=False, error=f"Not a valid e-mail address: {', '.join(addresses)}", retryable=False
            )
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "localhost"
        msgid = make_msgid(domain=domain)
        headers = {"Message-ID": msgid, "X-Hamdel-Conversation": str(message.conversation_number)}
        in_reply_to = header_value(message.in_reply_to)
        if in_reply_to:
            headers["In-Reply-To"] = in_reply_to
            headers["References"] = in_reply_to
        subject = header_value(message.subject, MAX_SUBJECT)
        token = f"[#{message.conversation_number}]"
        if token not in subject:
            subject = f"Re: {subject} {token}" if subject else token
        try:
            mail = EmailMessage(
                subject=subject,
                body=message.text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
                headers=headers,
            )
            for name, content_type, path in message.attachments:
                with open(path, "rb") as fh:
                    mail.attach(header_value(name, 200) or "file", fh.read(), content_type)
            mail.send(fail_silently=False, using="default")
        except smtplib.SMTPRecipientsRefused as exc:
            return DeliveryResult(ok=False, error=f"Recipient refused: {exc.recipients}", retryable=False)
        except smtplib.SMTPResponseException as exc:
            # 5xx is the server's final word (mailbox unknown, message refused); 4xx may pass later.
            error = f"SMTP {exc.smtp_code}: {exc}"
            return DeliveryResult(ok=False, error=error, retryable=exc.smtp_code < 500)
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            return DeliveryResult(ok=False, error=f"SMTP: {exc}", retryable=True)
        except (ValueError, UnicodeError) as exc:
            # The message cannot be built (a header Python refuses): sending again builds the same one.
            return DeliveryResult(ok=False, error=f"The e-mail could not be built: {exc}", retryable=False)
        return DeliveryResult(ok=True, provider_id=msgid)
