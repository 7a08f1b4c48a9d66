"""Decisions on the coach's findings: from the composer (applied / ignored), and when a reply is sent with
findings still open; the composer's draft check carries the coach's findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from hamdel.accounts.models import Team, User
from hamdel.coach.review.events import CoachDecisionRecorded
from hamdel.coach.review.models import CoachDecision
from hamdel.conversations.models import Conversation, MessageAnalysis
from hamdel.conversations.services import reply
from hamdel.conversations.types import IngestResult
from hamdel.core import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def conv(
    inbound: Callable[..., IngestResult], team: Team, django_capture_on_commit_callbacks: Any
) -> Conversation:
    with django_capture_on_commit_callbacks(execute=True):
        result = inbound("سفارشم خراب رسیده، خیلی ناراحتم")
    conv = Conversation.objects.get(pk=result.conversation_id)
    conv.team = team
    conv.save(update_fields=["team"])
    MessageAnalysis.objects.filter(message__conversation=conv).update(
        sentiment="very_negative", emotion="anger", intent="other"
    )
    return conv


def test_an_applied_suggestion_is_stored_with_the_team(
    api: Any,
    conv: Conversation,
    agent: User,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    heard: list[dict[str, Any]] = []
    monkeypatch.setitem(events._listeners, CoachDecisionRecorded.name, [lambda **p: heard.append(p)])
    # when the agent applies the greeting the coach suggested
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/coach/decisions",
            {
                "conversation_id": conv.pk,
                "code": "missing_greeting",
                "decision": "applied",
                "draft_excerpt": "سفارش شما فردا می‌رسد.",
            },
        )
    # then it is stored for the conversation's team, and a typed event is published
    assert response.status_code == 201
    assert set(response.json()) == {"id", "conversation_id", "code", "decision"}
    row = CoachDecision.objects.get()
    assert (row.agent, row.team, row.code, row.decision) == (agent, team, "missing_greeting", "applied")
    assert row.draft_excerpt == "سفارش شما فردا می‌رسد."
    assert heard == [
        {"decision_id": row.pk, "conversation_id": conv.pk, "code": "missing_greeting", "decision": "applied"}
    ]


def test_a_bad_decision_changes_nothing(api: Any, conv: Conversation) -> None:
    response = api.post(
        "/coach/decisions", {"conversation_id": conv.pk, "code": "be_nicer", "decision": "maybe"}
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"code", "decision"}
    assert "«code»" in response.json()["message"] and "«decision»" in response.json()["message"]
    assert not CoachDecision.objects.exists()
    missing = api.post("/coach/decisions", {"code": "blaming", "decision": "ignored"})
    assert missing.status_code == 400
    assert not CoachDecision.objects.exists()
    unknown = api.post(
        "/coach/decisions", {"conversation_id": 99999, "code": "blaming", "decision": "ignored"}
    )
    assert unknown.status_code == 404


def test_a_reply_sent_with_open_findings_is_remembered(
    api: Any, conv: Conversation, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given the agent ignored the coach's "introduce yourself" while writing
    api.post(
        "/coach/decisions",
        {"conversation_id": conv.pk, "code": "missing_introduction", "decision": "ignored"},
    )
    # when they send a bare factual first reply to the angry customer
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(conversation=conv, author=agent, text="سفارش شما فردا ساعت ۱۰ تحویل می‌شود.")
    # then what the coach still finds on it is stored as sent_with, except the finding they chose to ignore
    sent = CoachDecision.objects.filter(decision="sent_with")
    codes = set(sent.values_list("code", flat=True))
    assert {"missing_greeting", "missing_empathy"} <= codes
    assert "missing_introduction" not in codes
    assert all(d.message_id == message.pk and d.agent == agent for d in sent)


def test_a_good_reply_leaves_no_sent_with(
    conv: Conversation, agent: User, django_capture_on_commit_callbacks: Any
) -> None:
    # given a later reply in the conversation (not the first), to a customer now content
    reply(conversation=conv, author=agent, text="سلام، من سارا از پشتیبانی هستم؛ بررسی می‌کنم.")
    MessageAnalysis.objects.filter(message__conversation=conv).update(sentiment="positive", emotion="joy")
    CoachDecision.objects.all().delete()
    # when a plain, concrete answer is sent
    with django_capture_on_commit_callbacks(execute=True):
        reply(conversation=conv, author=agent, text="بسته‌ی جایگزین امروز ساعت ۱۶ ارسال شد.")
    # then nothing is stored against the agent
    assert not CoachDecision.objects.filter(decision="sent_with").exists()


def test_the_composer_shows_the_coach_and_reports_back(agent_client: Any, conv: Conversation) -> None:
    # when the agent's draft is checked while they type
    response = agent_client.post(
        f"/api/v1/conversations/{conv.pk}/draft-check",
        {"draft": "سفارش شما به زودی ارسال می‌شود."},
        content_type="application/json",
    )
    # then the coach's findings are there, each telling the composer where to report the agent's choice
    assert response.status_code == 200
    findings = response.json()["findings"]
    by_code = {f["code"]: f for f in findings}
    assert {"missing_greeting", "missing_empathy"} <= set(by_code)
    assert by_code["missing_greeting"]["decision_url"] == "/api/v1/coach/decisions"
    # and a vague promise, seen by both the promises check and the coach, is listed once (and learnt from)
    assert [f["code"] for f in findings].count("vague_promise") == 1
    assert by_code["vague_promise"]["decision_url"] == "/api/v1/coach/decisions"


def test_the_conversation_page_offers_ignore(agent_client: Any, conv: Conversation) -> None:
    page = agent_client.get(reverse("conversations:conversation", args=[conv.number])).content.decode()
    assert f'data-conversation="{conv.pk}"' in page
    assert 'data-ignore="نادیده بگیر"' in page
