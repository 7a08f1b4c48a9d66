"""SLA policies through the API, and the clock in GET /conversations/{id}."""

from __future__ import annotations

import datetime as dt

from hamdel.conversations.models import Conversation
from hamdel.policies.sla.models import SlaPolicy

URGENT = {
    "name": "فوری و مهم",
    "conditions": {"priorities": ["urgent", "high"]},
    "targets": {"first_response": 30, "next_response": 60, "resolution": 480},
    "basis": "calendar",
    "warning_percent": 75,
    "escalation": {"notify_supervisor": True, "raise_priority": "urgent"},
}


def test_admin_creates_reads_and_patches_a_policy(admin_api):
    # when an admin posts a policy
    created = admin_api.post("/sla-policies", URGENT)
    # then it is stored with every field as sent, and the defaults for the rest
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "فوری و مهم"
    assert body["conditions"] == {
        "priorities": ["high", "urgent"],
        "channels": [],
        "team_ids": [],
        "customer_tags": [],
    }
    assert body["targets"] == {"first_response": 30, "next_response": 60, "resolution": 480}
    assert body["pause_statuses"] == ["pending"]
    assert body["escalation"]["notify_supervisor"] is True
    assert body["escalation"]["raise_priority"] == "urgent"
    # and a PATCH changes only what it sends
    patched = admin_api.patch(
        f"/sla-policies/{body['id']}", {"targets": {"resolution": 240}, "enabled": False}
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["targets"] == {"first_response": 30, "next_response": 60, "resolution": 240}
    assert patched.json()["enabled"] is False
    listed = admin_api.get("/sla-policies").json()
    assert [p["name"] for p in listed] == ["فوری و مهم"]


def test_a_bad_policy_is_refused_in_persian_naming_every_field(admin_api):
    response = admin_api.post(
        "/sla-policies",
        {
            "name": " ",
            "conditions": {"priorities": ["asap"], "channels": ["fax"]},
            "targets": {"first_response": -5},
            "warning_percent": 120,
            "pause_statuses": ["resolved"],
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "بعضی از فیلدها درست نیستند؛ چیزی ذخیره نشد."
    assert {e["field"] for e in body["extra"]["errors"]} == {
        "name",
        "priorities",
        "channels",
        "first_response_minutes",
        "warning_percent",
        "pause_statuses",
    }
    assert not SlaPolicy.objects.exists()


def test_a_policy_needs_a_target_unless_it_is_no_sla(admin_api):
    refused = admin_api.post("/sla-policies", {"name": "خالی"})
    assert refused.status_code == 400
    assert refused.json()["message"] == "دست‌کم یک هدف تعیین کنید، یا سیاست را «بدون SLA» علامت بزنید."
    assert admin_api.post("/sla-policies", {"name": "داخلی", "no_sla": True}).status_code == 201


def test_an_agent_may_not_manage_policies(api, admin_api):
    assert api.post("/sla-policies", URGENT).json()["code"] == "forbidden"
    assert api.get("/sla-policies").status_code == 403
    policy = admin_api.post("/sla-policies", URGENT).json()
    refused = api.patch(f"/sla-policies/{policy['id']}", {"name": "دیگر"})
    assert refused.status_code == 403
    assert SlaPolicy.objects.get().name == "فوری و مهم"


def test_reorder_names_every_policy_once(admin_api):
    a = admin_api.post("/sla-policies", {**URGENT, "name": "الف"}).json()["id"]
    b = admin_api.post("/sla-policies", {**URGENT, "name": "ب"}).json()["id"]
    assert admin_api.post("/sla-policies/order", {"ids": [a]}).status_code == 400
    reordered = admin_api.post("/sla-policies/order", {"ids": [b, a]})
    assert [p["name"] for p in reordered.json()] == ["ب", "الف"]


def test_the_conversation_shows_its_clock(admin_api, api, inbound, events_run, travel):
    # given an urgent-and-high policy and a high-priority conversation
    admin_api.post("/sla-policies", URGENT)
    with events_run():
        conversation_id = inbound().conversation_id
        api.patch(f"/conversations/{conversation_id}", {"priority": "high"})
    # when the conversation is read
    body = api.get(f"/conversations/{conversation_id}").json()
    # then its SLA has the policy, each due moment with an offset, and the state
    sla = body["sla"]
    assert sla["policy"]["name"] == "فوری و مهم"
    assert sla["state"] == "ok"
    created = Conversation.objects.get(pk=conversation_id).created_at
    assert dt.datetime.fromisoformat(sla["first_response_due"]) == created + dt.timedelta(minutes=30)
    assert dt.datetime.fromisoformat(sla["resolution_due"]) == created + dt.timedelta(minutes=480)
    assert sla["next_response_due"] is None
    assert dt.datetime.fromisoformat(sla["first_response_due"]).utcoffset() is not None


def test_the_conversation_list_reads_the_clocks_with_the_rows(admin_api, api, inbound, events_run):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given six conversations, four under a policy and two (low priority) under «no SLA»
    admin_api.post("/sla-policies", {"name": "کم", "conditions": {"priorities": ["low"]}, "no_sla": True})
    admin_api.post("/sla-policies", {"name": "همه", "targets": {"first_response": 240}, "basis": "calendar"})
    with events_run():
        ids = [inbound(address=f"c{i}@example.ir").conversation_id for i in range(6)]
        for conversation_id in ids[:2]:
            api.patch(f"/conversations/{conversation_id}", {"priority": "low"})
    # when the list is read
    with CaptureQueriesContext(connection) as queries:
        items = api.get("/conversations", view="all").json()["items"]
    # then every row has its clock (or null) and the clocks came in the list's own query
    by_id = {item["id"]: item["sla"] for item in items}
    assert [by_id[i] is None for i in ids] == [True, True, False, False, False, False]
    assert {by_id[i]["policy"]["name"] for i in ids[2:]} == {"همه"}
    assert sum("slaclock" in q["sql"] for q in queries.captured_queries) == 1
