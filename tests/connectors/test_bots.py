"""Telegram and Bale bots: the webhook stores each update once, replies go out through the Bot API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.connectors.services import bot_connect
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, InboundEnvelope, Message
from tests.connectors.conftest import FIXTURES
from tests.connectors.fakes import FakeBotApi

pytestmark = pytest.mark.django_db


@pytest.fixture
def bot_api():
    api = FakeBotApi()
    yield api
    api.stop()


@pytest.fixture(params=["telegram", "bale"])
def bot(request, bot_api):
    return Inbox.objects.create(
        name="ربات", kind=request.param, bot_token=bot_api.token, api_base=bot_api.url
    )


def _post(inbox, name, secret=None):
    body = (FIXTURES / "telegram" / name).read_text()
    return Client().post(
        f"/channels/bot/{inbox.kind}/{inbox.key}/",
        body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": inbox.webhook_secret if secret is None else secret},
    )


def test_a_customer_message_reaches_the_inbox_once_even_when_redelivered(bot):
    assert _post(bot, "text_update.json").json() == {"ok": True}
    assert _post(bot, "text_update.json").status_code == 200  # the platform retries
    message = Message.objects.get(channel=bot.kind)
    assert message.text == "سلام، سفارش ۴۵۶۷ من کجاست؟"
    assert message.conversation.customer.name == "نگار کریمی"
    assert InboundEnvelope.objects.filter(channel=bot.kind).count() == 2


def test_photos_are_downloaded_and_stored_with_the_caption(bot):
    _post(bot, "text_update.json")
    _post(bot, "photo_update.json")
    convs = Conversation.objects.filter(channel=bot.kind)
    assert convs.count() == 1  # same chat, same conversation
    photo_msg = Message.objects.get(channel=bot.kind, text__contains="شکسته")
    (attachment,) = photo_msg.attachments.all()
    assert (
        attachment.content_type == "image/png" and attachment.size > 0
    )  # the fake serves PNG bytes: sniffed


def test_a_wrong_secret_is_refused_and_nothing_is_stored(bot):
    response = _post(bot, "text_update.json", secret="guess")
    assert response.status_code == 403
    assert response.json()["message"]
    assert not InboundEnvelope.objects.exists()


def test_an_unknown_bot_gets_404_and_bad_json_400(bot):
    assert (
        Client().post("/channels/bot/telegram/nope/", "{}", content_type="application/json").status_code
        == 404
    )
    response = Client().post(
        f"/channels/bot/{bot.kind}/{bot.key}/",
        "{not json",
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": bot.webhook_secret},
    )
    assert response.status_code == 400


def test_agent_reply_goes_out_with_sendmessage_and_attachments(
    bot, bot_api, agent, django_capture_on_commit_callbacks
):
    _post(bot, "text_update.json")
    conv = Conversation.objects.get(channel=bot.kind)
    from hamdel.conversations.types import InboundAttachment
    from tests.connectors.fakes import PNG

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(
            conversation=conv,
            author=agent,
            text="سلام نگار جان، فردا می‌رسد.",
            attachments=[InboundAttachment("رسید.png", "image/png", PNG)],
        )
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "sent"
    (sent,) = bot_api.sent("sendMessage")
    assert sent == {"chat_id": "9123456", "text": "سلام نگار جان، فردا می‌رسد."}
    assert len([p for p, _f, _r in bot_api.requests if p.endswith("/sendPhoto")]) == 1


def test_a_blocked_bot_fails_visibly_with_the_reason(bot, bot_api, agent, django_capture_on_commit_callbacks):
    _post(bot, "text_update.json")
    bot_api.fail_with = (403, "Forbidden: bot was blocked by the user")
    conv = Conversation.objects.get(channel=bot.kind)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="پاسخ")
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "failed"
    assert "blocked" in reply.delivery.last_error


def test_connecting_the_bot_sets_the_webhook_with_the_secret(bot, bot_api):
    assert bot_connect(inbox=bot, base_url="https://help.example.ir", actor=None) == "hamdel_bot"
    (hook,) = bot_api.sent("setWebhook")
    assert hook["url"] == f"https://help.example.ir/channels/bot/{bot.kind}/{bot.key}/"
    assert hook["secret_token"] == bot.webhook_secret


def test_updates_without_a_message_are_kept_but_not_ingested(bot):
    body = json.dumps({"update_id": 5, "my_chat_member": {"chat": {"id": 1}}})
    Client().post(
        f"/channels/bot/{bot.kind}/{bot.key}/",
        body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": bot.webhook_secret},
    )
    envelope = InboundEnvelope.objects.get()
    assert envelope.status == "failed"
    assert envelope.error.startswith("این به‌روزرسانی پیامی ندارد.")  # "This update carries no message."
    assert not Message.objects.exists()
