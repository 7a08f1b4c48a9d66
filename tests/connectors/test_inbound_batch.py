"""POST /api/v1/inbound/batch, the lean API-key path and the cost of one inbound message (issue 11)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hamdel.config.lean import WSGIDispatcher, is_key_request
from hamdel.conversations.models import InboundEnvelope, Message
from hamdel.core.events import suppressed


def _item(n: int, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": "sms",
        "external_id": f"batch-{n}",
        "customer": {"name": "مینا کریمی", "phone": f"0912123{n:04d}"},
        "text": f"سلام، پیام شماره {n}",
    }
    data.update(overrides)
    return data


def test_batch_answers_each_item_in_order_as_the_single_call_would(api: Any) -> None:
    single = api.post("/inbound", _item(1)).json()  # stored before: the batch sees a duplicate
    bad = _item(3, channel="fax", text="")
    single_error = api.post("/inbound", bad).json()

    response = api.post("/inbound/batch", {"messages": [_item(2), _item(1), bad, _item(4)]})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["status"] for r in body["results"]] == [201, 200, 422, 201]
    assert (body["created"], body["duplicates"], body["failed"]) == (2, 1, 1)
    first, dup, error, last = body["results"]
    assert {k: dup[k] for k in single} == {**single, "created": False}
    assert (error["message"], error["code"], error["extra"]) == (
        single_error["message"],
        single_error["code"],
        single_error["extra"],
    )
    stored = Message.objects.get(pk=first["message_id"])
    assert stored.text == "سلام، پیام شماره 2"
    assert Message.objects.get(pk=last["message_id"]).external_id == "batch-4"


def test_every_item_is_kept_as_an_envelope_even_the_refused_one(api: Any) -> None:
    api.post("/inbound/batch", [_item(1), _item(2, customer={"name": "x"})])  # a bare list works too

    envelopes = list(InboundEnvelope.objects.order_by("pk").values_list("status", "payload"))
    assert [s for s, _p in envelopes] == ["ingested", "failed"]
    assert json.loads(envelopes[1][1])["customer"] == {"name": "x"}


def test_a_batch_repeated_stores_nothing_new(api: Any) -> None:
    items = [_item(n) for n in range(5)]
    first = api.post("/inbound/batch", {"messages": items}).json()
    again = api.post("/inbound/batch", {"messages": items}).json()
    assert [r["status"] for r in again["results"]] == [200] * 5
    assert [r["message_id"] for r in again["results"]] == [r["message_id"] for r in first["results"]]
    assert Message.objects.count() == 5


def test_the_same_message_twice_in_one_batch_is_stored_once(api: Any) -> None:
    body = api.post("/inbound/batch", {"messages": [_item(7), _item(7)]}).json()
    assert [r["status"] for r in body["results"]] == [201, 200]
    assert body["results"][0]["message_id"] == body["results"][1]["message_id"]


def test_more_than_500_is_refused_and_changes_nothing(api: Any) -> None:
    response = api.post("/inbound/batch", {"messages": [_item(n) for n in range(501)]})
    assert response.status_code == 422
    assert response.json()["code"] == "too_many"
    assert InboundEnvelope.objects.count() == 0
    empty = api.post("/inbound/batch", {"messages": []})
    assert empty.status_code == 422
    assert empty.json()["code"] == "required"


def test_a_body_that_is_not_json_is_kept_and_refused(api: Any) -> None:
    response = api.post("/inbound/batch", raw='{"messages": [')
    assert response.status_code == 400
    assert InboundEnvelope.objects.get().status == "failed"


def test_a_batch_costs_fewer_queries_a_message_than_single_calls(api: Any) -> None:
    """Events are left out here (the test backend would run every task inside the request)."""
    with suppressed(), CaptureQueriesContext(connection) as one:
        api.post("/inbound", _item(100))
    with suppressed(), CaptureQueriesContext(connection) as batch:
        response = api.post("/inbound/batch", {"messages": [_item(n) for n in range(20)]})
    assert response.json()["created"] == 20
    assert len(batch) < 20 * (len(one) - 2)  # no key check, envelope insert nor commit per message


QUERIES_PER_MESSAGE = 12
"""A returning customer's message into their open conversation: key check; envelope in its own transaction
(2 + the insert); customer look-up; conversation look-up (threading); message; search row; conversation
update; envelope mark; and the ingest transaction (2). The event tasks add one row each, after commit."""


def test_one_message_takes_a_fixed_number_of_queries(api: Any, django_assert_num_queries: Any) -> None:
    """A change here changes the ingest rate: measure with bench/ingest_http.py before raising it."""
    api.post("/inbound", _item(1))  # the first call also creates the customer; count a returning one
    with suppressed(), django_assert_num_queries(QUERIES_PER_MESSAGE):
        assert api.post("/inbound", _item(2, customer={"phone": "09121230001"})).status_code == 201


@pytest.mark.parametrize(
    ("path", "headers", "lean"),
    [
        ("/api/v1/inbound", [("authorization", "Bearer hk_x_y")], True),
        ("/api/v1/inbound", [("x-api-key", "hk_x_y")], True),
        ("/api/v1/inbound", [("authorization", "Bearer hk_x_y"), ("cookie", "sessionid=1")], False),
        ("/api/v1/inbound", [], False),
        ("/conversations/", [("authorization", "Bearer hk_x_y")], False),
    ],
)
def test_only_key_calls_without_a_cookie_take_the_lean_path(
    path: str, headers: list[tuple[str, str]], lean: bool
) -> None:
    assert is_key_request(path, headers) is lean


@pytest.fixture
def keep_test_connection() -> Any:
    """Like Django's test client: a request must not close the connection holding the test's transaction."""
    from django.core.signals import request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


def test_the_lean_wsgi_path_stores_the_message_and_sets_no_session(
    api: Any, keep_test_connection: Any
) -> None:
    request = RequestFactory().post(
        "/api/v1/inbound",
        json.dumps(_item(9)),
        content_type="application/json",
        HTTP_AUTHORIZATION=api.headers["Authorization"],
        HTTP_HOST="127.0.0.1",
    )
    started: list[str] = []
    chunks = WSGIDispatcher()(request.environ, lambda status, headers: started.append(status))
    body = json.loads(b"".join(chunks))
    assert started == ["201 Created"]
    assert "Set-Cookie" not in str(chunks)
    assert Message.objects.get(pk=body["message_id"]).external_id == "batch-9"
    refused = RequestFactory().post(
        "/api/v1/inbound", "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer nope"
    )
    refused.environ["HTTP_HOST"] = "127.0.0.1"
    out = json.loads(b"".join(WSGIDispatcher()(refused.environ, lambda s, h: started.append(s))))
    assert started[-1].startswith("401")
    assert out["code"] == "unauthenticated"
    assert "احراز" in out["message"]  # Persian, as on the full path


def test_a_database_that_cannot_keep_up_answers_429_with_retry_after(api: Any, monkeypatch: Any) -> None:
    from django.db import OperationalError

    from hamdel.connectors import api as inbound_api

    def locked(**kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(inbound_api, "receive", locked)  # SQLite still locked after its busy timeout
    response = api.post("/inbound", _item(1))
    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    assert response.json()["code"] == "busy"
    assert Message.objects.count() == 0
