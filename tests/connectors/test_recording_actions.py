"""Logging a call, a visit or a mention is an action like any other: whoever may not record feedback is
refused before anything is stored (no envelope, no conversation, no customer address)."""

from __future__ import annotations

import pytest

from hamdel.connectors.services import call_log, mention_record, mentions_import_csv, walk_in_log
from hamdel.conversations.models import Conversation, InboundEnvelope
from hamdel.core.errors import Forbidden
from hamdel.customers.models import ChannelIdentity, Customer


@pytest.fixture
def deactivated(agent):
    """An account switched off by an admin: it holds no role any more."""
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    return agent


def _stored() -> tuple[int, int, int]:
    return InboundEnvelope.objects.count(), Conversation.objects.count(), ChannelIdentity.objects.count()


def test_a_deactivated_account_cannot_log_calls_visits_or_mentions(deactivated):
    customer = Customer.objects.create(name="مریم")
    before = _stored()
    with pytest.raises(Forbidden):
        call_log(data={"caller": "09120000001", "agent_notes": "قرار شد پیگیری شود"}, actor=deactivated)
    with pytest.raises(Forbidden):
        walk_in_log(customer=customer, text="تعویض کالا", actor=deactivated)
    with pytest.raises(Forbidden):
        mention_record(data={"platform": "instagram", "author": "x", "text": "عالی"}, actor=deactivated)
    with pytest.raises(Forbidden):
        mentions_import_csv(content=b"platform,author,url,text,time\ninstagram,x,,good,\n", actor=deactivated)
    assert _stored() == before


def test_an_agent_still_logs_a_call_with_notes(agent):
    result = call_log(data={"caller": "09120000001", "agent_notes": "قرار شد پیگیری شود"}, actor=agent)
    conv = Conversation.objects.get(pk=result.conversation_id)
    assert conv.messages.filter(kind="note", author=agent).count() == 1
