"""The review API: its exact answer, the context derived from a conversation, overrides, odd input."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from hamdel.accounts.models import User
from hamdel.coach.review.selectors import mood_of, review_context
from hamdel.conversations.models import Conversation, MessageAnalysis, Tag
from hamdel.conversations.services import reply
from hamdel.conversations.types import IngestResult

pytestmark = pytest.mark.django_db

FACTUAL = "سفارش شما فردا ساعت ۱۰ تحویل می‌شود."  # no greeting, no introduction, no feeling named


def _codes(response: Any) -> set[str]:
    return {f["code"] for f in response.json()["findings"]}


@pytest.fixture
def conv(inbound: Callable[..., IngestResult], django_capture_on_commit_callbacks: Any) -> Conversation:
    with django_capture_on_commit_callbacks(execute=True):  # the analysis runs on commit
        result = inbound("سه هفته است سفارشم نرسیده و هیچ‌کس جواب نمی‌دهد، واقعاً عصبانی‌ام")
    return Conversation.objects.get(pk=result.conversation_id)


def _feel(conv: Conversation, *, sentiment: str, emotion: str, intent: str = "other") -> None:
    """Fix the latest message's analysis, so the test does not depend on the language model's reading."""
    MessageAnalysis.objects.filter(message__conversation=conv).update(
        sentiment=sentiment, emotion=emotion, intent=intent
    )


def test_the_answer_has_exactly_the_documented_shape(api: Any) -> None:
    # given a first reply with no greeting to an upset customer
    body = {
        "draft": FACTUAL,
        "customer_message": "سفارشم نرسیده",
        "first_reply": True,
        "fault": "ours",
        "request_possible": True,
        "customer_mood": "upset",
    }
    # when the draft is reviewed
    response = api.post("/coach/review", body)
    # then the answer is a score and findings with exactly the five documented fields
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"score", "findings"}
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert data["findings"], data
    for finding in data["findings"]:
        assert set(finding) == {"code", "message", "start", "end", "suggestion"}
        assert 0 <= finding["start"] <= finding["end"] <= len(FACTUAL)
    assert "missing_greeting" in _codes(response)


def test_the_context_comes_from_the_conversation(conv: Conversation, agent: User) -> None:
    # given an angry customer whose parcel is late, and no agent reply yet
    _feel(conv, sentiment="very_negative", emotion="anger", intent="delivery_delay")
    # when the coach's context is derived
    ctx = review_context(conversation=conv)
    # then it is a first reply to an angry customer, about something we did, with their words
    assert ctx.first_reply is True
    assert ctx.customer_mood == "angry"
    assert ctx.fault == "ours"
    assert "عصبانی" in ctx.customer_message
    assert ctx.request_possible is None
    # and once an agent has replied, the next reply is no longer the first
    reply(conversation=conv, author=agent, text="سلام، من سارا هستم؛ بررسی می‌کنم.")
    assert review_context(conversation=conv).first_reply is False


def test_a_tag_names_whose_fault_it_was(conv: Conversation) -> None:
    # given a complaint the model reads as a product question, tagged by the team as the customer's mistake
    _feel(conv, sentiment="negative", emotion="sadness", intent="product_question")
    conv.tags.add(Tag.objects.create(name="اشتباه مشتری"))
    # when the context is derived, then the tag wins and the mood is the sadness the analysis saw
    ctx = review_context(conversation=conv)
    assert ctx.fault == "customer"
    assert ctx.customer_mood == "upset"


@pytest.mark.parametrize(
    ("sentiment", "emotion", "abusive", "mood"),
    [
        ("negative", "anger", False, "angry"),
        ("negative", "disgust", False, "angry"),
        ("negative", "sadness", False, "upset"),
        ("neutral", "fear", False, "worried"),
        ("positive", "joy", False, "happy"),
        ("very_negative", "neutral", False, "angry"),
        ("negative", "surprise", False, "upset"),
        ("neutral", "neutral", False, "neutral"),
        ("very_positive", "neutral", False, "happy"),
        ("neutral", "neutral", True, "angry"),
    ],
)
def test_mood_mapping(sentiment: str, emotion: str, abusive: bool, mood: str) -> None:
    assert mood_of(sentiment=sentiment, emotion=emotion, abusive=abusive) == mood


def test_a_first_reply_to_an_angry_customer_without_greeting_or_empathy(api: Any, conv: Conversation) -> None:
    # given an angry customer and no reply yet
    _feel(conv, sentiment="very_negative", emotion="anger")
    # when a bare factual draft is reviewed in that conversation
    response = api.post("/coach/review", {"draft": FACTUAL, "conversation_id": conv.pk})
    # then the coach asks for a greeting and for naming the customer's feeling
    assert response.status_code == 200
    assert {"missing_greeting", "missing_empathy"} <= _codes(response)


def test_explicit_fields_override_the_conversation(api: Any, conv: Conversation) -> None:
    # given the same angry first contact
    _feel(conv, sentiment="very_negative", emotion="anger")
    # when the caller says it is not the first reply and the customer is happy
    response = api.post(
        "/coach/review",
        {"draft": FACTUAL, "conversation_id": conv.pk, "first_reply": False, "customer_mood": "happy"},
    )
    # then neither the greeting nor empathy is asked for
    assert response.status_code == 200
    assert not {"missing_greeting", "missing_introduction", "missing_empathy"} & _codes(response)


def test_bad_values_are_refused_naming_every_field(api: Any) -> None:
    # when three fields are wrong at once
    response = api.post(
        "/coach/review",
        {
            "draft": 12,
            "fault": "mine",
            "first_reply": "yes",
            "customer_mood": "sleepy",
            "request_possible": 1,
        },
    )
    # then one 400 names each of them, in Persian
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_review"
    assert set(data["extra"]["fields"]) == {
        "draft",
        "fault",
        "first_reply",
        "customer_mood",
        "request_possible",
    }
    for name in ("draft", "fault", "first_reply", "customer_mood", "request_possible"):
        assert f"«{name}»" in data["message"]
    assert "باید" in data["message"]


def test_a_missing_draft_and_a_bad_conversation_id(api: Any) -> None:
    missing = api.post("/coach/review", {"first_reply": True})
    assert missing.status_code == 400
    assert missing.json()["extra"]["fields"] == {"draft": "required"}
    wrong = api.post("/coach/review", {"draft": "سلام", "conversation_id": "دوازده"})
    assert wrong.status_code == 400
    assert wrong.json()["extra"]["fields"] == {"conversation_id": "integer"}


def test_an_unknown_conversation_is_404(api: Any) -> None:
    response = api.post("/coach/review", {"draft": "سلام", "conversation_id": 987654})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "draft",
    [
        "",
        "   \n ",
        "😊🙏🌹",
        "سلام! order shoma ersal shod, thanks 🙂",
        "salam, man Sara hastam az poshtibani",
        "سلام، من سارا هستم. " + "بررسی می‌کنیم و خبر می‌دهیم. " * 800,  # about 20,000 characters
    ],
)
def test_odd_drafts_get_a_clear_answer_fast(api: Any, draft: str) -> None:
    # when an odd draft is reviewed
    started = time.perf_counter()
    response = api.post("/coach/review", {"draft": draft[:20_000], "customer_mood": "neutral"})
    elapsed = time.perf_counter() - started
    # then the answer is a plain 200 in the documented shape, well within a second
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"score", "findings"}
    for finding in data["findings"]:
        assert 0 <= finding["start"] <= finding["end"] <= len(draft[:20_000])
    assert elapsed < 1.0


def test_an_empty_draft_has_nothing_to_point_out(api: Any) -> None:
    response = api.post("/coach/review", {"draft": ""})
    assert response.status_code == 200
    assert response.json()["findings"] == []


def test_a_draft_beyond_the_limit_is_refused(api: Any) -> None:
    response = api.post("/coach/review", {"draft": "ا" * 100_001})
    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"draft": "too_long"}


def test_the_agents_pick_wins_over_tags_and_intent(
    conv: Conversation, agent: User, agent_client: Any
) -> None:
    # given a late parcel (intent: our fault) tagged by someone as the customer's mistake
    _feel(conv, sentiment="negative", emotion="anger", intent="delivery_delay")
    conv.tags.add(Tag.objects.create(name="اشتباه مشتری"))
    assert review_context(conversation=conv).fault == "customer"
    # when the agent says in the coach panel that it was our fault and the request can be met
    response = agent_client.post(
        reverse("coach:review_context", args=[conv.number]), {"fault": "ours", "request_possible": "yes"}
    )
    # then the coach reviews with that reading
    assert response.status_code == 302
    ctx = review_context(conversation=conv)
    assert (ctx.fault, ctx.request_possible) == ("ours", True)
    # and the panel shows the choice
    page = agent_client.get(reverse("conversations:conversation", args=[conv.number])).content.decode()
    assert 'id="coach-context"' in page
    assert '<option value="ours" selected>' in page
    # and an explicit field of the API still wins over the pick
    assert review_context(conversation=conv, fault="none").fault == "none"


def test_a_bad_pick_changes_nothing(conv: Conversation, agent_client: Any) -> None:
    url = reverse("coach:review_context", args=[conv.number])
    response = agent_client.post(
        url, {"fault": "the moon", "request_possible": "perhaps"}, HTTP_X_HAMDEL_FETCH="1"
    )
    assert response.status_code == 400
    assert "«fault»" in response.content.decode() and "«request_possible»" in response.content.decode()
    assert review_context(conversation=conv).request_possible is None
    # and the in-place save answers 204 when it works
    ok = agent_client.post(url, {"fault": "none", "request_possible": "no"}, HTTP_X_HAMDEL_FETCH="1")
    assert ok.status_code == 204
    assert review_context(conversation=conv).fault == "none"
