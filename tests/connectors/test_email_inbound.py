"""E-mail in: MIME in any charset, attachments, threading, auto-replies, refusals, import, SMTP and IMAP."""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from hamdel import cli
from hamdel.connectors.email.receive import receive_email
from hamdel.connectors.pipeline import replay_failed
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, Delivery, InboundEnvelope, Message
from hamdel.core.errors import ApplicationError
from tests.connectors.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def _mail(text: str, *, sender: str = "ali@example.ir", subject: str = "سلام", **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"علی رضایی <{sender}>"
    msg["To"] = "support@shop.example.ir"
    msg["Subject"] = subject
    msg["Message-ID"] = headers.pop("message_id", make_msgid(domain="example.ir"))
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return bytes(msg)


def test_persian_mail_in_windows_1256_reads_correctly(eml, email_inbox):
    # given a mail from an old Windows client, 8-bit windows-1256 with an encoded Persian subject
    result = receive_email(eml("windows1256.eml"), inbox_id=email_inbox.pk)
    # then the agent sees readable Persian text, subject and sender name
    conv = Conversation.objects.get(pk=result.conversation_id)
    message = Message.objects.get(pk=result.message_id)
    assert conv.subject == "پيگيري سفارش"
    assert "سفارش 1234 من هنوز نرسيده" in message.text
    assert conv.customer.name == "مریم احمدی"
    assert message.meta["inbox"] == email_inbox.pk
    # and the quoted history is marked for folding, while the original text is kept whole
    assert message.text[message.meta["quoted_at"] :].strip().startswith(">")


def test_html_mail_keeps_attachments_and_inline_images_and_refuses_executables(eml):
    result = receive_email(eml("html_attachments.eml"))
    message = Message.objects.get(pk=result.message_id)
    assert message.text.startswith("سلام، فاکتور پیوست است.")
    assert "<script>" not in message.html and "alert" not in message.text
    names = sorted(a.name for a in message.attachments.all())
    assert names == ["logo.png", "فاکتور.pdf"]
    (skipped,) = message.meta["skipped_attachments"]
    assert skipped["name"] == "virus.exe"
    assert Conversation.objects.get(pk=result.conversation_id).subject == "فاکتور"


def test_customer_reply_threads_into_the_same_conversation(
    inbound, agent, settings, django_capture_on_commit_callbacks
):
    # given a customer mail that an agent answered (the reply's Message-ID is on its delivery)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    first = receive_email(_mail("سفارشم نرسیده", subject="سفارش ۱۲۳", message_id="<q1@example.ir>"))
    conv = Conversation.objects.get(pk=first.conversation_id)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="پیگیری می‌کنیم")
    reply_id = Delivery.objects.get(message=reply).provider_id
    assert reply_id.startswith("<")
    # when the customer answers the agent's mail
    answer = receive_email(
        _mail(
            "ممنون، منتظرم",
            subject=f"Re: سفارش ۱۲۳ [#{conv.number}]",
            In_Reply_To=reply_id,
            References=f"<q1@example.ir> {reply_id}",
        )
    )
    # then it continues the same conversation
    assert answer.conversation_id == conv.pk
    # and a fresh mail that only keeps the [#number] token also finds it
    token_only = receive_email(_mail("یک سوال دیگر", subject=f"درباره [#{conv.number}]"))
    assert token_only.conversation_id == conv.pk
    # while an unrelated new mail starts its own conversation
    other = receive_email(_mail("موضوع جدید", subject="فاکتور"))
    assert other.conversation_id != conv.pk


def test_auto_replies_and_bounces_are_stored_but_flagged(eml):
    ooo = Message.objects.get(pk=receive_email(eml("autoreply.eml")).message_id)
    bounce = Message.objects.get(pk=receive_email(eml("bounce.eml")).message_id)
    loop = Message.objects.get(pk=receive_email(_mail("پاسخ خودکار", X_Hamdel_Conversation="12")).message_id)
    assert ooo.meta["auto"] == "auto-submitted"
    assert bounce.meta["auto"] == "bounce"
    assert loop.meta["auto"] == "loop"
    person = Message.objects.get(pk=receive_email(_mail("سلام")).message_id)
    assert "auto" not in person.meta


def test_malformed_mail_is_refused_with_a_reason_and_can_be_replayed(eml):
    with pytest.raises(ApplicationError) as exc:
        receive_email(eml("no_sender.eml"))
    assert exc.value.extra == {"header": "From"}  # "The e-mail has no sender (From)."
    envelope = InboundEnvelope.objects.get(channel="email")
    assert envelope.status == "failed" and envelope.error
    assert replay_failed() == (0, 1)


def test_the_same_mail_twice_is_stored_once(eml):
    first = receive_email(eml("windows1256.eml"))
    again = receive_email(eml("windows1256.eml"))
    assert first.created and not again.created
    assert again.message_id == first.message_id
    assert Message.objects.filter(channel="email").count() == 1


def test_import_email_reports_ingested_duplicates_and_refusals(db, tmp_path, capsys, monkeypatch):
    # given a folder exported from another helpdesk, and an mbox
    monkeypatch.setattr(cli, "_manage", lambda *a: None)
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("windows1256.eml", "html_attachments.eml", "no_sender.eml"):
        (folder / name).write_bytes((FIXTURES / "email" / name).read_bytes())
    mbox = FIXTURES / "email" / "two.mbox"
    # when it is imported
    code = cli.main(["import-email", str(folder), str(mbox)])
    out = capsys.readouterr().out
    # then the summary says what happened to each file
    assert code == 1
    assert "ingested: 4, duplicates: 0, refused: 1" in out
    assert "no_sender.eml" in out
    # and importing again finds only duplicates, also as JSON
    cli.main(["import-email", "--json", str(folder), str(mbox)])
    summary = json.loads(capsys.readouterr().out)
    assert summary["ingested"] == 0 and summary["duplicates"] == 4 and summary["refused"] == 1
    assert summary["refused_files"][0]["file"].endswith("no_sender.eml")


@pytest.mark.django_db(transaction=True)
def test_smtp_receiver_ingests_mail_to_inbox_addresses_only(email_inbox):
    from hamdel.connectors.email.smtpd import start_receiver
    from tests.connectors.dovecot import free_port

    port = free_port()
    controller = start_receiver(f"127.0.0.1:{port}")
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            # mail to an unknown address is refused (Hamdel is no open relay)
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                client.sendmail("ali@example.ir", ["someone@else.ir"], _mail("x"))
            client.sendmail("ali@example.ir", ["help@shop.example.ir"], _mail("سلام از SMTP"))
    finally:
        controller.stop()
    message = Message.objects.get(channel="email")
    assert message.text.strip() == "سلام از SMTP"
    assert message.meta["inbox"] == email_inbox.pk


@pytest.mark.django_db(transaction=True)
def test_lmtp_receiver_delivers_too(email_inbox):
    from hamdel.connectors.email.smtpd import start_receiver
    from tests.connectors.dovecot import free_port

    port = free_port()
    controller = start_receiver(f"127.0.0.1:{port}", lmtp=True)
    try:
        with smtplib.LMTP("127.0.0.1", port) as client:
            client.sendmail("ali@example.ir", ["support@shop.example.ir"], _mail("از LMTP"))
    finally:
        controller.stop()
    assert Message.objects.get(channel="email").text.strip() == "از LMTP"
