"""The rules and webhooks listeners when nothing listens (issue 11): they return after one query, and a rule
saved a second ago still acts on the very next event, one by one or in a drained batch."""

from __future__ import annotations

from typing import Any

from hamdel.automation.rules.runner import listener_for
from hamdel.automation.webhooks.tasks import listener_for as webhook_listener_for
from hamdel.conversations.events import MessageCreated
from hamdel.conversations.models import ActorKind, Conversation, ConversationEvent, Tag
from hamdel.core import events
from tests.automation.test_rules import CANCEL_RULE
from tests.conftest import ApiClient


def _rule(admin_api: ApiClient) -> None:
    Tag.objects.get_or_create(name="لغو-سفارش")
    response = admin_api.post("/rules", CANCEL_RULE | {"actions": [{"type": "tag", "value": "لغو-سفارش"}]})
    assert response.status_code == 201, response.content


def _tagged(result: Any) -> bool:
    conv = Conversation.objects.get(pk=result.conversation_id)
    return conv.tags.filter(name="لغو-سفارش").exists()


def test_with_no_rule_and_no_subscription_a_message_costs_one_query_each(
    inbound: Any, django_assert_num_queries: Any
) -> None:
    result = inbound("لطفاً سفارشم را لغو کنید")
    with django_assert_num_queries(1):
        listener_for("message.received")(message_id=result.message_id)
    with django_assert_num_queries(1):
        webhook_listener_for("message.received")(message_id=result.message_id)


def test_a_batch_with_no_rule_reads_the_rules_once(inbound: Any, django_assert_num_queries: Any) -> None:
    payloads = [{"message_id": inbound(f"لغو شماره {i}").message_id} for i in range(5)]
    with django_assert_num_queries(1):
        events._batch_forms[_registered("rules_on_message_received")](payloads)
    with django_assert_num_queries(1):
        events._batch_forms[_registered("webhooks_on_message_received")](payloads)
    assert not ConversationEvent.objects.filter(actor_kind=ActorKind.RULE).exists()


def test_a_rule_saved_a_second_ago_acts_on_the_next_batch_and_the_next_event(
    inbound: Any, admin_api: ApiClient
) -> None:
    before = [inbound(f"لغو سفارش {i}", address=f"a{i}@example.ir") for i in range(2)]
    runner_many = events._batch_forms[_registered("rules_on_message_received")]
    runner_many([{"message_id": r.message_id} for r in before])
    assert not any(_tagged(r) for r in before)
    _rule(admin_api)  # in the same process, no cache to clear: the next batch must see it
    after = [inbound(f"لغو سفارش {i}", address=f"b{i}@example.ir") for i in range(2)]
    runner_many([{"message_id": r.message_id} for r in after])
    assert all(_tagged(r) for r in after)
    one = inbound("لغو کنید", address="c@example.ir")
    _registered("rules_on_message_received")(message_id=one.message_id)
    assert _tagged(one)


def _registered(name: str) -> Any:
    """The listener the wiring registered for message.received as `name` (its batch form is keyed by it)."""
    return next(
        listener
        for listener in events._listeners[MessageCreated.name]
        if getattr(listener, "__name__", "") == name
    )
