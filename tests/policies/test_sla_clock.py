"""SLA clocks: matching, pauses and policy changes keep minutes, warnings, breaches, escalation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.test import Client

from hamdel.accounts.models import Team
from hamdel.conversations import services as conv
from hamdel.conversations.models import Conversation, ConversationEvent, EventType, Message, Priority, Status
from hamdel.core import events as bus
from hamdel.core.events import listen
from hamdel.customers.models import Customer
from hamdel.policies.sla import services, tasks
from hamdel.policies.sla.events import SlaBreached, SlaWarning
from hamdel.policies.sla.models import SlaClock
from hamdel.policies.sla.selectors import policy_for

MIN = dt.timedelta(minutes=1)


def _policy(admin, **data):
    data.setdefault("basis", "calendar")
    return services.sla_policy_create(actor=admin, data=data)


def _conversation(inbound, events_run, **kwargs) -> Conversation:
    with events_run():
        result = inbound(**kwargs)
    return Conversation.objects.get(pk=result.conversation_id)


def _clock(conversation: Conversation) -> SlaClock:
    return SlaClock.objects.select_related("policy").get(conversation=conversation)


def _types(conversation: Conversation, *types: str) -> list[str]:
    return list(
        ConversationEvent.objects.filter(conversation=conversation, type__in=types).values_list(
            "type", flat=True
        )
    )


def test_the_first_matching_enabled_policy_wins(admin, inbound, team):
    # given policies in order: a disabled one, urgent-only, VIP customers, «no SLA» for telegram, a catch-all
    _policy(admin, name="خاموش", enabled=False, first_response_minutes=1)
    urgent = _policy(admin, name="فوری", priorities=["urgent"], first_response_minutes=30)
    vip = _policy(admin, name="ویژه", customer_tags=["vip"], first_response_minutes=45)
    _policy(admin, name="تلگرام بدون SLA", channels=["telegram"], no_sla=True)
    sales = _policy(admin, name="تیم فروش", team_ids=[team.pk], first_response_minutes=90)
    everyone = _policy(admin, name="همه", first_response_minutes=240)
    conversation = Conversation.objects.get(pk=inbound().conversation_id)
    # then each conversation falls under the first policy whose conditions all hold
    assert policy_for(conversation) == everyone
    conversation.team = team
    assert policy_for(conversation) == sales
    conversation.priority = Priority.URGENT
    assert policy_for(conversation) == urgent
    conversation.priority = Priority.NORMAL
    Customer.objects.filter(pk=conversation.customer_id).update(tags=["vip"])
    conversation.customer.refresh_from_db()
    assert policy_for(conversation) == vip
    telegram = Conversation.objects.get(
        pk=inbound(channel="telegram", identity_kind="telegram", address="5001").conversation_id
    )
    assert policy_for(telegram) is None  # «no SLA» matched before the catch-all


def test_first_response_is_met_by_an_agent_reply_in_time(admin, agent, inbound, events_run, travel):
    # given a 30-minute first-response policy and a new conversation
    _policy(admin, name="پاسخ اول", first_response_minutes=30, resolution_minutes=600)
    conversation = _conversation(inbound, events_run)
    clock = _clock(conversation)
    assert clock.state == "ok" and clock.first_response_due == travel.now + 30 * MIN
    # when an agent answers 20 minutes later
    travel(minutes=20)
    with events_run():
        conv.reply(conversation=conversation, author=agent, text="سلام، پیگیری می‌کنم")
    # then the first response is met on time and only the resolution still runs
    clock = _clock(conversation)
    assert clock.first_response_met is True
    assert clock.first_response_due is None
    assert clock.resolution_due == travel.now + 580 * MIN
    assert clock.state == "ok"


def test_pending_pauses_the_clock_and_keeps_the_minutes_used(admin, agent, inbound, events_run, travel):
    # given a 120-minute resolution target that pauses while we wait on the customer
    _policy(admin, name="حل", resolution_minutes=120)
    conversation = _conversation(inbound, events_run)
    travel(minutes=20)
    # when the agent sets it to pending, 100 minutes pass, and the customer writes back
    with events_run():
        conv.conversation_set_status(conversation=conversation, status=Status.PENDING, actor=agent)
    clock = _clock(conversation)
    assert clock.state == "paused" and clock.resolution_due is None
    assert clock.resolution_used == pytest.approx(20)
    travel(minutes=100)
    with events_run():
        inbound(text="این هم شمارهٔ سفارش: ۱۲۳")  # the customer's answer reopens it (pending → open)
    # then the clock runs again from the 20 minutes already used: 100 left
    clock = _clock(conversation)
    assert clock.state == "ok"
    assert clock.resolution_due == travel.now + 100 * MIN


def test_a_new_policy_keeps_the_minutes_already_used(admin, agent, inbound, events_run, travel):
    # given a relaxed policy for normal conversations and a strict one for urgent ones
    _policy(admin, name="فوری", priorities=["urgent"], resolution_minutes=120)
    _policy(admin, name="عادی", resolution_minutes=600)
    conversation = _conversation(inbound, events_run)
    assert _clock(conversation).policy.name == "عادی"
    # when it becomes urgent after 30 minutes
    travel(minutes=30)
    with events_run():
        conv.conversation_set_priority(conversation=conversation, priority=Priority.URGENT, actor=agent)
    # then the urgent policy applies and the 30 minutes count against it
    clock = _clock(conversation)
    assert clock.policy.name == "فوری"
    assert clock.resolution_used == pytest.approx(30)
    assert clock.resolution_due == travel.now + 90 * MIN


def test_next_response_runs_while_the_customer_waits(admin, agent, inbound, events_run, travel):
    _policy(admin, name="پاسخ بعدی", first_response_minutes=60, next_response_minutes=45)
    conversation = _conversation(inbound, events_run)
    with events_run():
        conv.reply(conversation=conversation, author=agent, text="سلام")
    assert _clock(conversation).next_response_due is None  # nobody waits
    # when the customer writes again
    travel(minutes=10)
    with events_run():
        inbound(text="هنوز نرسیده")
    clock = _clock(conversation)
    assert clock.next_response_due == travel.now + 45 * MIN
    # and an agent answers 50 minutes later: late
    travel(minutes=50)
    with events_run():
        conv.reply(conversation=conversation, author=agent, text="ببخشید، الان پیگیری شد")
    clock = _clock(conversation)
    assert clock.next_response_met is False and clock.next_response_due is None


def test_warning_and_breach_are_published_once_each(admin, inbound, events_run, travel, monkeypatch):
    # given a 60-minute first-response target that warns at 80%, and a listener for the public events
    monkeypatch.setattr(bus, "_listeners", defaultdict(list, {k: list(v) for k, v in bus._listeners.items()}))
    seen: list[tuple[str, str]] = []
    listen(SlaWarning, lambda **p: seen.append(("warning", p["target"])))
    listen(SlaBreached, lambda **p: seen.append(("breached", p["target"])))
    _policy(admin, name="یک ساعته", first_response_minutes=60, warning_percent=80)
    conversation = _conversation(inbound, events_run)
    # when the minute check runs before, at and after each threshold, twice each time
    for minutes in (30, 18, 0, 13, 0, 30):
        travel(minutes=minutes)
        with events_run():
            tasks.check_clocks.call()
    # then one warning and one breach, in the timeline and on the bus
    assert _types(conversation, EventType.SLA_WARNING, EventType.SLA_BREACHED) == [
        "sla_warning",
        "sla_breached",
    ]
    assert [s for s in seen if s[1] == "first_response"] == [
        ("warning", "first_response"),
        ("breached", "first_response"),
    ]
    assert _clock(conversation).state == "breached"


def test_breach_escalates_as_the_policy_says(admin, lead, agent, inbound, events_run, travel):
    # given a policy that notifies the supervisors, raises the priority and moves the conversation on breach
    escalations = Team.objects.create(name="ارشد")
    _policy(
        admin,
        name="سخت‌گیر",
        first_response_minutes=15,
        escalate_notify=True,
        escalate_priority="urgent",
        escalate_team_id=escalations.pk,
        escalate_assignee_id=agent.pk,
    )
    conversation = _conversation(inbound, events_run)
    # when 16 minutes pass without an answer
    travel(minutes=16)
    with events_run():
        tasks.check_clocks.call()
    # then Hamdel raised the priority, moved and reassigned it, and told the supervisor in a note
    conversation.refresh_from_db()
    assert conversation.priority == Priority.URGENT
    assert conversation.team == escalations and conversation.assignee == agent
    note = Message.objects.get(conversation=conversation, kind="note")
    assert "@lead" in note.text and note.author is None
    escalated = ConversationEvent.objects.get(conversation=conversation, type=EventType.SLA_ESCALATED)
    assert escalated.new["notified"] == [{"id": lead.pk, "name": "نسرین"}]
    assert escalated.actor_kind == "system"
    changed = ConversationEvent.objects.get(conversation=conversation, type=EventType.PRIORITY_CHANGED)
    assert changed.actor_kind == "system" and changed.new == "urgent"
    # and the conversation's history says so in Persian
    client = Client()
    client.force_login(agent)
    page = client.get(f"/c/{conversation.number}/").content.decode()
    assert "همدل: گذشتن از موعد SLA — اولین پاسخ، سیاست «سخت‌گیر»" in page
    assert "همدل: ارجاع به‌خاطر SLA — به نسرین خبر داده شد" in page


def test_resolved_in_time_is_met_and_reopening_goes_on_from_the_minutes_used(
    admin, agent, inbound, events_run, travel
):
    _policy(admin, name="حل", first_response_minutes=30, resolution_minutes=120)
    conversation = _conversation(inbound, events_run, thread_key="order-77")
    travel(minutes=10)
    with events_run():
        conv.reply(conversation=conversation, author=agent, text="حل شد", status=Status.RESOLVED)
    clock = _clock(conversation)
    assert clock.state == "met" and clock.resolution_met is True and clock.next_due is None
    # when the customer writes again a day later
    travel(days=1)
    with events_run():
        inbound(text="باز هم مشکل دارم", thread_key="order-77")
    clock = _clock(conversation)
    assert clock.resolution_met is None
    assert clock.resolution_due == travel.now + 110 * MIN


def test_no_policy_means_no_clock_in_the_api(api, inbound, events_run):
    conversation = _conversation(inbound, events_run)
    assert api.get(f"/conversations/{conversation.pk}").json()["sla"] is None


def test_the_clock_is_rebuilt_from_history_for_existing_conversations(admin, agent, inbound, travel):
    # given a conversation from before any policy existed (no listener ran), answered after 40 minutes
    conversation = Conversation.objects.get(pk=inbound().conversation_id)
    travel(minutes=40)
    conv.reply(conversation=conversation, author=agent, text="سلام")
    policy = _policy(admin, name="پاسخ اول", first_response_minutes=30, resolution_minutes=600)
    # when its clock is rebuilt
    clock = services.sla_clock_rebuild(conversation=conversation)
    # then the late first answer and the resolution time used are both known
    assert clock.policy == policy
    assert clock.first_response_met is False
    assert clock.resolution_used == pytest.approx(40)
    assert clock.resolution_due == travel.now + 560 * MIN


def test_business_minutes_skip_thursday_afternoon_and_friday(admin, agent, inbound, events_run, travel):
    # given a 60-business-minute first response on the default calendar (Thursday 09–13, Friday closed)
    _policy(admin, name="کاری", first_response_minutes=60, basis="business")
    # when a customer writes on Thursday 12:30 Tehran time (09:00 UTC)
    travel.now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    conversation = _conversation(inbound, events_run)
    # then 30 minutes count on Thursday and the other 30 on Saturday morning: due Saturday 09:30 Tehran
    assert _clock(conversation).first_response_due == dt.datetime(2026, 12, 5, 6, 0, tzinfo=dt.UTC)
    # and pending over the weekend keeps the 30 minutes used
    travel.now = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)  # Thursday 13:00, closing time
    with events_run():
        conv.conversation_set_status(conversation=conversation, status=Status.PENDING, actor=agent)
    assert _clock(conversation).first_response_used == pytest.approx(30)
    travel.now = dt.datetime(2026, 12, 5, 7, 30, tzinfo=dt.UTC)  # Saturday 11:00
    with events_run():
        conv.conversation_set_status(conversation=conversation, status=Status.OPEN, actor=agent)
    assert _clock(conversation).first_response_due == dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)


def test_a_new_policy_gives_open_conversations_their_clock_without_flooding(
    admin, agent, inbound, events_run, travel
):
    # given a conversation that waited three hours before any policy existed
    conversation = _conversation(inbound, events_run)
    travel(hours=3)
    # when an admin adds a one-hour first-response policy
    with events_run():
        _policy(admin, name="یک ساعته", first_response_minutes=60)
    # then the conversation's clock counts from its first message: already breached, an hour after it came
    clock = _clock(conversation)
    assert clock.state == "breached"
    assert clock.first_response_due == travel.now - 2 * 60 * MIN
    # and the minute check does not write a breach into its history after the fact
    with events_run():
        tasks.check_clocks.call()
    assert _types(conversation, EventType.SLA_WARNING, EventType.SLA_BREACHED) == []
