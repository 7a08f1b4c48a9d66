"""Public endpoints (webhooks, the chat box) refuse with a Persian message and a stable `code` that an
integrator or the widget can act on."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.connectors.models import Inbox


@pytest.fixture
def telegram(db) -> Inbox:
    return Inbox.objects.create(name="ربات", kind="telegram", webhook_secret="right-secret")


def test_a_webhook_for_an_unknown_inbox_says_not_found(db):
    response = Client().post("/channels/hook/telegram/no-such-key/", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["ok"] is False


def test_a_webhook_with_the_wrong_secret_or_bad_json_is_refused_with_a_code(telegram):
    url = f"/channels/hook/telegram/{telegram.key}/"
    wrong = Client().post(url, "{}", content_type="application/json")
    assert (wrong.status_code, wrong.json()["code"]) == (403, "forbidden")
    assert wrong.json()["message"] == "رمز وب‌هوک نادرست است."
    broken = Client().post(
        url, "{", content_type="application/json", headers={"X-Telegram-Bot-Api-Secret-Token": "right-secret"}
    )
    assert (broken.status_code, broken.json()["code"]) == (400, "invalid")


def test_the_chat_box_without_its_cookie_is_told_to_open_the_chat_again(db):
    chat = Inbox.objects.create(name="گفتگو", kind="chat")
    response = Client().get(f"/channels/chat/{chat.key}/history/")
    assert response.status_code == 403
    assert response.json() == {
        "message": "برای شروع گفت‌وگو، پنجرهٔ گفت‌وگو را دوباره باز کنید.",
        "code": "no_visitor",
    }
