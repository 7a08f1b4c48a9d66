"""IMAP polling against a real Dovecot on loopback: nothing missed, nothing read twice."""

from __future__ import annotations

import os
import shutil
import tempfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from imapclient import IMAPClient

from hamdel.connectors.email.imap import imap_check, poll_all, poll_inbox
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Message
from tests.connectors.dovecot import DOVECOT, Dovecot

pytestmark = pytest.mark.skipif(not os.path.exists(DOVECOT), reason="dovecot-imapd is not installed")


@pytest.fixture(scope="module")
def dovecot():
    # Not under pytest's tmp dir: that is private to root (0700), and Dovecot's auth runs as its own user.
    root = Path(tempfile.mkdtemp(prefix="hamdel-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _deliver(server: Dovecot, folder: str, text: str, n: int) -> None:
    msg = EmailMessage()
    msg["From"] = f"مشتری {n} <c{n}@example.ir>"
    msg["To"] = server.user
    msg["Subject"] = f"درخواست {n}"
    msg["Message-ID"] = f"<imap-{folder}-{n}@example.ir>"
    msg.set_content(text)
    with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
        client.login(server.user, server.password)
        if not client.folder_exists(folder):
            client.create_folder(folder)
        client.append(folder, bytes(msg))


@pytest.fixture
def mailbox_inbox(db, dovecot, request):
    folder = "T" + str(abs(hash(request.node.name)) % 10**8)
    return Inbox.objects.create(
        name="IMAP",
        kind="email",
        email_addresses=dovecot.user,
        imap_host="127.0.0.1",
        imap_port=dovecot.port,
        imap_ssl=False,
        imap_user=dovecot.user,
        imap_password=dovecot.password,
        imap_folder=folder,
    )


def test_new_mail_is_fetched_once_and_later_mail_is_not_missed(dovecot, mailbox_inbox):
    folder = mailbox_inbox.imap_folder
    _deliver(dovecot, folder, "سلام، کالا آسیب دیده بود", 1)
    _deliver(dovecot, folder, "فاکتور را می‌خواهم", 2)
    # the first round reads both messages
    assert poll_inbox(mailbox_inbox) == (2, 0)
    mailbox_inbox.refresh_from_db()
    assert mailbox_inbox.imap_last_uid == 2 and mailbox_inbox.imap_uidvalidity
    # a second round reads nothing again
    assert poll_inbox(mailbox_inbox) == (0, 0)
    # a later message is picked up
    _deliver(dovecot, folder, "هنوز جوابی نگرفتم", 3)
    assert poll_inbox(mailbox_inbox) == (1, 0)
    assert Message.objects.filter(channel="email").count() == 3
    assert Message.objects.filter(text__contains="آسیب دیده").exists()


def test_a_renumbered_folder_is_read_again_without_duplicates(dovecot, mailbox_inbox):
    _deliver(dovecot, mailbox_inbox.imap_folder, "پیام", 1)
    poll_inbox(mailbox_inbox)
    # given the server reports a different UIDVALIDITY (folder rebuilt)
    Inbox.objects.filter(pk=mailbox_inbox.pk).update(imap_uidvalidity=1, imap_last_uid=99)
    mailbox_inbox.refresh_from_db()
    # then the folder is read from the start, and nothing is stored twice
    assert poll_inbox(mailbox_inbox) == (0, 0)
    mailbox_inbox.refresh_from_db()
    assert mailbox_inbox.imap_last_uid == 1
    assert Message.objects.filter(channel="email").count() == 1


def test_connection_check_and_a_wrong_password_shows_on_the_inbox(dovecot, mailbox_inbox):
    _deliver(dovecot, mailbox_inbox.imap_folder, "پیام", 1)
    assert imap_check(mailbox_inbox) == 1
    Inbox.objects.filter(pk=mailbox_inbox.pk).update(imap_password="wrong")
    assert poll_all() == 0
    mailbox_inbox.refresh_from_db()
    assert mailbox_inbox.imap_error and mailbox_inbox.imap_checked_at
