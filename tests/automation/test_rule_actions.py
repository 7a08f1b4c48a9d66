"""The actions added to rules after the first cut: actions other apps own (send_survey through the core
slot), notify, call_webhook, assign_team without round-robin; each recorded in the timeline by rule name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.models import Rule
from hamdel.automation.webhooks.models import WebhookDelivery
from hamdel.conversations.models import ConversationEvent, EventType, Message
from hamdel.conversations.templatetags.conversation_tags import event_text
from hamdel.feedback.models import Invitation, InvitationStatus
from hamdel.feedback.services.surveys import survey_create
from tests.automation.conftest import Receiver
from tests.automation.test_rules import CANCEL_RULE, committed, message  # noqa: F401
from tests.conftest import ApiClient

QUESTIONS = [{"key": "csat", "type": "csat", "text": "از پاسخ ما راضی بودید؟"}]


@pytest.fixture
def survey(admin: User) -> Any:
    return survey_create(actor=admin, name="رضایت", questions=QUESTIONS)


def _rule(api: ApiClient, actions: list[dict[str, Any]], **extra: Any) -> Any:
    return api.post("/rules", CANCEL_RULE | {"actions": actions} | extra)


def test_send_survey_is_an_action_feedback_offers_through_the_slot(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    survey: Any,
) -> None:
    assert _rule(admin_api, [{"type": "send_survey", "value": survey.pk}]).status_code == 201
    conv = message("می‌خواهم سفارش را لغو کنم")
    invitation = Invitation.objects.get(conversation=conv)
    assert invitation.status == InvitationStatus.SENT and invitation.survey == survey
    # the customer got the link through the conversation's own channel
    assert Message.objects.filter(conversation=conv, meta__feedback_invitation=invitation.pk).exists()


def test_a_rule_naming_an_unknown_or_closed_survey_is_refused(
    admin_api: ApiClient,
    survey: Any,
) -> None:
    response = _rule(admin_api, [{"type": "send_survey", "value": 999999}])
    assert response.status_code == 400 and response.json()["extra"] == {"actions[0].value": "unknown_survey"}
    survey.is_active = False
    survey.save()
    response = _rule(admin_api, [{"type": "send_survey", "value": survey.pk}])
    assert response.status_code == 400 and response.json()["extra"] == {"actions[0].value": "survey_closed"}
    assert not Rule.objects.exists()


def test_assign_team_without_round_robin_sets_only_the_team(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    team: Team,
) -> None:
    action = {"type": "assign_team", "value": team.pk, "round_robin": False}
    assert _rule(admin_api, [action]).status_code == 201
    conv = message("لغو")
    conv.refresh_from_db()
    assert conv.team == team and conv.assignee is None
    bad = _rule(admin_api, [action | {"round_robin": "yes"}])
    assert bad.status_code == 400 and bad.json()["extra"] == {"actions[0].round_robin": "invalid"}


def test_a_note_made_by_a_rule_is_in_the_timeline_under_the_rules_name(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    admin_client: Any,
) -> None:
    assert _rule(admin_api, [{"type": "add_note", "value": "مشتری می‌خواهد لغو کند"}]).status_code == 201
    conv = message("لغو")
    event = ConversationEvent.objects.get(conversation=conv, type=EventType.RULE_APPLIED)
    assert event.actor_name == CANCEL_RULE["name"] and event.new["action"] == "add_note"
    text = event_text(event)
    assert text.startswith(f"قاعدهٔ «{CANCEL_RULE['name']}»: ") and "مشتری می‌خواهد لغو کند" in text
    page = admin_client.get(reverse("conversations:conversation", args=[conv.number]))
    assert page.status_code == 200 and f"قاعدهٔ «{CANCEL_RULE['name']}»: " in page.content.decode()


def test_call_webhook_sends_one_delivery_to_the_named_subscription(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    receiver: Receiver,
    settings: Any,
) -> None:
    settings.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = True
    created = admin_api.post("/webhooks", {"url": receiver.url, "events": ["sla.breached"]})
    hook = int(created.json()["id"])
    assert _rule(admin_api, [{"type": "call_webhook", "value": hook}]).status_code == 201
    conv = message("لغو")
    delivery = WebhookDelivery.objects.get(subscription_id=hook)
    assert delivery.event == "message.received"
    assert json.loads(delivery.body)["data"]["conversation_id"] == conv.pk
    assert (
        json.loads(delivery.body)["data"]["conversation"]["number"] == conv.number
    )  # the receiver needs no 2nd call
    assert receiver.got and json.loads(receiver.got[0].body)["id"] == str(delivery.uuid)
    assert ConversationEvent.objects.filter(conversation=conv, type=EventType.RULE_APPLIED).exists()
    bad = _rule(admin_api, [{"type": "call_webhook", "value": hook + 1000}])
    assert bad.status_code == 400 and bad.json()["extra"] == {"actions[0].value": "unknown_webhook"}


def test_notify_reaches_the_assignee_in_the_notification_centre(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    agent: User,
) -> None:
    pytest.importorskip("hamdel.accounts.notifications")
    from hamdel.accounts.models import Notification  # type: ignore[attr-defined,unused-ignore]

    actions = [
        {"type": "assign_agent", "value": agent.pk},
        {"type": "notify", "value": {"to": "assignee", "text": "یک درخواست لغو رسید"}},
    ]
    assert _rule(admin_api, actions).status_code == 201
    conv = message("لغو")
    notice = Notification.objects.get(user=agent)
    assert "یک درخواست لغو رسید" in notice.text and str(conv.number) in notice.link
    bad = _rule(admin_api, [{"type": "notify", "value": {"to": "everyone", "text": ""}}])
    assert bad.status_code == 400
    assert bad.json()["extra"] == {
        "actions[0].value.to": "unknown_recipient",
        "actions[0].value.text": "required",
    }


def test_a_survey_answered_rule_finds_the_conversation_the_survey_was_sent_in(
    admin_api: ApiClient,
    message: Any,  # noqa: F811
    survey: Any,
    committed: Any,  # noqa: F811
) -> None:
    from hamdel.conversations.models import Tag
    from hamdel.feedback.services.invitations import survey_invite
    from hamdel.feedback.services.responses import response_save

    Tag.objects.create(name="ناراضی")
    rule = {
        "name": "پاسخ نظرسنجی",
        "event": "survey.answered",
        "conditions": {},
        "actions": [{"type": "tag", "value": "ناراضی"}],
    }
    assert admin_api.post("/rules", rule).status_code == 201
    conv = message("سلام")
    invitation = committed(survey_invite, actor=None, survey=survey, conversation=conv)
    committed(response_save, survey=survey, answers={"csat": 5}, complete=True, invitation=invitation)
    assert list(conv.tags.values_list("name", flat=True)) == ["ناراضی"]


def test_the_sweep_disables_a_rule_whose_survey_was_deleted_with_the_reason(
    admin_api: ApiClient,
    survey: Any,
    team: Team,
) -> None:
    from hamdel.automation.rules.runner import rules_sweep

    kept = _rule(admin_api, [{"type": "assign_team", "value": team.pk}]).json()["id"]
    broken = _rule(admin_api, [{"type": "send_survey", "value": survey.pk}]).json()["id"]
    survey.delete()
    assert rules_sweep() == [broken]
    rule = Rule.objects.get(pk=broken)
    assert not rule.enabled and "No such survey" not in rule.disabled_reason
    assert "نظرسنجی" in rule.disabled_reason and "actions[0].value" in rule.disabled_reason
    assert Rule.objects.get(pk=kept).enabled
    assert rules_sweep() == []  # already off: nothing more


def test_a_rule_whose_action_is_no_longer_offered_is_switched_off_not_crashing(
    admin_api: ApiClient,
    survey: Any,
    message: Any,  # noqa: F811
) -> None:
    from hamdel.core import slots

    rule_id = _rule(admin_api, [{"type": "send_survey", "value": survey.pk}]).json()["id"]
    offered = slots._rule_actions.pop("send_survey")  # as if feedback were uninstalled
    try:
        conv = message("لغو")  # the pipeline goes on
    finally:
        slots.rule_action_register(offered)
    rule = Rule.objects.get(pk=rule_id)
    assert not rule.enabled and "actions[0].type" in rule.disabled_reason
    assert not Invitation.objects.filter(conversation=conv).exists()
