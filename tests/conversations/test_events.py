"""One door for every change: permission, the whole request validated, one transaction, one event each."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import pytest
from django.apps import apps as django_apps

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations import services
from hamdel.conversations.models import (
    CannedReply,
    Conversation,
    ConversationEvent,
    Message,
    Status,
    Tag,
)
from hamdel.core import events as bus
from hamdel.core.errors import ApplicationError
from tests.conftest import ApiClient


@pytest.fixture
def admin_api(db):
    admin = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
    return ApiClient(api_key_create(name="admin", user=admin)[1])


@pytest.fixture
def lead_api(lead):
    return ApiClient(api_key_create(name="lead", user=lead)[1])


def _conv(result) -> Conversation:
    return Conversation.objects.get(pk=result.conversation_id)


def _types(conv: Conversation) -> list[str]:
    return list(ConversationEvent.objects.filter(conversation=conv).values_list("type", flat=True))


def test_half_valid_patch_changes_nothing(api, inbound, django_capture_on_commit_callbacks):
    # given an open conversation
    conv = _conv(inbound("سفارشم نرسیده"))
    before = _types(conv)
    # when an agent resolves it and sets an unknown priority in the same request
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.patch(f"/conversations/{conv.pk}", {"status": "resolved", "priority": "asap"})
    # then the request is refused with a Persian message and a stable code, and nothing happened
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_priority"
    assert response.json()["message"] == "اولویت ناشناخته است."
    conv.refresh_from_db()
    assert conv.status == Status.NEW and conv.resolved_at is None
    assert _types(conv) == before
    assert callbacks == []  # no survey invitation, no live update: nothing was scheduled


def test_patch_with_several_bad_fields_names_them_all(api, inbound):
    conv = _conv(inbound())
    response = api.patch(f"/conversations/{conv.pk}", {"status": "done", "assignee_id": 987654, "team_id": 5})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["extra"]) == {"status", "assignee_id", "team_id"}


def test_status_change_is_listed_with_old_new_and_actor(api, agent, inbound):
    conv = _conv(inbound())
    assert api.patch(f"/conversations/{conv.pk}", {"status": "resolved"}).status_code == 200
    events = api.get(f"/conversations/{conv.pk}/events").json()
    assert [e["type"] for e in events] == ["created", "status_changed"]
    created, changed = events
    assert created["actor"] == {"kind": "customer", "id": conv.customer_id, "name": "علی رضایی"}
    assert changed["old"] == "new" and changed["new"] == "resolved"
    assert changed["actor"] == {"kind": "user", "id": agent.pk, "name": "سارا"}
    assert changed["at"] >= created["at"]


def test_ingest_writes_the_status_change_and_reply_writes_the_auto_assignment(agent, inbound):
    conv = _conv(inbound("سلام", thread_key="t-1"))
    services.reply(conversation=conv, author=agent, text="در خدمتم", status=Status.PENDING)
    inbound("هنوز نرسیده", thread_key="t-1")
    events = list(ConversationEvent.objects.filter(conversation=conv).order_by("id"))
    assert [(e.type, e.actor_kind, e.old, e.new) for e in events] == [
        ("created", "customer", None, "new"),
        ("assigned", "user", None, {"id": agent.pk, "name": "سارا"}),
        ("status_changed", "user", "new", "pending"),
        ("status_changed", "customer", "pending", "open"),
    ]
    assert events[1].data == {"auto": True}


def test_customer_reopening_a_resolved_conversation_is_one_reopened_event(agent, inbound):
    conv = _conv(inbound("سلام", thread_key="t-2"))
    services.conversation_set_status(conversation=conv, status=Status.RESOLVED, actor=agent)
    inbound("باز هم مشکل دارم", thread_key="t-2")
    conv.refresh_from_db()
    assert conv.status == Status.OPEN and conv.reopen_count == 1
    assert _types(conv) == ["created", "status_changed", "reopened"]


def test_one_event_per_tag_and_none_for_a_no_op(agent, inbound):
    conv = _conv(inbound())
    for name in ("مالی", "VIP", "ارسال"):
        Tag.objects.create(name=name)
    services.conversation_set_tags(conversation=conv, names=["مالی", "VIP"], actor=agent)
    services.conversation_set_tags(conversation=conv, names=["VIP", "ارسال"], actor=agent)
    services.conversation_set_tags(conversation=conv, names=["ارسال", "VIP"], actor=agent)
    services.conversation_set_status(conversation=conv, status=Status.NEW, actor=agent)
    rows = ConversationEvent.objects.filter(conversation=conv).exclude(type="created").order_by("id")
    assert [(e.type, e.old, e.new) for e in rows] == [
        ("tagged", None, "VIP"),
        ("tagged", None, "مالی"),
        ("tagged", None, "ارسال"),
        ("untagged", "مالی", None),
    ]


def test_agents_apply_existing_tags_and_leads_create_them(api, lead_api, inbound):
    conv = _conv(inbound())
    refused = api.patch(f"/conversations/{conv.pk}", {"tags": ["تازه"]})
    assert refused.status_code == 400 and refused.json()["code"] == "unknown_tag"
    assert not Tag.objects.filter(name="تازه").exists()
    assert api.post("/tags", {"name": "تازه"}).status_code == 403
    assert lead_api.post("/tags", {"name": "تازه"}).status_code == 201
    assert api.patch(f"/conversations/{conv.pk}", {"tags": ["تازه"]}).json()["tags"] == ["تازه"]


def test_shared_canned_replies_are_for_team_leads(api, lead_api):
    body = {"title": "خوش‌آمد", "shortcut": "hi", "text": "سلام {customer_name}"}
    refused = api.post("/canned-replies", body)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert refused.json()["message"] == "اجازهٔ این کار را ندارید."
    assert not CannedReply.objects.exists()
    assert lead_api.post("/canned-replies", body).status_code == 201


def test_bulk_with_a_bad_id_or_value_is_a_clear_error_and_changes_nothing(api, inbound):
    ids = [inbound("x", thread_key=f"b{i}").conversation_id for i in range(2)]
    not_numeric = api.post("/conversations/bulk", {"ids": ids, "action": "assign", "value": "abc"})
    assert not_numeric.status_code == 400 and not_numeric.json()["code"] == "unknown_assignee"
    missing = api.post("/conversations/bulk", {"ids": [*ids, 99999], "action": "close"})
    assert missing.status_code == 404 and missing.json()["extra"]["ids"] == [99999]
    assert api.post("/conversations/bulk", {"ids": ["x"], "action": "close"}).status_code == 422
    assert set(Conversation.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"new"}


def test_events_of_a_missing_or_absurd_conversation_are_404(api):
    assert api.get("/conversations/424242/events").status_code == 404
    assert api.get("/conversations/99999999999999999999/events").status_code == 404


def test_canned_reply_without_a_customer_name_reads_well(agent, inbound):
    conv = _conv(inbound(customer_name=""))
    canned = CannedReply.objects.create(
        title="t", shortcut="hello", text="سلام  {customer_name} عزیز،\\nچطور کمک کنم؟"
    )
    text = services.render_canned(canned=canned, conversation=conv, agent=agent)
    assert text == "سلام مشتری عزیز،\\nچطور کمک کنم؟"


def test_the_bus_refuses_an_event_nobody_declared():
    with pytest.raises(bus.UndeclaredEvent):
        bus.publish("conversation_exploded", conversation_id=1)
    with pytest.raises(bus.UndeclaredEvent):
        bus.listen("conversation_exploded", print)
    with pytest.raises(TypeError):
        bus.publish("conversation_resolved", conversation=1)  # the declared field is conversation_id


def test_a_declared_event_reaches_its_listener_after_commit(db, django_capture_on_commit_callbacks):
    @bus.declare
    @dataclasses.dataclass(frozen=True)
    class Pinged(bus.Event):
        name: ClassVar[str] = "test_pinged"
        value: int

    heard: list[int] = []
    bus.listen(Pinged, lambda value: heard.append(value))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bus.publish(Pinged(value=7))
    assert heard == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard == [7]


def test_old_timeline_event_messages_become_events(agent, inbound):
    from importlib import import_module

    migration = import_module("hamdel.conversations.migrations.0007_conversation_events")
    conv = _conv(inbound())
    Message.objects.create(
        conversation=conv,
        direction="internal",
        kind="event",
        author=agent,
        channel="email",
        meta={"event": "status", "old": "resolved", "new": "open"},
    )
    Message.objects.create(
        conversation=conv,
        direction="internal",
        kind="event",
        channel="email",
        meta={"event": "tags", "added": ["VIP"], "removed": ["مالی"]},
    )
    migration.events_from_messages(django_apps, None)
    assert not Message.objects.filter(kind="event").exists()
    rows = ConversationEvent.objects.filter(conversation=conv).exclude(type="created").order_by("id")
    assert [(e.type, e.actor_kind, e.old, e.new) for e in rows] == [
        ("reopened", "user", "resolved", "open"),
        ("tagged", "system", None, "VIP"),
        ("untagged", "system", "مالی", None),
    ]


def test_system_and_refusals_in_services(agent):
    with pytest.raises(ApplicationError) as refused:
        services.tag_create(name="x", actor=agent)
    assert refused.value.status == 403
    assert services.tag_create(name="x", actor=None).name == "x"  # Hamdel itself (demo, CLI) may


def test_the_conversation_side_form_is_one_change(agent_client, inbound):
    # given a new conversation open in the browser
    conv = _conv(inbound())
    # when the agent resolves it and picks an assignee that does not exist in the same form
    response = agent_client.post(
        f"/c/{conv.number}/update/",
        {"status": "resolved", "priority": "high", "assignee": "987654"},
        follow=True,
    )
    # then the page says why and nothing changed
    assert "چنین کارشناسی نیست." in response.content.decode()
    conv.refresh_from_db()
    assert (conv.status, conv.priority, conv.assignee_id) == ("new", "normal", None)
    assert _types(conv) == ["created"]
    # and a valid form applies every field, one event each
    agent_client.post(f"/c/{conv.number}/update/", {"status": "open", "priority": "high", "assignee": ""})
    assert _types(conv) == ["created", "status_changed", "priority_changed"]


def test_a_superscript_digit_as_assignee_is_refused_not_a_crash(agent_client, inbound):
    conv = _conv(inbound())
    response = agent_client.post(f"/c/{conv.number}/update/", {"assignee": "²"}, follow=True)
    assert response.status_code == 200
    assert "چنین کارشناسی نیست." in response.content.decode()
    conv.refresh_from_db()
    assert conv.assignee_id is None
