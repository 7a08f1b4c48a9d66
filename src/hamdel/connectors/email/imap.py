"""IMAP polling: read each configured mailbox from the last UID seen; UIDVALIDITY guards against renumbering.

The position is saved after every message, so a crash re-reads at most one message, and ingest is
idempotent on Message-ID, so that re-read never duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import ssl
import threading

from django.db.models import Q
from django.utils import timezone
from imapclient import IMAPClient

from hamdel.connectors.email.receive import receive_email
from hamdel.connectors.models import Inbox
from hamdel.connectors.selectors import email_inboxes_to_poll
from hamdel.core.errors import ApplicationError

logger = logging.getLogger(__name__)
BATCH = 50


def _connect(inbox: Inbox, timeout: float = 30) -> IMAPClient:
    context = ssl.create_default_context() if inbox.imap_ssl else None
    client = IMAPClient(
        inbox.imap_host, port=inbox.imap_port, ssl=inbox.imap_ssl, ssl_context=context, timeout=timeout
    )
    client.login(inbox.imap_user, inbox.imap_password)
    return client


def imap_check(inbox: Inbox) -> int:
    """Log in and count the messages in the folder: the settings page's "test connection"."""
    with _connect(inbox, timeout=10) as client:
        info = client.select_folder(inbox.imap_folder, readonly=True)
        return int(info.get(b"EXISTS", 0))


def poll_inbox(inbox: Inbox) -> tuple[int, int]:
    """Fetch new messages of one mailbox; returns (new messages, refused)."""
    created = refused = 0
    with _connect(inbox) as client:
        info = client.select_folder(inbox.imap_folder, readonly=True)
        validity = int(info[b"UIDVALIDITY"])
        if inbox.imap_uidvalidity != validity:
            # The server renumbered the folder: start over; Message-ID idempotency skips what we have.
            inbox.imap_uidvalidity, inbox.imap_last_uid = validity, 0
            inbox.save(update_fields=["imap_uidvalidity", "imap_last_uid"])
        uids = sorted(
            u for u in client.search(["UID", f"{inbox.imap_last_uid + 1}:*"]) if u > inbox.imap_last_uid
        )
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            for uid, data in sorted(client.fetch(batch, ["BODY.PEEK[]"]).items()):
                raw = data.get(b"BODY[]") or b""
                try:
                    created += receive_email(
                        raw, recipients=inbox.addresses, inbox_id=inbox.pk, via="imap"
                    ).created
                except ApplicationError as exc:
                    refused += 1  # kept as a failed envelope, replayable; the mailbox moves on
                    logger.warning("IMAP %s uid %s refused: %s", inbox.pk, uid, exc.message)
                inbox.imap_last_uid = uid
                inbox.save(update_fields=["imap_last_uid"])
    return created, refused


def _claim(inbox: Inbox, interval: float) -> bool:
    """Only one worker polls a mailbox per interval, however many workers run (a conditional UPDATE)."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=max(interval - 1, 0))
    return bool(
        Inbox.objects.filter(pk=inbox.pk)
        .filter(Q(imap_checked_at__isnull=True) | Q(imap_checked_at__lte=stale))
        .update(imap_checked_at=now)
    )


def poll_all(*, interval: float = 0) -> int:
    """One round over every active mailbox; an unreachable server shows on its inbox, not as a crash."""
    total = 0
    for inbox in email_inboxes_to_poll():
        if interval and not _claim(inbox, interval):
            continue
        error = ""
        try:
            total += poll_inbox(inbox)[0]
        except Exception as exc:  # network, login, TLS: record it where the admin looks
            error = f"{type(exc).__name__}: {exc}"
            logger.warning("IMAP poll of inbox %s failed: %s", inbox.pk, error)
        Inbox.objects.filter(pk=inbox.pk).update(imap_checked_at=timezone.now(), imap_error=error[:2000])
    return total


def poll_forever(interval: float, stop: threading.Event | None = None) -> None:
    """The worker's poller: a round every `interval` seconds until stopped."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            poll_all(interval=interval)
        except Exception:  # the database may be briefly away; try again next round
            logger.exception("IMAP polling round failed")
        finally:
            from django.db import connection

            connection.close()
        stop.wait(interval)
