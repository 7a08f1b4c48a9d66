"""The conversations API: the inbox's filters and search, changes, replies and notes."""

import pytest

from hamdel.accounts.services import api_key_create
from hamdel.conversations.models import Conversation, Tag
from tests.conftest import ApiClient


def test_list_filters_and_searches_like_the_inbox(api, inbound):
    inbound("سفارشم نرسیده", subject="تاخیر", thread_key="a")
    inbound(
        "می‌خواهم پول را برگردانید",
        subject="بازگشت وجه",
        thread_key="b",
        channel="sms",
        identity_kind="phone",
        address="09121110000",
    )
    everything = api.get("/conversations").json()
    assert everything["count"] == 2
    by_channel = api.get("/conversations", channel="sms").json()
    assert [c["subject"] for c in by_channel["items"]] == ["بازگشت وجه"]
    found = api.get("/conversations", q="میخواهم").json()
    assert [c["subject"] for c in found["items"]] == ["بازگشت وجه"]


def test_patch_reply_note_and_messages(api, inbound, agent):
    conv_id = inbound("سلام").conversation_id
    Tag.objects.create(name="VIP")
    patched = api.patch(
        f"/conversations/{conv_id}",
        {"status": "pending", "priority": "high", "tags": ["VIP"], "assignee_id": agent.pk},
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["status"], patched.json()["priority"], patched.json()["tags"]) == (
        "pending",
        "high",
        ["VIP"],
    )
    reply = api.post(f"/conversations/{conv_id}/reply", {"text": "در حال بررسی است"})
    assert reply.status_code == 201
    assert reply.json()["delivery_status"] in {"pending", "sent", "retrying", "failed"}
    note = api.post(f"/conversations/{conv_id}/notes", {"text": "یادداشت داخلی"})
    assert note.status_code == 201 and note.json()["kind"] == "note"
    messages = api.get(f"/conversations/{conv_id}/messages").json()["items"]
    kinds = [(m["direction"], m["kind"]) for m in messages]
    assert ("in", "message") in kinds and ("out", "message") in kinds and ("internal", "note") in kinds


def test_bad_status_is_a_translated_error(api, inbound):
    conv_id = inbound("سلام").conversation_id
    response = api.patch(f"/conversations/{conv_id}", {"status": "done"})
    assert response.status_code == 400
    assert response.json() == {
        "message": "وضعیت ناشناخته است.",
        "code": "unknown_status",
        "extra": {"status": "done"},
    }


def test_empty_reply_is_refused_with_field_details(api, inbound):
    conv_id = inbound("سلام").conversation_id
    response = api.post(f"/conversations/{conv_id}/reply", {"text": ""})
    assert response.status_code == 422
    assert response.json()["extra"]["fields"][0]["field"] == "text"


def test_missing_conversation_is_404(api, db):
    assert api.get("/conversations/999").status_code == 404


def test_bulk_resolve(api, inbound):
    ids = [inbound("x", thread_key=f"k{i}").conversation_id for i in range(2)]
    assert api.post("/conversations/bulk", {"ids": ids, "action": "resolve"}).json() == {"updated": 2}
    assert set(Conversation.objects.values_list("status", flat=True)) == {"resolved"}


@pytest.fixture
def lead_api(lead):
    return ApiClient(api_key_create(name="lead", user=lead)[1])


def test_tags_canned_users_teams(api, lead_api, team):
    assert lead_api.post("/tags", {"name": "مالی", "color": "#aa00aa"}).status_code == 201
    assert lead_api.post("/tags", {"name": "مالی"}).status_code == 409
    assert [t["name"] for t in api.get("/tags").json()] == ["مالی"]
    assert (
        lead_api.post(
            "/canned-replies", {"title": "سلام", "shortcut": "hi", "text": "سلام {customer_name}"}
        ).status_code
        == 201
    )
    assert api.get("/canned-replies").json()[0]["shortcut"] == "hi"
    assert "sara" in [u["username"] for u in api.get("/users").json()]
    assert api.get("/teams").json() == [
        {"id": team.pk, "name": "فروش", "member_ids": [team.members.get().pk]}
    ]


def test_customers_api(api, inbound):
    created = api.post(
        "/customers",
        {
            "name": "رضا",
            "identities": [
                {"kind": "email", "address": "Reza@Example.ir"},
                {"kind": "phone", "address": "09123334444"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert {i["address"] for i in created.json()["identities"]} == {"reza@example.ir", "+989123334444"}
    assert (
        api.post(f"/customers/{cid}/notes", {"text": "فقط عصرها تماس بگیرید", "pinned": True}).status_code
        == 201
    )
    assert api.get(f"/customers/{cid}").json()["notes"][0]["text"] == "فقط عصرها تماس بگیرید"
    assert api.get("/customers", q="reza").json()["count"] == 1


def test_openapi_schema_is_published(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/inbound" in schema["paths"]
    assert "/api/v1/conversations" in schema["paths"]


def test_canned_reply_errors_are_clear_and_translated(lead_api):
    api = lead_api
    assert api.post("/canned-replies", {"title": "سلام", "shortcut": "hi", "text": "سلام"}).status_code == 201
    duplicate = api.post("/canned-replies", {"title": "دوباره", "shortcut": "hi", "text": "x"})
    assert duplicate.status_code == 409
    assert duplicate.json()["message"] == "پاسخ آماده‌ای با این میان‌بر هست."
    bad = api.post("/canned-replies", {"title": "بد", "shortcut": "with space", "text": "x"})
    assert bad.status_code == 400 and "shortcut" in bad.json()["extra"]
