"""An anonymous survey cannot be traced back to the people invited to it."""

from __future__ import annotations

from django.db.models import Q
from django.test import Client

from hamdel.conversations.models import Conversation
from hamdel.feedback import selectors
from hamdel.feedback.models import FeedbackItem, Invitation, Response, Survey
from hamdel.feedback.services import invitation_create, response_save, survey_create

QUESTIONS = [
    {"key": "csat", "type": "csat", "text": "از پاسخ ما راضی بودید؟"},
    {"key": "why", "type": "text", "text": "چرا؟", "required": False},
]


def _anonymous(lead) -> Survey:
    return survey_create(name="نظرسنجی ناشناس", anonymous=True, actor=lead, questions=QUESTIONS)


def _invite_and_answer(survey: Survey, inbound, n: int) -> list[Invitation]:
    invitations = []
    for i in range(n):
        conv = Conversation.objects.get(pk=inbound("سلام", address=f"c{i}@example.ir").conversation_id)
        invitation = invitation_create(actor=None, survey=survey, conversation=conv)
        Client().post(
            f"/feedback/s/{invitation.token}/",
            {"q-csat": str(1 + i % 5), "q-why": f"نظر {i}", "action": "submit"},
        )
        invitations.append(invitation)
    return invitations


def test_an_anonymous_response_keeps_no_link_to_its_invitee(lead, inbound):
    # given three invited customers who answered an anonymous survey
    survey = _anonymous(lead)
    invitations = _invite_and_answer(survey, inbound, 3)
    # then no response, answer or comment points at an invitation, a customer or a conversation
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 3
    assert not responses.filter(
        Q(invitation__isnull=False) | Q(customer__isnull=False) | Q(conversation__isnull=False)
    ).exists()
    assert not FeedbackItem.objects.filter(response__survey=survey, customer__isnull=False).exists()
    # and their times keep only the hour, so they cannot be matched with when each invitation was used
    for r in responses:
        assert (r.started_at.minute, r.started_at.second, r.completed_at.minute) == (0, 0, 0)
    assert all(Invitation.objects.get(pk=i.pk).answered for i in invitations)  # a link is still used once


def test_reports_of_an_anonymous_survey_hide_groups_smaller_than_five(lead, inbound):
    survey = _anonymous(lead)
    _invite_and_answer(survey, inbound, 4)
    # four answers: no score, no comment, no export line and no single response on the page
    summary = selectors.survey_summary(survey=survey)
    assert summary["hidden"] and summary["csat"] is None and summary["by_source"] == {}
    assert summary["questions"][0]["distribution"] == []
    assert not selectors.survey_comments(survey=survey).exists()
    assert selectors.survey_trend(survey=survey) == []
    assert selectors.survey_csv(survey=survey).count("\n") == 1  # the header only
    lead_client = Client()
    lead_client.force_login(lead)
    page = lead_client.get(f"/feedback/surveys/{survey.pk}/").content.decode()
    assert "نظر 1" not in page and "از ۵ پاسخ به بالا نشان داده می‌شوند" in page
    # the fifth answer makes a group large enough to show
    response_save(survey=survey, answers={"csat": 5}, complete=True)
    summary = selectors.survey_summary(survey=survey)
    assert not summary["hidden"] and summary["csat"] is not None
    csv = selectors.survey_csv(survey=survey)
    assert csv.count("\n") == 6
    ids = {str(r.pk) for r in Response.objects.filter(survey=survey)}
    assert not any(line.split(",")[0] in ids - {"1", "2", "3", "4", "5"} for line in csv.splitlines()[1:])


def test_a_named_survey_still_shows_small_groups(lead, inbound):
    survey = survey_create(name="نظرسنجی", actor=lead, questions=QUESTIONS)
    response_save(survey=survey, answers={"csat": 4}, complete=True)
    assert selectors.survey_summary(survey=survey)["csat"] == 100.0
