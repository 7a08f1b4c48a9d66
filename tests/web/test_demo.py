"""`hamdel demo` loads a realistic, varied data set once: nothing in the future, answers that fit."""

import itertools
import json

import pytest
from django.db.models import Count, F
from django.utils import timezone

from hamdel.conversations.models import Conversation, ConversationEvent, Message, MessageAnalysis, Status
from hamdel.core import channels
from hamdel.customers.models import Customer
from hamdel.demo.loader import (
    CORPUS,
    DEFAULT_REPLY,
    FOLLOW_UP_SOLVED,
    FOLLOW_UP_WAITING,
    REPLIES,
    THANKS,
    load_demo,
)


@pytest.fixture
def demo(db):
    before = timezone.now()
    assert load_demo() is True
    return before


def test_demo_data_covers_every_channel_and_status(demo):
    assert Customer.objects.count() >= 50
    assert Conversation.objects.count() >= 300
    assert set(Conversation.objects.values_list("channel", flat=True)) == set(channels.names())
    assert set(Conversation.objects.values_list("status", flat=True)) == set(Status.values)
    assert Conversation.objects.filter(messages__direction="out").distinct().count() > 200
    assert Conversation.objects.filter(messages__kind="note").exists()
    assert Conversation.objects.filter(tags__isnull=False).exists()
    assert MessageAnalysis.objects.count() > 300  # the inbox shows signals from the start
    oldest = Conversation.objects.order_by("created_at").first().created_at
    newest = Conversation.objects.order_by("-created_at").first().created_at
    assert (newest - oldest).days >= 80
    assert Conversation.objects.values("customer").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # loaded once: a second run changes nothing
    assert load_demo() is False


def test_demo_reads_like_a_real_history_nothing_in_the_future_replies_that_fit(demo):
    now = timezone.now()
    assert not Message.objects.filter(created_at__gt=now).exists()
    assert not ConversationEvent.objects.filter(at__gt=now).exists()
    assert not Conversation.objects.filter(last_message_at__gt=now).exists()
    # and a history reads in order: the first answer comes after the conversation began
    assert not Conversation.objects.filter(first_response_at__lt=F("created_at")).exists()
    assert not Conversation.objects.filter(resolved_at__lt=F("created_at")).exists()
    # events were spread over the 90 days with their messages, not stamped at load time
    assert ConversationEvent.objects.filter(at__lt=demo).count() == ConversationEvent.objects.count()
    # replies answer the message they follow
    intent_of = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            intent_of[row["text"]] = row["intent"]
    checked = 0
    for conv in Conversation.objects.prefetch_related("messages")[:200]:
        thread = [m for m in conv.messages.all() if m.kind == "message"]
        for asked, answer in itertools.pairwise(thread):
            if asked.direction == "in" and answer.direction == "out" and asked.text in intent_of:
                fitting = REPLIES.get(intent_of[asked.text], [DEFAULT_REPLY]) + REPLIES["praise"] + THANKS
                assert answer.text in fitting, (asked.text, answer.text)
                checked += 1
            if asked.direction == "out" and answer.direction == "in" and "bot" not in (asked.meta or {}):
                # the customer's next word after an agent's reply continues the same conversation
                assert answer.text in FOLLOW_UP_SOLVED + FOLLOW_UP_WAITING
    assert checked > 100
