"""The feedback app's part of a customer's export and erasure (registered in FeedbackConfig.ready).

Erasure keeps scores (they are counts in CSAT/NPS/CES) but drops every free text and every link to the
person: responses become like anonymous ones, comments lose their text, follow-up calls and the person's
idea subscriptions go.
"""

from __future__ import annotations

from typing import Any

from hamdel.customers.models import Customer
from hamdel.feedback.models import (
    Answer,
    FeedbackItem,
    FollowUpCall,
    Idea,
    IdeaFollower,
    Invitation,
    QuestionType,
    Response,
)


def export_feedback(customer: Customer) -> dict[str, Any]:
    responses = Response.objects.filter(customer=customer).select_related("survey").order_by("pk")
    items = FeedbackItem.objects.filter(customer=customer).order_by("pk")
    return {
        "survey_responses": [
            {
                "survey": r.survey.name,
                "answers": r.answers,
                "completed_at": r.completed_at.isoformat() if r.completed_at else None,
            }
            for r in responses
        ],
        "feedback": [{"source": i.source, "text": i.text, "at": i.occurred_at.isoformat()} for i in items],
        "ideas": [{"title": i.title, "body": i.body} for i in Idea.objects.filter(customer=customer)],
    }


def erase_feedback(customer: Customer, actor: Any) -> dict[str, int]:
    responses = list(Response.objects.filter(customer=customer).select_related("survey"))
    text_keys: dict[int, set[str]] = {}
    for r in responses:
        keys = text_keys.setdefault(
            r.survey_id, set(r.survey.questions.filter(type=QuestionType.TEXT).values_list("key", flat=True))
        )
        r.answers = {k: v for k, v in r.answers.items() if k not in keys}
        r.customer, r.conversation, r.invitation = None, None, None
        r.save(update_fields=["answers", "customer", "conversation", "invitation"])
    Answer.objects.filter(response__in=[r.pk for r in responses], question__type=QuestionType.TEXT).delete()
    counts = {
        "survey_responses": len(responses),
        "feedback_items": FeedbackItem.objects.filter(customer=customer).update(
            customer=None, text="", author_name="", url=""
        ),
        "invitations": Invitation.objects.filter(customer=customer).update(customer=None, conversation=None),
        "follow_up_calls": FollowUpCall.objects.filter(customer=customer).delete()[0],
        "idea_follows": IdeaFollower.objects.filter(customer=customer).delete()[0],
    }
    Idea.objects.filter(customer=customer).update(customer=None, author_name="")
    return counts
