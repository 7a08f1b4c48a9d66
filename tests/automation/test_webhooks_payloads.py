"""A delivery's `data` keeps the event's ids and adds snapshots a receiver can use without a second call."""

from __future__ import annotations

import json

import pytest

from hamdel.accounts.models import Team
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import reply
from hamdel.core.slots import Snapshot, snapshot_register, snapshots_expand
from hamdel.feedback.services import response_save, survey_create


@pytest.fixture
def allow_private(settings):
    settings.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = True


def _subscribe(admin_api, url, *events):
    r = admin_api.post("/webhooks", {"url": url, "events": list(events)})
    assert r.status_code == 201, r.content


def _data(receiver):
    return [json.loads(g.body)["data"] for g in receiver.got]


def test_a_reply_carries_the_message_its_author_and_the_conversation(
    admin, admin_api, allow_private, receiver, inbound, events_run
):
    _subscribe(admin_api, receiver.url, "message.sent")
    result = inbound("سفارش ۸۸۱۲ نرسیده", subject="سفارش ۸۸۱۲")
    conversation = Conversation.objects.get(pk=result.conversation_id)
    conversation.team = Team.objects.create(name="فروش")
    conversation.save(update_fields=["team"])
    with events_run():
        message = reply(conversation=conversation, author=admin, text="فردا می‌رسد.")
    [data] = _data(receiver)
    assert data["message_id"] == message.pk and data["channel"] == "email"
    assert data["message"] == {
        "id": message.pk,
        "conversation_id": conversation.pk,
        "direction": "out",
        "text": "فردا می‌رسد.",
        "channel": "email",
        "author": {"id": admin.pk, "name": "مدیر"},
        "created_at": data["message"]["created_at"],
    }
    conv = data["conversation"]
    assert conv["number"] == conversation.number and conv["subject"] == "سفارش ۸۸۱۲"
    assert conv["assignee"] == {"id": admin.pk, "name": "مدیر"}  # the first to answer takes it
    assert conv["team"]["name"] == "فروش" and conv["customer"]["name"] == "علی رضایی"
    assert conv["status"] == "open" and conv["tags"] == []


def test_a_survey_answer_carries_score_comment_and_customer(
    admin, admin_api, allow_private, receiver, inbound, events_run
):
    _subscribe(admin_api, receiver.url, "survey.answered")
    result = inbound("سلام")
    conversation = Conversation.objects.get(pk=result.conversation_id)
    survey = survey_create(
        name="رضایت",
        actor=admin,
        questions=[
            {"key": "csat", "type": "csat", "text": "راضی بودید؟", "required": True},
            {"key": "comment", "type": "text", "text": "حرف دیگری؟", "required": False},
        ],
    )
    with events_run():
        response = response_save(
            survey=survey,
            answers={"csat": 2, "comment": "دیر جواب دادید"},
            complete=True,
            customer=conversation.customer,
        )
    [data] = _data(receiver)
    assert data["response_id"] == response.pk
    snap = data["survey_response"]
    assert snap["survey"] == {"id": survey.pk, "name": "رضایت"}
    assert (snap["score"], snap["score_type"], snap["comment"]) == (2, "csat", "دیر جواب دادید")
    assert snap["customer"] == {"id": conversation.customer_id, "name": "علی رضایی"}
    assert [a["key"] for a in snap["answers"]] == ["csat", "comment"]


def test_an_anonymous_answer_names_nobody(admin, admin_api, allow_private, receiver, inbound, events_run):
    _subscribe(admin_api, receiver.url, "survey.answered")
    result = inbound("سلام")
    customer = Conversation.objects.get(pk=result.conversation_id).customer
    survey = survey_create(
        name="ناشناس",
        actor=admin,
        anonymous=True,
        questions=[{"key": "nps", "type": "nps", "text": "پیشنهاد می‌کنید؟", "required": True}],
    )
    with events_run():
        response_save(survey=survey, answers={"nps": 9}, complete=True, customer=customer)
    [data] = _data(receiver)
    snap = data["survey_response"]
    assert snap["customer"] is None and snap["conversation_id"] is None and "conversation" not in data
    assert (snap["score"], snap["score_type"]) == (9, "nps")


def test_a_broken_snapshot_is_left_out_and_the_ids_stay(db, monkeypatch):
    from hamdel.core import slots

    def broken(_pk: int) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(slots, "_snapshots", dict(slots._snapshots))  # this test's registration only
    snapshot_register(Snapshot("widget_id", "widget", broken))
    assert snapshots_expand({"widget_id": 3, "conversation_id": 999_999}) == {
        "widget_id": 3,
        "conversation_id": 999_999,
        "conversation": None,  # gone: null, as the docs say
    }
