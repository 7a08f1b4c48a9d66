"""Storing a customer's answers, partial or complete: the one write behind every way of answering.

Answering is public (the invitation link, the survey link, a card's QR code, the API on a customer's
behalf): no permission, but every answer is checked against the questions before anything is stored.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.feedback.answers import clean_answers
from hamdel.feedback.events import ResponseCompleted
from hamdel.feedback.models import (
    Answer,
    Invitation,
    InvitationStatus,
    ItemSource,
    Location,
    QuestionType,
    Response,
    Source,
    Survey,
)
from hamdel.feedback.services.listening import item_store


def _write_rows(response: Response, cleaned: dict[str, Any]) -> None:
    questions = {q.key: q for q in response.survey.questions.all()}
    Answer.objects.filter(response=response).exclude(question__key__in=list(cleaned)).delete()
    for key, value in cleaned.items():
        q = questions[key]
        defaults: dict[str, Any] = {"number": None, "text": "", "choices": []}
        if q.is_scale:
            defaults["number"] = float(value)
        elif q.type == QuestionType.TEXT:
            defaults["text"] = value
        else:
            defaults["choices"] = value if isinstance(value, list) else [value]
        Answer.objects.update_or_create(response=response, question=q, defaults=defaults)


_ITEM_SOURCE: dict[str, str] = {Source.CARD: ItemSource.CARD, Source.PHONE: ItemSource.CALL}


def _item_source(source: str) -> str:
    return _ITEM_SOURCE.get(source, ItemSource.SURVEY)


@transaction.atomic
def response_save(
    *,
    survey: Survey,
    answers: dict[str, Any],
    complete: bool,
    response: Response | None = None,
    invitation: Invitation | None = None,
    source: str = Source.LINK,
    location: Location | None = None,
    customer: Customer | None = None,
    recorded_by: User | None = None,
    replace: bool = False,
    on_behalf: Any = None,
) -> Response:
    """Save answers, partial or complete. For an anonymous survey no identity or link is ever stored.

    `replace`: the whole form was sent, so an emptied answer is dropped rather than kept.

    Completing a response marks the invitation used, files its open comments as feedback items and,
    after commit, lets recovery look at it.

    `on_behalf`: the staff member or integration (API key) entering the answers for a customer; they need
    `feedback.record`. A customer answering on the public pages passes nobody.
    """
    if on_behalf is not None:
        require(on_behalf, Perm.FEEDBACK_RECORD)
    if not survey.is_active and recorded_by is None:
        raise ApplicationError(_("This survey is closed."), {"survey": survey.pk}, status=410, code="closed")
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_invitation(invitation)
        customer = customer or invitation.customer
        source = Source.INVITATION
    if response is not None:
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.completed_at:
            raise ApplicationError(
                _("This survey has already been answered."), {"response": response.pk}, 409, code="answered"
            )
        merged = dict(answers) if replace else {**response.answers, **answers}
    else:
        merged = dict(answers)
    cleaned = clean_answers(survey=survey, answers=merged, partial=not complete)
    if response is None:
        response = Response(survey=survey, source=source, location=location)
        if not survey.anonymous:
            response.customer = customer
            if invitation is not None:
                response.invitation = invitation
                response.conversation = invitation.conversation
        response.recorded_by = recorded_by
    response.answers = cleaned
    now = timezone.now()
    if complete:
        # Anonymous answers keep only the hour, so their time cannot be matched to an invitation.
        response.completed_at = now.replace(minute=0, second=0, microsecond=0) if survey.anonymous else now
    response.save()
    if survey.anonymous:  # the start time too keeps only the hour: nothing to match against an invitation
        hour = response.started_at.replace(minute=0, second=0, microsecond=0)
        Response.objects.filter(pk=response.pk).update(started_at=hour)
        response.started_at = hour
    _write_rows(response, cleaned)
    if complete:
        if invitation is not None:
            invitation.answered = True
            invitation.status = InvitationStatus.ANSWERED
            invitation.save(update_fields=["answered", "status"])
        for q in survey.questions.filter(type=QuestionType.TEXT):
            if cleaned.get(q.key):
                item_store(
                    source=_item_source(response.source),
                    text=cleaned[q.key],
                    customer=response.customer,
                    response=response,
                    location=location,
                    rating=_headline_score(survey, cleaned)[0],
                    rating_max=_headline_score(survey, cleaned)[1],
                    occurred_at=response.completed_at,
                )
        publish(ResponseCompleted(response_id=response.pk, conversation_id=response.conversation_id))
    return response


def _headline_score(survey: Survey, cleaned: dict[str, Any]) -> tuple[float | None, int | None]:
    """The first scale answer of a response, shown beside its comment."""
    for q in survey.questions.all():
        if q.is_scale and q.key in cleaned:
            return float(cleaned[q.key]), (q.scale or (0, 0))[1]
    return None, None


def _check_invitation(invitation: Invitation) -> None:
    if invitation.answered:
        raise ApplicationError(
            _("This survey has already been answered."), {"token": "used"}, status=409, code="answered"
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            _("This invitation has expired."), {"token": "expired"}, status=410, code="expired"
        )
