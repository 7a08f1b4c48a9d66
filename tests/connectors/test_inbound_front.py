"""The lean inbound front (config/front.py) answers POST /api/v1/inbound exactly as the Django path does:
same status, same bytes, same headers, for good and bad calls; anything it does not take goes to Django;
a revoked key stops working within HAMDEL_API_KEY_CACHE_SECONDS."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import override_settings

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create, api_key_revoke
from hamdel.config import front
from hamdel.config.asgi import application
from hamdel.conversations.models import InboundEnvelope, Message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _group_commit() -> Iterator[None]:
    """The front needs group commit (off in the test settings); each test starts with an empty key cache."""
    front.keys.clear()
    with override_settings(HAMDEL_GROUP_COMMIT=True, HAMDEL_INBOUND_FRONT=True):
        yield
    front.keys.clear()
    connections.close_all()


@pytest.fixture
def key(agent: User) -> str:
    return api_key_create(name="front", user=agent)[1]


def _post(body: bytes, headers: dict[str, str], path: str = "/api/v1/inbound") -> tuple[int, list, bytes]:
    """One request through the real ASGI application, as granian would send it."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"Host": "127.0.0.1", **headers}.items()]
        + [(b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent: list[dict[str, Any]] = []
    given = False

    async def receive() -> dict[str, Any]:
        nonlocal given
        if given:
            await asyncio.sleep(60)
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(application(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], [(k.decode().lower(), v.decode()) for k, v in start["headers"]], content


def _both(body: bytes, headers: dict[str, str]) -> tuple[tuple, tuple, int]:
    """The same call through Django's path (front off) and through the front; how many the front answered."""
    with override_settings(HAMDEL_INBOUND_FRONT=False):
        django = _post(body, headers)
    before = front.stats["answered"]
    lean = _post(body, headers)
    return django, lean, front.stats["answered"] - before


def _body(ext: str, **kw: Any) -> bytes:
    item = {"channel": "api", "external_id": ext, "customer": {"email": "neda@example.com"}, "text": "سلام"}
    item.update(kw)
    return json.dumps(item, ensure_ascii=False).encode()


def test_a_new_message_is_stored_and_a_redelivery_answers_the_same_bytes_as_the_django_path(key: str) -> None:
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    status, headers, content = _post(_body("f-1"), auth)
    assert status == 201 and front.stats["answered"] >= 1
    ids = json.loads(content)
    assert Message.objects.get(pk=ids["message_id"]).text == "سلام"
    envelope = InboundEnvelope.objects.get(message_id=ids["message_id"])
    assert envelope.headers["Content-Type"] == "application/json"  # kept like the Django path keeps it
    assert "Authorization" not in envelope.headers  # never the credentials

    django, lean, answered = _both(_body("f-1"), auth)  # a redelivery: 200 with the same ids, both ways
    assert answered == 1
    assert django == lean
    assert lean[0] == 200 and json.loads(lean[2]) == {**ids, "created": False}
    new_headers = dict(headers)
    assert new_headers["content-type"] == "application/json; charset=utf-8"
    assert new_headers["x-frame-options"] == "DENY" and "content-security-policy" in new_headers
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        b'{"channel": "api", "external_id": ',  # not JSON
        b"\xff\xfe not utf-8",
        _body("f-2", text="   "),  # blank text
        _body("f-3", channel="pigeon"),  # unknown channel
        _body("f-4", customer={"name": "بی‌نشانی"}),  # no address
        _body("f-5", customer={"email": "not-an-address"}),
        json.dumps({"external_id": "f-6"}).encode(),  # fields missing
        b"[]",
    ],
    ids=["bad-json", "bad-utf8", "blank", "channel", "no-address", "bad-email", "missing", "list"],
)
def test_a_refused_call_gets_the_same_status_bytes_and_headers_as_on_the_django_path(
    key: str, body: bytes
) -> None:
    django, lean, answered = _both(body, {"Authorization": f"Bearer {key}"})
    assert answered == 1  # the front answered it itself…
    assert lean == django  # …byte for byte what Django answers
    assert 400 <= lean[0] < 500
    assert InboundEnvelope.objects.count() == 2  # each call kept its raw body, as before


def test_calls_the_front_does_not_take_are_answered_by_django(key: str) -> None:
    body = _body("f-7")
    refused = [
        ({"Authorization": "Bearer hd_nope_nope"}, 401),  # unknown key: Django's 401
        ({}, 401),  # no key
        ({"Authorization": f"Bearer {key}", "Host": "evil.example"}, 400),  # a host Django refuses
    ]
    for headers, status in refused:
        django, lean, answered = _both(body, headers)
        assert answered == 0 and lean == django and lean[0] == status, headers
    before = front.stats["answered"]
    browser = {"Authorization": f"Bearer {key}", "Cookie": "sessionid=abc"}  # a browser: the full chain
    assert _post(body, browser)[0] == 201
    with override_settings(HAMDEL_GROUP_COMMIT=False):  # no group commit: no front
        assert _post(_body("f-8"), {"Authorization": f"Bearer {key}"})[0] == 201
    assert front.stats["answered"] == before
    assert Message.objects.count() == 2


def test_a_revoked_key_stops_working_within_the_cache_time(key: str, agent: User, admin: User) -> None:
    auth = {"Authorization": f"Bearer {key}"}
    now = [1000.0]
    front.keys.clock = lambda: now[0]
    try:
        with override_settings(HAMDEL_API_KEY_CACHE_SECONDS=10):
            assert _post(_body("r-1"), auth)[0] == 201
            api_key_revoke(key=agent.api_keys.get(), actor=admin)
            now[0] += 9  # still within the cache time of this process: accepted
            assert _post(_body("r-2"), auth)[0] == 201
            now[0] += 2  # past it: the key is checked again and refused like on the Django path
            status, _h, content = _post(_body("r-3"), auth)
            assert status == 401 and json.loads(content)["code"] == "unauthenticated"
        with override_settings(HAMDEL_API_KEY_CACHE_SECONDS=0):  # 0: every call checks the key
            assert _post(_body("r-4"), auth)[0] == 401
    finally:
        front.keys.clock = __import__("time").monotonic
    assert not Message.objects.filter(external_id__in=["r-3", "r-4"]).exists()


def _post_wsgi(body: bytes, headers: dict[str, str]) -> tuple[str, list, bytes]:
    """One request through the WSGI application (`hamdel serve --server granian-wsgi`)."""
    from django.test import RequestFactory

    from hamdel.config.wsgi import application as wsgi_app

    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in {"Host": "127.0.0.1", **headers}.items()}
    request = RequestFactory().post("/api/v1/inbound", body, content_type="application/json", **extra)
    environ = {k: v for k, v in request.environ.items() if k != "HTTP_COOKIE"}
    started: list[Any] = []
    content = b"".join(wsgi_app(environ, lambda status, hs, *a: started.append((status, hs))))
    return started[0][0], [(k.lower(), v) for k, v in started[0][1]], content


def test_the_wsgi_front_answers_like_the_wsgi_django_path(key: str) -> None:
    auth = {"Authorization": f"Bearer {key}"}
    assert _post_wsgi(_body("w-1"), auth)[0] == "201 Created"
    for body in (_body("w-1"), _body("w-2", text=" "), b"{"):
        with override_settings(HAMDEL_INBOUND_FRONT=False):
            django = _post_wsgi(body, auth)
        before = front.stats["answered"]
        assert _post_wsgi(body, auth) == django
        assert front.stats["answered"] == before + 1
    assert Message.objects.filter(external_id="w-1").count() == 1
