"""Customers get one survey after a real resolution; unhappy ones get a call back."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.conversations.models import Conversation, Message, Tag
from hamdel.conversations.services import conversation_set_status
from hamdel.feedback.models import FeedbackItem, Invitation, Response
from hamdel.feedback.services import invitation_create, on_conversation_resolved, response_save


def _answer_page(invitation: Invitation) -> str:
    return f"/feedback/s/{invitation.token}/"


def test_resolving_a_conversation_sends_the_survey_through_its_own_channel(
    csat_survey, resolved, django_capture_on_commit_callbacks
):
    # given an active after-resolution survey
    csat_survey.trigger = "resolution"
    csat_survey.save()
    # when an agent resolves a conversation
    with django_capture_on_commit_callbacks(execute=True):
        conv = resolved()
    # then the customer gets one invitation, as a system message through the outbox
    invitation = Invitation.objects.get(conversation=conv)
    assert invitation.status == "sent"
    message = Message.objects.get(meta__feedback_invitation=invitation.pk)
    assert message.author is None and message.channel == "email"
    assert invitation.token in message.text
    assert message.delivery.status in {"pending", "sent"}


def test_no_second_invitation_within_the_cooldown(csat_survey, resolved):
    csat_survey.trigger = "resolution"
    csat_survey.save()
    first = on_conversation_resolved(conversation_id=resolved().pk)
    second_conv = resolved(subject="another", thread_key="t-2")
    assert first is not None
    assert on_conversation_resolved(conversation_id=second_conv.pk) is None


def test_spam_and_automatic_closures_get_no_survey(csat_survey, resolved, inbound):
    csat_survey.trigger = "resolution"
    csat_survey.save()
    # spam-tagged
    spam = resolved()
    spam.tags.add(Tag.objects.create(name="spam"))
    # closed by the system (no actor) without any agent reply
    auto = Conversation.objects.get(pk=inbound("تبلیغ", address="bot@example.ir").conversation_id)
    conversation_set_status(conversation=auto, status="resolved", actor=None)
    assert on_conversation_resolved(conversation_id=spam.pk) is None
    assert on_conversation_resolved(conversation_id=auto.pk) is None
    assert not Invitation.objects.exists()


def test_a_delay_schedules_the_invitation_for_later(csat_survey, resolved):
    csat_survey.trigger = "resolution"
    csat_survey.delay_minutes = 120
    csat_survey.save()
    invitation = on_conversation_resolved(conversation_id=resolved().pk)
    assert invitation.status == "scheduled"
    assert invitation.scheduled_at > timezone.now() + dt.timedelta(minutes=100)


def test_customer_answers_on_the_public_page_and_sees_thanks(csat_survey, resolved):
    # given
    invitation = invitation_create(actor=None, survey=csat_survey, conversation=resolved())
    client = Client()
    # when
    page = client.get(_answer_page(invitation))
    sent = client.post(_answer_page(invitation), {"q-csat": "5", "q-comment": "عالی بود", "action": "submit"})
    # then
    assert page.status_code == 200 and "چقدر از پاسخ ما راضی بودید؟" in page.content.decode()
    assert sent.status_code == 302 and "/feedback/thanks/" in sent["Location"]
    response = Response.objects.get()
    assert response.answers == {"csat": 5, "comment": "عالی بود"}
    assert response.customer == invitation.customer
    # and the link works only once: coming back shows "already answered", and answering again stores nothing
    again = client.get(_answer_page(invitation)).content.decode()
    assert "شما پیش‌تر به این نظرسنجی پاسخ داده‌اید" in again and "چقدر از پاسخ ما راضی بودید؟" not in again
    client.post(_answer_page(invitation), {"q-csat": "1", "action": "submit"})
    assert Response.objects.get().answers == {"csat": 5, "comment": "عالی بود"}


def test_partial_answers_are_kept_when_the_customer_comes_back(csat_survey, resolved):
    invitation = invitation_create(actor=None, survey=csat_survey, conversation=resolved())
    client = Client()
    client.post(_answer_page(invitation), {"q-csat": "4", "action": "save"}, headers={"HX-Request": "true"})
    page = Client().get(_answer_page(invitation)).content.decode()
    assert Response.objects.get().completed_at is None
    assert 'value="4" checked' in page


def test_branching_asks_what_went_wrong_only_after_a_low_score(csat_survey):
    client = Client()
    link = f"/feedback/l/{csat_survey.public_key}/"
    missing = client.post(link, {"q-csat": "1", "action": "submit"})
    assert missing.status_code == 400
    assert "چه چیزی خوب نبود؟" in missing.content.decode()
    happy = Client().post(link, {"q-csat": "5", "q-why": "ignored", "action": "submit"})
    assert happy.status_code == 302
    assert Response.objects.get(completed_at__isnull=False).answers == {"csat": 5}


def test_an_expired_invitation_says_so(csat_survey, resolved):
    invitation = invitation_create(actor=None, survey=csat_survey, conversation=resolved())
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = Client().get(_answer_page(invitation))
    assert page.status_code == 410


def test_anonymous_survey_stores_no_identity(lead, resolved):
    from hamdel.feedback.services import survey_create

    survey = survey_create(
        name="ناشناس",
        anonymous=True,
        actor=lead,
        questions=[{"key": "csat", "type": "csat", "text": "راضی؟"}],
    )
    invitation = invitation_create(actor=None, survey=survey, conversation=resolved())
    Client().post(_answer_page(invitation), {"q-csat": "1", "action": "submit"})
    response = Response.objects.get()
    assert response.customer is None and response.invitation is None and response.conversation is None
    assert Invitation.objects.get(pk=invitation.pk).answered


def test_a_detractor_opens_a_follow_up_conversation_linked_to_the_response(
    nps_survey, resolved, django_capture_on_commit_callbacks
):
    # given
    conv = resolved()
    invitation = invitation_create(actor=None, survey=nps_survey, conversation=conv)
    # when the customer answers 3 out of 10
    with django_capture_on_commit_callbacks(execute=True):
        response = response_save(survey=nps_survey, answers={"nps": 3}, complete=True, invitation=invitation)
    # then
    response.refresh_from_db()
    follow_up = response.recovery_conversation
    assert follow_up is not None and follow_up.pk != conv.pk
    assert follow_up.customer == conv.customer and follow_up.priority == "high"
    assert "NPS" in follow_up.messages.filter(direction="in").first().text


def test_a_promoter_opens_no_follow_up(nps_survey, resolved, django_capture_on_commit_callbacks):
    invitation = invitation_create(actor=None, survey=nps_survey, conversation=resolved())
    with django_capture_on_commit_callbacks(execute=True):
        response = response_save(survey=nps_survey, answers={"nps": 9}, complete=True, invitation=invitation)
    response.refresh_from_db()
    assert response.recovery_conversation is None


def test_survey_comments_become_feedback_items_and_are_analysed(
    csat_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response_save(
            survey=csat_survey,
            answers={"csat": 1, "why": "هیچ‌کس جواب تلفن را نداد، خیلی عصبانی‌ام"},
            complete=True,
        )
    item = FeedbackItem.objects.get(source="survey")
    assert item.rating == 1 and item.rating_max == 5
    assert item.sentiment and item.model_version and item.polarity is not None


@pytest.mark.parametrize("answers", [{"csat": 0}, {"csat": "پنج"}, {"csat": 3.5}])
def test_bad_scale_answers_are_refused(csat_survey, answers):
    from hamdel.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        response_save(survey=csat_survey, answers=answers, complete=True)
