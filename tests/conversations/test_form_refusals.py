"""Inbox and conversation forms refuse bad input with a Persian message, never a 500; nothing changes."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from hamdel.conversations.models import (
    Conversation,
    Delivery,
    DeliveryStatus,
    LabelCorrection,
    MessageAnalysis,
    Status,
)
from hamdel.conversations.services import reply

HUGE = "99999999999999999999999"


def _flash(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_bulk_with_a_huge_or_unknown_id_refuses_the_whole_selection(agent_client: Client, inbound):
    """Given a conversation, when the bulk form names one of them and an id that does not exist
    (or is too large for the database), then nothing is closed and the agent reads why."""
    conv = Conversation.objects.get(pk=inbound("سلام", thread_key="a").conversation_id)
    before = conv.status
    for bad, why in ((HUGE, "گفتگوها را با شناسه‌شان انتخاب کنید."), (str(conv.pk + 1000), "وجود ندارند")):
        response = agent_client.post(
            "/inbox/bulk/", {"ids": [str(conv.pk), bad], "action": "close"}, follow=True
        )
        assert response.status_code == 200
        assert len(_flash(response)) == 1 and why in _flash(response)[0]
        conv.refresh_from_db()
        assert conv.status == before != Status.CLOSED


def test_bulk_form_never_sends_the_agent_to_another_site(agent_client: Client, inbound):
    conv_id = inbound("سلام").conversation_id
    response = agent_client.post(
        "/inbox/bulk/", {"ids": [str(conv_id)], "action": "close", "next": "//evil.example/x"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("conversations:inbox")
    same_site = agent_client.post(
        "/inbox/bulk/", {"ids": [str(conv_id)], "action": "close", "next": "/inbox/?view=mine"}
    )
    assert same_site["Location"] == "/inbox/?view=mine"


def test_retrying_a_delivery_with_a_non_number_is_a_404_not_a_500(agent_client: Client, inbound):
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    for bad in ("abc", HUGE, ""):
        response = agent_client.post(f"/c/{conv.number}/retry/", {"delivery": bad})
        assert response.status_code == 404


def test_a_message_already_sent_is_not_sent_again_by_retry(
    agent_client: Client, inbound, agent, django_capture_on_commit_callbacks
):
    """Given a reply the customer has received, when someone posts "send again" for it, then the customer
    gets no second copy and the agent reads that only failed messages are sent again."""
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    with django_capture_on_commit_callbacks(execute=True):
        message = reply(conversation=conv, author=agent, text="پاسخ ما")
    delivery = Delivery.objects.get(message=message)
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(f"/c/{conv.number}/retry/", {"delivery": delivery.pk}, follow=True)
    assert len(mail.outbox) == 1
    assert _flash(response) == ["فقط پیامی که ارسالش ناموفق بوده دوباره فرستاده می‌شود."]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_correcting_two_labels_at_once_applies_both_or_neither(
    agent_client: Client, inbound, django_capture_on_commit_callbacks
):
    """Given an analysed message, when one form corrects a good label and a bad one, then neither changes."""
    with django_capture_on_commit_callbacks(execute=True):
        result = inbound("سفارشم خیلی دیر رسید، واقعا ناراحتم")
    conv = Conversation.objects.get(pk=result.conversation_id)
    message = conv.messages.get(direction="in")
    before = MessageAnalysis.objects.get(message=message)
    new_sentiment = "positive" if before.sentiment != "positive" else "negative"
    response = agent_client.post(
        f"/c/{conv.number}/messages/{message.pk}/labels/",
        {"sentiment": new_sentiment, "emotion": "no-such-emotion"},
        follow=True,
    )
    assert response.status_code == 200
    after = MessageAnalysis.objects.get(message=message)
    assert (after.sentiment, after.emotion, after.corrected) == (before.sentiment, before.emotion, False)
    assert not LabelCorrection.objects.filter(message=message).exists()
