"""The actions added to rules after the first cut: actions other apps own (send_survey through the core
slot), notify, call_webhook, assign_team without round-robin; each recorded in the timeline by rule name."""

from __future__ import annotations

from typing import Any

import pytest

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.models import Rule
from hamdel.conversations.models import Conversation, ConversationEvent, EventType, Message
from hamdel.feedback.models import Invitation, InvitationStatus
from hamdel.feedback.services.surveys import survey_create
from tests.automation.test_rules import CANCEL_RULE, _conv, admin, admin_api, committed, message  # noqa: F401
from tests.conftest import ApiClient

QUESTIONS = [{"key": "csat", "type": "csat", "text": "از پاسخ ما راضی بودید؟"}]


@pytest.fixture
def survey(admin: User) -> Any:  # noqa: F811
    return survey_create(actor=admin, name="رضایت", questions=QUESTIONS)


def _rule(api: ApiClient, actions: list[dict[str, Any]], **extra: Any) -> Any:
    return api.post("/rules", CANCEL_RULE | {"actions": actions} | extra)


def test_send_survey_is_an_action_feedback_offers_through_the_slot(
    admin_api: ApiClient,  # noqa: F811
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
    admin_api: ApiClient,  # noqa: F811
    survey: Any,
) -> None:
    response = _rule(admin_api, [{"type": "send_survey", "value": 999999}])
    assert response.status_code == 400 and response.json()["extra"] == {"actions[0].value": "unknown_survey"}
    survey.is_active = False
    survey.save()
    response = _rule(admin_api, [{"type": "send_survey", "value": survey.pk}])
    assert response.status_code == 400 and response.json()["extra"] == {"actions[0].value": "survey_closed"}
    assert not Rule.objects.exists()
