"""The inputs issue 10 found answering 500 now answer 4xx; a write without credentials answers 401 JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import User
from tests.conftest import ApiClient

TWENTY_DIGITS = "99999999999999999999"


@pytest.fixture
def conv(inbound: Callable[..., Any]) -> Any:
    from hamdel.conversations.models import Conversation

    return Conversation.objects.get(pk=inbound().conversation_id)


def test_a_page_number_beyond_any_offset_is_refused(admin_api: ApiClient, conv: Any) -> None:
    response = admin_api.get("/conversations", page="2e17")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert admin_api.get("/customers", page=TWENTY_DIGITS).status_code == 422
    assert admin_api.get("/conversations", page="2").status_code == 200  # an empty page, not an error


@pytest.mark.parametrize("assignee", [TWENTY_DIGITS, "²", "abc", "-1", "0"])
def test_a_nonsense_assignee_filter_is_refused(admin_api: ApiClient, conv: Any, assignee: str) -> None:
    response = admin_api.get("/conversations", assignee=assignee)
    assert response.status_code == 422
    assert response.json()["extra"]["fields"][0]["field"] == "assignee"


def test_an_assignee_typed_in_persian_digits_filters(admin_api: ApiClient, admin: User, conv: Any) -> None:
    # given the conversation is assigned to the admin
    admin_api.patch(f"/conversations/{conv.pk}", {"assignee_id": admin.pk})
    persian = str(admin.pk).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    # when someone filters by the admin's id typed in Persian digits
    found = admin_api.get("/conversations", assignee=persian).json()
    # then the conversation is found, exactly as with Latin digits
    assert [c["id"] for c in found["items"]] == [conv.pk]
    assert admin_api.get("/conversations", assignee="none").json()["count"] == 0


def test_huge_ids_in_bulk_are_refused_and_nothing_changes(admin_api: ApiClient, conv: Any) -> None:
    response = admin_api.post("/conversations/bulk", {"ids": [conv.pk, 10**20], "action": "close"})
    assert response.status_code == 422
    conv.refresh_from_db()
    assert conv.status != "closed"


@pytest.mark.parametrize("path", ["/conversations/{huge}", "/customers/{huge}", "/conversations/0"])
def test_a_path_id_out_of_range_is_not_found(admin_api: ApiClient, path: str) -> None:
    response = admin_api.get(path.format(huge=TWENTY_DIGITS))
    assert response.status_code == 404
    assert response.json() == {"message": "پیدا نشد.", "code": "not_found", "extra": {}}


def test_a_conversation_page_with_a_twenty_digit_number_is_a_404(agent_client: Client) -> None:
    response = agent_client.get(f"/c/{TWENTY_DIGITS}/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_a_negative_rating_scale_is_refused(admin_api: ApiClient) -> None:
    body = {"source": "review", "text": "خوب بود", "rating": 3, "rating_max": -1}
    response = admin_api.post("/feedback-items", body)
    assert response.status_code == 422
    assert response.json()["extra"]["fields"][0]["field"] == "rating_max"
    assert admin_api.post("/feedback-items", {**body, "rating_max": 5}).status_code == 201


def test_every_reference_in_the_openapi_schema_resolves(admin_api: ApiClient) -> None:
    schema = admin_api.client.get("/api/v1/openapi.json").json()
    text = json.dumps(schema)
    refs = {part.split('"')[0] for part in text.split('"$ref": "')[1:]}
    assert refs, "the schema uses references"
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schema["components"]["schemas"], ref


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/conversations/bulk"),
        ("post", "/api/v1/customers"),
        ("post", "/api/v1/inbound"),
        ("patch", "/api/v1/conversations/1"),
        ("delete", "/api/v1/canned-replies/1"),
    ],
)
def test_a_write_without_credentials_is_401_json_in_persian(db: None, method: str, path: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["message"] == "احراز هویت لازم است: یک کلید API معتبر بفرستید."


def test_a_signed_in_browser_without_its_csrf_token_is_still_refused(agent: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post("/api/v1/customers", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "CSRF" in response.json()["message"]


def _order(admin_api: ApiClient, **overrides: Any) -> Any:
    body: dict[str, Any] = {
        "external_id": "DK-9",
        "customer": {"name": "مریم احمدی", "email": "maryam@example.ir"},
        "channel": "online",
        "ordered_at": "2026-11-20T10:00:00+03:30",
        "delivered_at": "2026-11-22T10:00:00+03:30",
        "items": [{"sku": "KB-1", "name": "کتری برقی", "quantity": 2, "unit_price": 12_500_000}],
        **overrides,
    }
    return admin_api.post("/orders", body)


def test_an_order_total_past_any_database_integer_is_refused_by_name(admin_api: ApiClient) -> None:
    response = _order(admin_api, total=10**20)
    assert response.status_code == 400
    assert "total" in json.dumps(response.json()["extra"])


@pytest.mark.parametrize("quantity", ["²", "1" * 20])
def test_a_return_quantity_in_superscript_or_twenty_digits_is_refused(
    admin_api: ApiClient, quantity: str
) -> None:
    order_id = _order(admin_api).json()["id"]
    response = admin_api.post(
        "/returns",
        {"order_id": order_id, "kind": "withdrawal", "items": [{"sku": "KB-1", "quantity": quantity}]},
    )
    assert response.status_code == 400, response.content
    assert "items.0.quantity" in json.dumps(response.json()["extra"])
