"""Promises: read from an agent's reply, kept by a later reply, reminded, broken; by hand; the draft check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation, ConversationEvent, EventType, Message
from hamdel.conversations.services import reply
from hamdel.conversations.types import IngestResult
from hamdel.core.events import listen
from hamdel.policies.promises.events import PromiseDue
from hamdel.policies.promises.models import Promise
from hamdel.policies.promises.services import promises_record_reply, promises_tick

TEHRAN = ZoneInfo("Asia/Tehran")
pytestmark = pytest.mark.django_db


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TEHRAN)


@pytest.fixture
def conv(inbound: Callable[..., IngestResult]) -> Conversation:
    return Conversation.objects.get(pk=inbound("سلام، پول من هنوز برنگشته").conversation_id)


def _said_at(conv: Conversation, agent: User, text: str, when: dt.datetime) -> Message:
    """An agent's reply written at `when` (the listener ran at send time; it is run again for that moment)."""
    message = reply(conversation=conv, author=agent, text=text)
    Promise.objects.filter(message=message).delete()
    Message.objects.filter(pk=message.pk).update(created_at=when)
    promises_record_reply(message_id=message.pk)
    return message


def _events(conv: Conversation, kind: str) -> list[ConversationEvent]:
    return list(ConversationEvent.objects.filter(conversation=conv, type=kind))


def test_a_sent_reply_with_a_time_becomes_a_promise(
    api: Any, conv: Conversation, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given an agent who answers with a concrete commitment
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(conversation=conv, author=agent, text="سلام. تا فردا ساعت ۱۰ با شما تماس می‌گیرم.")
    # when the reply is sent (the listener runs on commit)
    response = api.get(f"/conversations/{conv.pk}/promises")
    # then the promise is listed with its due moment: tomorrow 10:00 Tehran
    assert response.status_code == 200
    [row] = response.json()
    assert set(row) == {"id", "text", "due", "status", "message_id"}
    assert row["text"] == "تا فردا ساعت ۱۰ با شما تماس می‌گیرم."
    assert row["status"] == "open" and row["message_id"] == message.pk
    due = dt.datetime.fromisoformat(row["due"]).astimezone(TEHRAN)
    assert due.time() == dt.time(10, 0)
    assert due.date() == (message.created_at.astimezone(TEHRAN) + dt.timedelta(days=1)).date()
    # and the timeline says so
    [made] = _events(conv, EventType.PROMISE_MADE)
    assert made.actor_kind == "system" and made.data["text"] == row["text"]
    # and reading the same reply again records nothing new
    promises_record_reply(message_id=message.pk)
    assert Promise.objects.filter(conversation=conv).count() == 1


def test_business_hours_skip_the_thursday_half_day_and_friday(conv: Conversation, agent: User) -> None:
    # given Thursday 3 Dec 2026, 12:00 (Thursday closes at 13:00, Friday is closed)
    _said_at(conv, agent, "ظرف ۴ ساعت کاری بررسی می‌کنیم و خبر می‌دهیم.", _at(2026, 12, 3, 12, 0))
    # then 1 hour on Thursday + 3 on Saturday: Saturday 12:00
    [promise] = Promise.objects.filter(conversation=conv)
    assert promise.due.astimezone(TEHRAN) == _at(2026, 12, 5, 12, 0)


def test_a_day_without_a_time_ends_at_the_close_of_business(conv: Conversation, agent: User) -> None:
    # «تا فردا» on a Wednesday: Thursday's close, 13:00
    _said_at(conv, agent, "تا فردا نتیجه را خبر می‌دهم", _at(2026, 12, 2, 15, 0))
    # «تا فردا» on a Thursday: tomorrow is Friday, closed: Saturday's close, 17:00
    _said_at(conv, agent, "تا فردا مبلغ واریز می‌شود", _at(2026, 12, 10, 11, 0))
    dues = [p.due.astimezone(TEHRAN) for p in Promise.objects.filter(conversation=conv).order_by("due")]
    assert dues == [_at(2026, 12, 3, 13, 0), _at(2026, 12, 12, 17, 0)]


def test_working_days_count_on_the_calendar(conv: Conversation, agent: User) -> None:
    # Wednesday 2 Dec + 3 working days = Thu 3, Sat 5, Sun 6 → Sunday's close
    _said_at(conv, agent, "حداکثر ۳ روز کاری مبلغ به حسابتان واریز می‌شود.", _at(2026, 12, 2, 10, 0))
    [promise] = Promise.objects.filter(conversation=conv)
    assert promise.due.astimezone(TEHRAN) == _at(2026, 12, 6, 17, 0)


def test_a_later_reply_before_the_due_keeps_the_promise(conv: Conversation, agent: User) -> None:
    # given a promise made on Saturday for Sunday 10:00
    _said_at(conv, agent, "فردا ساعت ۱۰ تماس می‌گیرم", _at(2026, 12, 5, 11, 0))
    # when the agent writes to the customer again on Sunday 09:30
    _said_at(conv, agent, "همان‌طور که قول داده بودم، مبلغ برگشت داده شد.", _at(2026, 12, 6, 9, 30))
    # then the promise is kept, at that moment, and the timeline says so
    [promise] = Promise.objects.filter(conversation=conv)
    assert promise.status == "kept" and promise.kept_at == _at(2026, 12, 6, 9, 30)
    assert len(_events(conv, EventType.PROMISE_KEPT)) == 1


def test_a_note_or_a_customer_message_makes_no_promise(
    conv: Conversation,
    agent: User,
    inbound: Callable[..., IngestResult],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from hamdel.conversations.services import note_add

    with django_capture_on_commit_callbacks(execute=True):
        note_add(conversation=conv, author=agent, text="تا فردا ساعت ۱۰ تماس می‌گیرم")
        inbound("من تا فردا ساعت ۱۰ پول را واریز می‌کنم")
    assert not Promise.objects.exists()


def _vague(response: Any) -> list[dict[str, Any]]:
    return [f for f in response.json()["findings"] if f["code"] == "vague_promise"]


def test_a_vague_reply_is_no_promise_but_the_draft_check_flags_it(
    api: Any, conv: Conversation, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reply(conversation=conv, author=agent, text="به‌زودی با شما تماس می‌گیریم.")
    assert not Promise.objects.exists()
    # the composer asks before sending
    draft = "سلام. به‌زودی با شما تماس می‌گیریم."
    response = api.post(f"/conversations/{conv.pk}/draft-check", {"draft": draft})
    assert response.status_code == 200
    # (other checks, such as the reply coach, may add their own remarks: only the promise's are read here)
    [finding] = _vague(response)
    assert finding["code"] == "vague_promise"
    assert draft[finding["start"] : finding["end"]] == "به‌زودی با شما تماس می‌گیریم."
    assert "به‌زودی" in finding["message"]
    assert finding["suggestion"].startswith("تا ") and "ساعت ۱۲ با شما تماس می‌گیریم." in finding["suggestion"]
    # «تا» is not doubled when the vague phrase already follows it
    twice = api.post(f"/conversations/{conv.pk}/draft-check", {"draft": "تا اولین فرصت پیگیری می‌کنم"})
    [rewording] = _vague(twice)
    assert rewording["suggestion"].startswith("تا ") and "تا تا" not in rewording["suggestion"]
    # a concrete promise is not flagged
    ok = api.post(f"/conversations/{conv.pk}/draft-check", {"draft": "تا فردا ساعت ۱۲ خبر می‌دهم."})
    assert _vague(ok) == []


def test_reminder_before_the_due_then_broken_after(
    conv: Conversation, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given an open promise due Sunday 10:00, and a listener of the public event
    heard: list[dict[str, Any]] = []

    def hear(**payload: Any) -> None:
        heard.append(payload)

    listen(PromiseDue, hear)
    conv.assignee = agent
    conv.save(update_fields=["assignee"])
    _said_at(conv, agent, "فردا ساعت ۱۰ تماس می‌گیرم", _at(2026, 12, 5, 11, 0))
    promise = Promise.objects.get(conversation=conv)
    # when the periodic run passes at 09:00, 09:35, 09:40 and 10:01
    with django_capture_on_commit_callbacks(execute=True):
        assert promises_tick(now=_at(2026, 12, 6, 9, 0)) == {"reminded": 0, "broken": 0}
        assert promises_tick(now=_at(2026, 12, 6, 9, 35)) == {"reminded": 1, "broken": 0}
        assert promises_tick(now=_at(2026, 12, 6, 9, 40)) == {"reminded": 0, "broken": 0}
        assert promises_tick(now=_at(2026, 12, 6, 10, 1)) == {"reminded": 0, "broken": 1}
    # then the assignee was reminded once (timeline + promise.due), and the promise is broken
    assert PromiseDue.public == "promise.due"
    assert heard == [{"promise_id": promise.pk, "conversation_id": conv.pk, "assignee_id": agent.pk}]
    [due_event] = _events(conv, EventType.PROMISE_DUE)
    assert due_event.new == {"assignee_id": agent.pk}
    promise.refresh_from_db()
    assert promise.status == "broken" and len(_events(conv, EventType.PROMISE_BROKEN)) == 1


def test_an_agent_adds_and_edits_a_promise_through_the_api(api: Any, conv: Conversation) -> None:
    due = (dt.datetime.now(TEHRAN) + dt.timedelta(days=2)).replace(microsecond=0)
    created = api.post(f"/conversations/{conv.pk}/promises", {"text": "بازگشت وجه", "due": due.isoformat()})
    assert created.status_code == 201
    body = created.json()
    assert body["message_id"] is None and body["status"] == "open"
    assert dt.datetime.fromisoformat(body["due"]) == due
    later = due + dt.timedelta(hours=3)
    patched = api.patch(f"/promises/{body['id']}", {"due": later.isoformat(), "text": "بازگشت کامل وجه"})
    assert patched.status_code == 200 and patched.json()["text"] == "بازگشت کامل وجه"
    kept = api.patch(f"/promises/{body['id']}", {"status": "kept"})
    assert kept.json()["status"] == "kept"
    kinds = [e.type for e in ConversationEvent.objects.filter(conversation=conv, type__startswith="promise")]
    assert kinds == [EventType.PROMISE_MADE, EventType.PROMISE_CHANGED, EventType.PROMISE_KEPT]


def test_bad_input_is_refused_and_changes_nothing(api: Any, conv: Conversation) -> None:
    past = (dt.datetime.now(TEHRAN) - dt.timedelta(hours=1)).isoformat()
    response = api.post(f"/conversations/{conv.pk}/promises", {"text": "  ", "due": past})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_promise"
    assert response.json()["extra"] == {"text": "required", "due": "in_the_past"}
    assert not Promise.objects.exists()
    future = (dt.datetime.now(TEHRAN) + dt.timedelta(days=1)).isoformat()
    promise_id = api.post(f"/conversations/{conv.pk}/promises", {"text": "تماس", "due": future}).json()["id"]
    bad = api.patch(f"/promises/{promise_id}", {"status": "done", "text": "تماس دوباره"})
    assert bad.status_code == 400 and bad.json()["extra"] == {"status": "unknown_status"}
    assert Promise.objects.get(pk=promise_id).text == "تماس"
    assert api.patch("/promises/999999", {"status": "kept"}).status_code == 404
    assert api.get("/conversations/999999/promises").status_code == 404


def test_the_panel_shows_promises_and_adds_one_by_hand(
    agent_client: Client, conv: Conversation, agent: User
) -> None:
    _said_at(conv, agent, "تا ۲۰ آذر ۱۴۰۶ کارت جدید ارسال می‌شود.", _at(2026, 12, 5, 11, 0))
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    assert "تا ۲۰ آذر ۱۴۰۶ کارت جدید ارسال می‌شود." in page
    assert "۲۰ آذر ۱۴۰۶، ۱۷:۰۰" in page  # Jalali, Persian digits, the close of business
    assert 'id="draft-findings"' in page
    # an agent adds one by hand, in Persian words
    response = agent_client.post(
        f"/policies/promises/conversation/{conv.number}/add/",
        {"text": "ارسال فاکتور", "when": "فردا ساعت ۱۱"},
    )
    assert response.status_code == 302
    added = Promise.objects.get(text="ارسال فاکتور")
    assert added.source == "manual" and added.created_by == agent
    assert added.due.astimezone(TEHRAN).time() == dt.time(11, 0)
    # and ticks it kept
    agent_client.post(f"/policies/promises/{added.pk}/edit/", {"status": "kept"})
    added.refresh_from_db()
    assert added.status == "kept"
    # an unreadable time is a form error, nothing added
    agent_client.post(f"/policies/promises/conversation/{conv.number}/add/", {"text": "x", "when": "هر وقت"})
    assert not Promise.objects.filter(text="x").exists()


def test_the_demo_shows_a_kept_an_open_a_due_soon_and_a_broken_promise(agent: User, lead: User) -> None:
    from django.utils import timezone

    from hamdel.demo.promises import load_promises

    load_promises(agent, lead, timezone.now())
    promises = Promise.objects.select_related("conversation__customer")
    by_customer = {p.conversation.customer.name: p for p in promises}
    assert by_customer["مریم کاظمی"].status == "kept"
    assert by_customer["رضا نوروزی"].status == "open"
    assert by_customer["سمانه اکبری"].status == "broken"
    soon = by_customer["حمید رحیمی"]
    assert soon.status == "open" and soon.reminded_at is not None


def test_a_promise_read_late_is_kept_by_the_reply_written_after_it(conv: Conversation, agent: User) -> None:
    # given two replies two days ago, an hour apart, read only now (the worker was down)
    first = reply(conversation=conv, author=agent, text="فردا ساعت ۱۰ تماس می‌گیرم")
    second = reply(conversation=conv, author=agent, text="خبر خوب: مشکل حل شد.")
    said = dt.datetime.now(TEHRAN) - dt.timedelta(days=2)
    Message.objects.filter(pk=first.pk).update(created_at=said)
    Message.objects.filter(pk=second.pk).update(created_at=said + dt.timedelta(hours=1))
    promises_record_reply(message_id=first.pk)
    promises_record_reply(message_id=second.pk)
    # then the promise counts as kept by the answer written after it, whenever each was read
    promise = Promise.objects.get()
    assert promise.status == "kept" and promise.kept_at == said + dt.timedelta(hours=1)
