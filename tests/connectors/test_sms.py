"""SMS: messages in through the gateway's webhook, replies out through its API, delivery reports shown."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.connectors.models import DeliveryReport, Inbox
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, Message
from tests.connectors.fakes import FakeSmsGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    g = FakeSmsGateway()
    yield g
    g.stop()


@pytest.fixture
def line(gateway):
    return Inbox.objects.create(
        name="پیامک",
        kind="sms",
        sms_api_key=gateway.api_key,
        sms_sender="10004346",
        api_base=gateway.url,
    )


def _incoming(line, **fields):
    data = {
        "from": "09121234567",
        "to": "10004346",
        "message": "سلام، کد رهگیری من چیست؟",
        "messageid": "777",
    }
    data.update(fields)
    return Client().post(f"/channels/sms/{line.key}/?secret={line.webhook_secret}", data)


def test_an_sms_reaches_the_inbox_once_with_the_customer_phone(line):
    assert _incoming(line).status_code == 200
    assert _incoming(line).status_code == 200  # the gateway retried
    message = Message.objects.get(channel="sms")
    assert message.text == "سلام، کد رهگیری من چیست؟"
    assert message.conversation.customer.identities.get().address == "+989121234567"


def test_a_wrong_secret_or_missing_fields_are_refused(line):
    assert (
        Client().post(f"/channels/sms/{line.key}/?secret=x", {"from": "1", "message": "x"}).status_code == 403
    )
    response = _incoming(line, message="")
    assert response.status_code == 400 and "message" in response.json()["message"]


def test_reply_is_sent_and_a_delivery_report_is_recorded(
    line, gateway, agent, django_capture_on_commit_callbacks
):
    _incoming(line)
    conv = Conversation.objects.get(channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="کد رهگیری: ۱۲۳۴۵")
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "sent" and reply.delivery.provider_id == "88001"
    (_path, fields, _raw) = gateway.requests[0]
    assert fields["receptor"] == "+989121234567" and fields["sender"] == "10004346"
    # the gateway later reports the message as delivered
    status_url = f"/channels/sms/{line.key}/status/?secret={line.webhook_secret}"
    assert Client().post(status_url, {"messageid": "88001", "status": "10"}).json()["matched"] is True
    assert DeliveryReport.objects.get().delivered


def test_an_undeliverable_report_turns_the_message_failed_with_the_reason(
    line, agent, django_capture_on_commit_callbacks
):
    _incoming(line)
    conv = Conversation.objects.get(channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="پاسخ")
    Client().post(
        f"/channels/sms/{line.key}/status/?secret={line.webhook_secret}",
        {"messageid": "88001", "status": "11"},
    )
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "failed" and "undeliverable" in reply.delivery.last_error


def test_no_credit_fails_without_retrying(line, gateway, agent, django_capture_on_commit_callbacks):
    _incoming(line)
    gateway.status = 418
    conv = Conversation.objects.get(channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="پاسخ")
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "failed" and "اعتبار کافی نیست" in reply.delivery.last_error
