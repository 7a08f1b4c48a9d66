"""Every customer message is read by the language models; agents see the signals and correct them."""

import json

import pytest

from hamdel.conversations.analysis import export_corrections, label_correct
from hamdel.conversations.models import Conversation, LabelCorrection, MessageAnalysis

ANGRY = "سه هفته است سفارش دادم هنوز خبری نیست!!! دیگه از این سایت خرید نمی‌کنم، پولم را پس بدهید"
THANKS = "خیلی ممنون از پشتیبانی عالی‌تون، مشکلم سریع حل شد 🙏"


@pytest.fixture
def angry(inbound, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = inbound(ANGRY)
    return Conversation.objects.get(pk=result.conversation_id)


def test_inbound_message_is_analysed_after_ingest(angry):
    analysis = MessageAnalysis.objects.get(message__conversation=angry)
    assert analysis.sentiment in {"negative", "very_negative"}
    assert analysis.polarity < 0
    assert analysis.language == "fa"
    assert analysis.model_version
    angry.refresh_from_db()
    assert angry.sentiment == analysis.sentiment and angry.emotion == analysis.emotion


def test_replies_and_notes_are_not_analysed(angry, agent, django_capture_on_commit_callbacks):
    from hamdel.conversations import services

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(conversation=angry, author=agent, text="عذر می‌خواهیم")
        services.note_add(conversation=angry, author=agent, text="پیگیری شود")
    assert MessageAnalysis.objects.count() == 1


def test_churn_risk_or_urgency_raises_priority_with_a_reason(angry):
    angry.refresh_from_db()
    analysis = MessageAnalysis.objects.get(message__conversation=angry)
    if analysis.churn_risk or analysis.urgency == "high" or analysis.abusive:
        assert angry.priority in {"high", "urgent"}
        event = angry.events.get(type="priority_changed")
        assert event.data["reason"]
        assert event.actor_kind == "system"
    else:  # the model missed it: the agent corrects it, and the priority follows
        message = angry.messages.get(direction="in")
        label_correct(message=message, field="churn_risk", value="true", author=None)
        angry.refresh_from_db()
        assert angry.priority == "high"


def test_agent_correction_is_stored_and_exported(angry, agent, tmp_path):
    message = angry.messages.get(direction="in")
    before = MessageAnalysis.objects.get(message=message)
    emotion = "sadness" if before.emotion != "sadness" else "fear"
    intent = "pricing" if before.intent != "pricing" else "other"
    label_correct(message=message, field="emotion", value=emotion, author=agent)
    label_correct(message=message, field="intent", value=intent, author=agent)
    corrections = LabelCorrection.objects.filter(message=message)
    assert {c.field for c in corrections} == {"emotion", "intent"}
    assert all(c.author == agent for c in corrections)
    angry.refresh_from_db()
    assert angry.emotion == emotion
    path = tmp_path / "c.jsonl"
    assert export_corrections(path) == 1
    row = json.loads(path.read_text())
    assert row["text"] == ANGRY and row["emotion"] == emotion and row["intent"] == intent
    assert "sentiment" not in row  # only what an agent corrected


def test_correction_with_unknown_value_is_refused(api, angry):
    message = angry.messages.get(direction="in")
    response = api.patch(f"/messages/{message.pk}/labels", {"field": "emotion", "value": "boredom"})
    assert response.status_code == 400
    ok = api.patch(f"/messages/{message.pk}/labels", {"field": "emotion", "value": "surprise"})
    assert ok.status_code == 200 and ok.json()["analysis"]["emotion"] == "surprise"
    assert ok.json()["analysis"]["corrected"] is True


def test_analyze_api(api):
    response = api.post("/analyze", {"texts": [ANGRY, THANKS, ""]})
    assert response.status_code == 200
    angry, thanks, empty = response.json()["analyses"]
    assert angry["polarity"] < thanks["polarity"]
    assert thanks["sentiment"] in {"positive", "very_positive"}
    assert empty["language"] == "other"
    assert api.post("/analyze", {"texts": ["x"] * 257}).status_code == 422


def test_inbox_shows_signals_and_filters_by_them(
    agent_client, angry, inbound, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inbound(THANKS, thread_key="thanks", subject="تشکر")
    html = agent_client.get("/?view=all").content.decode()
    assert 'class="emo senti-' in html
    negative = agent_client.get("/?view=all&signal=negative").content.decode()
    assert "تشکر" not in negative and ANGRY[:20] in negative


def test_label_chip_correction_in_the_conversation_page(agent_client, angry):
    message = angry.messages.get(direction="in")
    page = agent_client.get(f"/c/{angry.number}/").content.decode()
    assert f"/c/{angry.number}/messages/{message.pk}/labels/" in page
    agent_client.post(f"/c/{angry.number}/messages/{message.pk}/labels/", {"urgency": "low"})
    agent_client.post(f"/c/{angry.number}/messages/{message.pk}/labels/", {"urgency": "high"})
    assert MessageAnalysis.objects.get(message=message).urgency == "high"
    angry.refresh_from_db()
    assert angry.is_urgent and angry.priority == "urgent"


def test_customer_page_shows_the_sentiment_trend(agent_client, angry):
    html = agent_client.get(f"/customers/{angry.customer_id}/").content.decode()
    assert 'id="trend-data"' in html and "polarity" in html
