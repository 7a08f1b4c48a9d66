"""SMTP / LMTP receiver (aiosmtpd): direct delivery into Hamdel for mail to any configured inbox address."""

from __future__ import annotations

import logging
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from asgiref.sync import sync_to_async

from hamdel.connectors.email.receive import receive_email
from hamdel.connectors.selectors import email_inbox_for
from hamdel.core.errors import ApplicationError

logger = logging.getLogger(__name__)


class HamdelHandler:
    """Accepts recipients of configured inboxes only, so Hamdel is never an open relay."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list
    ) -> str:
        inbox = await sync_to_async(email_inbox_for)([address])
        if inbox is None:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        try:
            await sync_to_async(_deliver)(raw, list(envelope.rcpt_tos))
        except ApplicationError as exc:
            # Kept as a failed envelope for replay; tell the sender it will not be retried.
            return f"554 5.6.0 {exc.message}"
        except Exception:
            logger.exception("SMTP delivery failed")
            return "451 4.3.0 Temporary failure, try again later"
        return "250 OK"


def _deliver(raw: bytes, recipients: list[str]) -> None:
    inbox = email_inbox_for(recipients)
    receive_email(raw, recipients=recipients, inbox_id=inbox.pk if inbox else None, via="smtp")


class LMTPController(Controller):
    def factory(self) -> LMTP:
        return LMTP(self.handler, **self.SMTP_kwargs)


def start_receiver(listen: str, *, lmtp: bool = False) -> Controller:
    """Start the receiver in its own thread on HAMDEL_SMTP_LISTEN (host:port); returns the controller."""
    host, _, port = listen.rpartition(":")
    cls = LMTPController if lmtp else Controller
    controller = cls(HamdelHandler(), hostname=host or "127.0.0.1", port=int(port), decode_data=False)
    controller.start()
    return controller
