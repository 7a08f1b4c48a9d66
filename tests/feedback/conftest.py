"""Feedback fixtures: a CSAT survey with branching, an NPS survey, a resolved conversation, a lead's key."""

from __future__ import annotations

import pytest

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import conversation_set_status, reply
from hamdel.feedback.services import survey_create
from tests.conftest import ApiClient

CSAT_QUESTIONS = [
    {"key": "csat", "type": "csat", "text": "چقدر از پاسخ ما راضی بودید؟", "required": True},
    {
        "key": "why",
        "type": "text",
        "text": "چه چیزی خوب نبود؟",
        "required": True,
        "show_if": {"key": "csat", "op": "lte", "value": 2},
    },
    {"key": "comment", "type": "text", "text": "حرف دیگری دارید؟", "required": False},
]


@pytest.fixture
def csat_survey(lead):
    return survey_create(name="رضایت پس از پشتیبانی", questions=CSAT_QUESTIONS, actor=lead, delay_minutes=0)


@pytest.fixture
def nps_survey(lead):
    return survey_create(
        name="پیشنهاد به دوستان",
        questions=[
            {"key": "nps", "type": "nps", "text": "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟"},
            {"key": "ces", "type": "ces", "text": "حل مشکل‌تان آسان بود؟", "required": False},
            {
                "key": "topics",
                "type": "multiple_choice",
                "text": "از چه راضی بودید؟",
                "required": False,
                "choices": ["سرعت", "قیمت", "برخورد"],
            },
        ],
        actor=lead,
    )


@pytest.fixture
def resolved(inbound, agent):
    """A conversation an agent answered and then resolved by hand."""

    def make(address: str = "ali@example.ir", **kwargs) -> Conversation:
        result = inbound("سلام، سفارشم دیر رسید", address=address, **kwargs)
        conv = Conversation.objects.get(pk=result.conversation_id)
        reply(conversation=conv, author=agent, text="عذرخواهی می‌کنیم، پیگیری شد.")
        conversation_set_status(conversation=conv, status="resolved", actor=agent)
        return Conversation.objects.get(pk=conv.pk)

    return make


@pytest.fixture
def lead_api(lead: User) -> ApiClient:
    """An integration whose key acts as a supervisor (agents may not build surveys)."""
    _key, plain = api_key_create(name="lead-key", user=lead)
    return ApiClient(plain)
