"""Agent actions: replies go through the outbox, changes write timeline events, round-robin is fair."""

import pytest

from hamdel.accounts.services import user_create
from hamdel.conversations import services
from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    Delivery,
    Message,
    Priority,
    Status,
    Tag,
)
from hamdel.core.errors import ApplicationError


@pytest.fixture
def conv(inbound):
    return Conversation.objects.get(
        pk=inbound(
            "سلام، کمک می‌خواهم", channel="api", identity_kind="handle", address="crm-42"
        ).conversation_id
    )


def test_reply_writes_message_and_delivery_together(conv, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(conversation=conv, author=agent, text="سلام، بررسی می‌کنم")
    conv.refresh_from_db()
    delivery = Delivery.objects.get(message=message)
    # the generic channel without a webhook hands replies over through the API: stored means delivered
    assert delivery.status == "sent"
    assert conv.first_response_at is not None
    assert conv.status == Status.OPEN
    assert conv.assignee == agent


def test_reply_can_set_status_in_the_same_step(conv, agent):
    services.reply(conversation=conv, author=agent, text="حل شد", status=Status.RESOLVED)
    conv.refresh_from_db()
    assert conv.status == Status.RESOLVED
    assert conv.resolved_at is not None


def test_changes_are_recorded_in_the_timeline(conv, agent, lead):
    Tag.objects.create(name="مالی")
    Tag.objects.create(name="VIP")
    services.conversation_set_status(conversation=conv, status=Status.PENDING, actor=agent)
    services.conversation_set_priority(conversation=conv, priority=Priority.URGENT, actor=lead)
    services.conversation_assign(conversation=conv, assignee=lead, actor=agent)
    services.conversation_set_tags(conversation=conv, names=["مالی", "VIP"], actor=agent)
    events = [
        (e.type, e.actor_name, e.old, e.new)
        for e in ConversationEvent.objects.filter(conversation=conv).exclude(type="created").order_by("id")
    ]
    assert events == [
        ("status_changed", "سارا", "new", "pending"),
        ("priority_changed", "نسرین", "normal", "urgent"),
        ("assigned", "سارا", None, {"id": lead.pk, "name": "نسرین"}),
        ("tagged", "سارا", None, "VIP"),
        ("tagged", "سارا", None, "مالی"),
    ]
    assert not Message.objects.filter(conversation=conv, kind="event").exists()


def test_unknown_status_is_refused(conv, agent):
    with pytest.raises(ApplicationError):
        services.conversation_set_status(conversation=conv, status="done", actor=agent)


def test_reopening_a_closed_conversation_counts(conv, agent):
    services.conversation_set_status(conversation=conv, status=Status.CLOSED, actor=agent)
    services.conversation_set_status(conversation=conv, status=Status.OPEN, actor=agent)
    conv.refresh_from_db()
    assert conv.reopen_count == 1 and conv.closed_at is None


def test_round_robin_skips_unavailable_members(conv, team, agent):
    bahar = user_create(username="bahar", password="s3cret-pass")
    away = user_create(username="away", password="s3cret-pass")
    away.is_available = False
    away.save()
    team.members.add(bahar, away)
    picks = [services.team_next_agent(team=team).username for _ in range(4)]
    assert picks == ["sara", "bahar", "sara", "bahar"]


def test_moving_to_team_with_round_robin_assigns(conv, team, agent):
    services.conversation_set_team(conversation=conv, team=team, actor=None, round_robin=True)
    conv.refresh_from_db()
    assert conv.team == team and conv.assignee == agent


def test_internal_note_is_never_delivered(conv, agent):
    note = services.note_add(conversation=conv, author=agent, text="مشتری VIP است")
    assert note.kind == "note"
    assert not Delivery.objects.filter(message=note).exists()


def test_bulk_close_and_tag(inbound, agent):
    ids = [inbound("x", thread_key=f"t{i}").conversation_id for i in range(3)]
    convs = list(Conversation.objects.filter(pk__in=ids))
    Tag.objects.create(name="ارسال")
    assert services.conversations_bulk(conversations=convs, action="tag", actor=agent, value="ارسال") == 3
    assert services.conversations_bulk(conversations=convs, action="close", actor=agent) == 3
    assert set(Conversation.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"closed"}
    assert Conversation.objects.filter(pk__in=ids, tags__name="ارسال").count() == 3


def test_canned_reply_placeholders(conv, agent):
    from hamdel.conversations.models import CannedReply

    canned = CannedReply.objects.create(
        title="t", shortcut="hi", text="سلام {customer_name}، {agent_name} هستم ({conversation_number})"
    )
    assert (
        services.render_canned(canned=canned, conversation=conv, agent=agent)
        == f"سلام علی رضایی، سارا هستم ({conv.number})"
    )
