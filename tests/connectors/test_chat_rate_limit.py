"""Chat messages over the WebSocket count against the same hourly budget as those posted over HTTP."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core import signing
from django.core.cache import cache
from django.test import Client, override_settings

from hamdel.connectors.chat.consumer import COOKIE, SALT
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Message

# HAMDEL_PUBLIC_RATE_PER_HOUR=1 gives a chat budget of 10 messages per address per hour.
BUDGET = 10


async def _over_the_socket(key: str, cookie: str, count: int) -> list[dict[str, Any]]:
    from hamdel.config.asgi import application

    # channels.testing needs daphne, which Hamdel does not install: speak ASGI WebSocket directly.
    scope = {
        "type": "websocket",
        "path": f"/ws/chat/{key}/",
        "query_string": b"",
        "headers": [(b"cookie", f"{COOKIE}={cookie}".encode()), (b"origin", b"http://localhost")],
        "subprotocols": [],
        "client": ("127.0.0.1", 50000),  # the same address the HTTP posts came from
    }
    socket = ApplicationCommunicator(application, scope)
    await socket.send_input({"type": "websocket.connect"})
    assert (await socket.receive_output(10))["type"] == "websocket.accept"
    answers = []
    for n in range(count):
        text = json.dumps({"type": "message", "text": f"پیام {n}", "client_id": f"ws-{n}"})
        await socket.send_input({"type": "websocket.receive", "text": text})
        answers.append(json.loads((await socket.receive_output(10))["text"]))
    await socket.send_input({"type": "websocket.disconnect", "code": 1000})
    await socket.wait(10)
    return answers


@pytest.mark.django_db(transaction=True)
@override_settings(HAMDEL_PUBLIC_RATE_PER_HOUR=1)
def test_socket_messages_share_the_http_budget_and_are_refused_beyond_it() -> None:
    cache.clear()
    chat = Inbox.objects.create(name="گفتگو", kind="chat")
    cookie = signing.dumps("visitor-a", salt=SALT)
    http = Client(REMOTE_ADDR="127.0.0.1")
    http.cookies[COOKIE] = cookie
    # given six messages posted over HTTP
    for n in range(6):
        sent = http.post(f"/channels/chat/{chat.key}/send/", {"text": f"سلام {n}", "client_id": f"http-{n}"})
        assert sent.status_code == 201, sent.content
    # when six more arrive over the WebSocket from the same address
    answers = async_to_sync(_over_the_socket)(chat.key, cookie, 6)
    # then the first four fill the budget of ten and the last two are refused, in Persian
    assert [a["type"] for a in answers] == ["message"] * 4 + ["error"] * 2
    assert answers[-1]["code"] == "rate_limited"
    assert answers[-1]["message"] == "پیام‌ها زیاد است؛ لطفاً کمی صبر کنید."
    assert Message.objects.filter(conversation__channel="chat").count() == BUDGET
    # and HTTP is refused too: one budget
    assert http.post(f"/channels/chat/{chat.key}/send/", {"text": "باز هم"}).status_code == 429
    cache.clear()
