"""The old HAMDEL_GENERIC_WEBHOOK_URL hook is now a subscription to `message.sent`, signed the new way."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import pytest

from hamdel.automation.webhooks import tasks
from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import note_add, reply


@pytest.fixture
def legacy(settings, receiver):
    """An installation that still sets the old variables (its receiver on 127.0.0.1)."""
    settings.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = True
    settings.HAMDEL_GENERIC_WEBHOOK_URL = receiver.url
    settings.HAMDEL_GENERIC_WEBHOOK_SECRET = "old-secret"
    return settings


def test_the_old_variable_becomes_one_subscription_with_a_warning(legacy, admin, caplog):
    # when the scheduler runs the import at start
    with caplog.at_level(logging.WARNING, logger="hamdel.automation.webhooks.tasks"):
        assert tasks.import_legacy_hook.call() == "created"
    # then the hook is a subscription to replies, keeping the old secret, and the log says it is deprecated
    subscription = WebhookSubscription.objects.get()
    assert (subscription.url, subscription.events, subscription.secret) == (
        legacy.HAMDEL_GENERIC_WEBHOOK_URL,
        ["message.sent"],
        "old-secret",
    )
    assert "deprecated" in caplog.text
    # and it is made once: not again, and not back after an admin deleted it
    assert tasks.import_legacy_hook.call() == "already"
    subscription.delete()
    assert tasks.import_legacy_hook.call() == "already"
    assert not WebhookSubscription.objects.exists()


def test_without_the_variable_nothing_happens(settings, db, caplog):
    settings.HAMDEL_GENERIC_WEBHOOK_URL = ""
    with caplog.at_level(logging.WARNING):
        assert tasks.import_legacy_hook.call() == "unset"
    assert not WebhookSubscription.objects.exists() and "deprecated" not in caplog.text


def test_a_private_address_is_refused_and_logged(settings, db, caplog):
    settings.HAMDEL_GENERIC_WEBHOOK_URL = "http://10.0.0.5/hook"
    with caplog.at_level(logging.ERROR):
        assert tasks.import_legacy_hook.call() == "refused"
    assert "private_address" in caplog.text and not WebhookSubscription.objects.exists()


def test_an_agents_reply_on_the_api_channel_reaches_the_old_receiver_once_signed_the_new_way(
    legacy, admin, receiver, inbound, events_run
):
    # given the imported hook and a conversation that came in through the API channel
    tasks.import_legacy_hook.call()
    with events_run():
        result = inbound("سلام، وضعیت سفارش ۱۲۳؟", channel="api", identity_kind="email")
    conversation = Conversation.objects.get(pk=result.conversation_id)
    assert receiver.got == []  # a customer's message is not `message.sent`
    # when an agent replies, and writes an internal note
    with events_run():
        message = reply(conversation=conversation, author=admin, text="سفارش شما فردا می‌رسد.")
        note_add(conversation=conversation, author=admin, text="محرمانه")
    # then the receiver gets exactly one POST: the webhook delivery (the adapter posts nothing itself)
    assert len(receiver.got) == 1
    got = receiver.got[0]
    assert got.headers["x-hamdel-event"] == "message.sent"
    parts = dict(p.split("=", 1) for p in got.headers["x-hamdel-signature"].split(","))
    expected = hmac.new(b"old-secret", parts["t"].encode() + b"." + got.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    data = json.loads(got.body)["data"]
    assert (data["message_id"], data["conversation_id"], data["channel"]) == (
        message.pk,
        conversation.pk,
        "api",
    )
    assert WebhookDelivery.objects.get().state == "succeeded"
    # and the reply itself counts as delivered on its channel
    message.refresh_from_db()
    assert message.delivery.status == "sent"
