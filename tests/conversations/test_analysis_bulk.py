"""Analysis rows stored in one INSERT (the drain's batch, issue 11) keep the first stored analysis."""

from __future__ import annotations

from typing import Any

from hamdel.conversations.analysis import analyze_and_store, analyze_messages
from hamdel.conversations.models import Conversation, Message, MessageAnalysis


def test_a_batch_that_meets_an_analysis_stored_meanwhile_keeps_it_and_stores_the_rest(inbound: Any) -> None:
    first = inbound("فوری: کارتم دو بار شارژ شده", address="a@example.ir")
    second = inbound("ممنون، عالی بود", address="b@example.ir")
    messages = list(Message.objects.filter(pk__in=[first.message_id, second.message_id]).order_by("pk"))
    kept = analyze_and_store(first.message_id)  # another worker got there first
    assert kept is not None
    stored = analyze_messages(messages, keep_existing=True, together=True)
    assert stored[0].pk == kept.pk
    assert MessageAnalysis.objects.filter(message_id=first.message_id).get().pk == kept.pk
    assert MessageAnalysis.objects.count() == 2


def test_a_batch_sets_the_signals_from_each_conversations_newest_message_only(inbound: Any) -> None:
    older = inbound("فوری: کارتم دو بار شارژ شده، پولم را پس بدهید", address="c@example.ir")
    newer = inbound("ممنون، حل شد", address="c@example.ir")
    assert older.conversation_id == newer.conversation_id
    messages = list(Message.objects.filter(pk__in=[older.message_id, newer.message_id]).order_by("pk"))
    stored = analyze_messages(messages, keep_existing=True, together=True)
    conv = Conversation.objects.get(pk=newer.conversation_id)
    assert conv.sentiment == stored[1].sentiment
    assert conv.is_urgent == (stored[1].urgency == "high")
