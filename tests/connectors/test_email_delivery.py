"""Replies on the e-mail channel leave over real SMTP (aiosmtpd on loopback); failures retry, then show."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from hamdel.connectors.tasks import deliver
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, Delivery


class Inbox:
    def __init__(self):
        self.messages = []
        self.refuse = ""  # an SMTP answer to give instead of accepting

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "support@shop.example.ir"
    yield handler
    controller.stop()


def test_reply_is_mailed_with_threading_headers_and_persian_subject(
    smtp, inbound, agent, django_capture_on_commit_callbacks
):
    result = inbound("سفارشم کجاست؟", subject="پیگیری سفارش", external_id="<abc@customer.ir>")
    conv = Conversation.objects.get(pk=result.conversation_id)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(conversation=conv, author=agent, text="سلام علی جان، فردا می‌رسد.")
    assert Delivery.objects.get(message=message).status == "sent"
    ((rcpt, mail),) = smtp.messages
    assert rcpt == ["ali@example.ir"]
    assert mail["Subject"] == f"Re: پیگیری سفارش [#{conv.number}]"
    assert mail["In-Reply-To"] == "<abc@customer.ir>"
    assert mail.get_content().strip() == "سلام علی جان، فردا می‌رسد."


def test_unreachable_server_retries_then_fails_visibly(settings, inbound, agent):
    port = _free_port()  # nothing listens here
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    message = services.reply(conversation=conv, author=agent, text="پاسخ")
    delivery = Delivery.objects.get(message=message)
    deliver.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.next_attempt_at is not None
    assert "SMTP" in delivery.last_error
    for _ in range(5):
        deliver.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempts == settings.HAMDEL_DELIVERY_MAX_ATTEMPTS
    # an agent can send it again
    services.delivery_retry(delivery=delivery, actor=agent)
    delivery.refresh_from_db()
    assert delivery.status == "pending"


def test_channel_without_adapter_fails_with_reason(inbound, agent):
    conv = Conversation.objects.get(
        pk=inbound("سلام", channel="telegram", identity_kind="telegram", address="555").conversation_id
    )
    message = services.reply(conversation=conv, author=agent, text="پاسخ")
    deliver.call(message.delivery.pk)
    message.delivery.refresh_from_db()
    assert message.delivery.status == "failed"
    assert "telegram" in message.delivery.last_error


def test_web_form_answer_is_mailed_with_the_tracking_link(
    smtp, agent, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    from hamdel.connectors.models import Inbox

    settings.HAMDEL_PUBLIC_URL = "https://support.example.ir"
    inbox = Inbox.objects.create(name="فرم", kind="web_form", problem_types="ارسال")
    Client().post(
        f"/channels/form/{inbox.key}/",
        {
            "form_id": "f9",
            "name": "سینا",
            "email": "sina@example.ir",
            "phone": "",
            "problem_type": "ارسال",
            "order_number": "",
            "question_0": "بسته‌ام کی می‌رسد؟",
            "website": "",
        },
    )
    conv = Conversation.objects.get(channel="web_form")
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(conversation=conv, author=agent, text="فردا تحویل می‌شود.")
    ((rcpt, mail),) = smtp.messages
    assert rcpt == ["sina@example.ir"]
    body = mail.get_content()
    assert "فردا تحویل می‌شود." in body
    link = next(w for w in body.split() if w.startswith("https://support.example.ir/channels/form/t/"))
    # the link in the mail opens the customer's private tracking page
    page = Client().get(link.removeprefix("https://support.example.ir")).content.decode()
    assert "فردا تحویل می‌شود." in page


def test_a_subject_with_a_line_break_is_mailed_once_on_one_line(
    smtp, inbound, agent, django_capture_on_commit_callbacks
):
    # given a conversation whose subject the customer wrote over two lines (21 of 35 demo conversations)
    result = inbound("سفارشم نرسیده", subject="پیگیری سفارش ۴۵۶۷\r\nفوری\t لطفاً")
    conv = Conversation.objects.get(pk=result.conversation_id)
    assert "\n" in conv.subject
    # when an agent replies
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(conversation=conv, author=agent, text="امروز ارسال می‌شود.")
    # then the mail leaves once, its subject on one line
    delivery = Delivery.objects.get(message=message)
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    ((_rcpt, mail),) = smtp.messages
    assert mail["Subject"] == f"Re: پیگیری سفارش ۴۵۶۷ فوری لطفاً [#{conv.number}]"


def test_a_message_the_server_refuses_for_good_fails_at_once_without_retrying(smtp, inbound, agent):
    # given a server that refuses the message with a permanent (5xx) answer
    smtp.refuse = "554 5.7.1 Message rejected as spam"
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    message = services.reply(conversation=conv, author=agent, text="پاسخ")
    # when the delivery runs
    deliver.call(message.delivery.pk)
    # then it fails at once with the server's reason, and is not scheduled again
    delivery = Delivery.objects.get(message=message)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "554" in delivery.last_error and "spam" in delivery.last_error
    assert smtp.messages == []
