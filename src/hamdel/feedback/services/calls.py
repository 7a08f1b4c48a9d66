"""Follow-up calls: today's list of customers to phone, and what each call brought back.

Building the list is set-up (`survey.manage`); recording a call is `feedback.record`, which agents have.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer, Order
from hamdel.feedback.models import CallStatus, FollowUpCall, Response, Source, Survey
from hamdel.feedback.services.responses import response_save

BASES = ("order", "resolution")


def call_list_build(
    *, actor: Any, survey: Survey, days: int, basis: str, today: dt.date | None = None
) -> int:
    """List the customers to phone today: delivered (or resolved) `days` ago and reachable by phone."""
    require(actor, Perm.SURVEY_MANAGE)
    if basis not in BASES:
        raise ApplicationError(_("Unknown basis for the call list."), {"basis": basis}, code="unknown_basis")
    if not 0 <= days <= 365:
        raise ApplicationError(_("Days must be between 0 and 365."), {"days": days}, code="invalid_days")
    today = today or timezone.localdate()
    day = today - dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    rows: list[tuple[Customer, Order | None, Conversation | None, str]] = []
    if basis == "order":
        for delivered in Order.objects.filter(delivered_at__gte=start, delivered_at__lt=end).select_related(
            "customer"
        ):
            reason = _("Order %(number)s delivered") % {"number": delivered.number}
            rows.append((delivered.customer, delivered, None, reason))
    else:
        convs = Conversation.objects.filter(resolved_at__gte=start, resolved_at__lt=end).select_related(
            "customer"
        )
        for resolved in convs.exclude(thread_key__startswith="feedback-"):
            reason = _("Conversation #%(number)s resolved") % {"number": resolved.number}
            rows.append((resolved.customer, None, resolved, reason))
    added = 0
    with transaction.atomic():
        for customer, order, conv, reason in rows:
            phones = customer.phones
            if not phones:
                continue
            _call, created = FollowUpCall.objects.get_or_create(
                survey=survey,
                customer=customer,
                due_on=today,
                defaults={"phone": phones[0], "reason": reason, "order": order, "conversation": conv},
            )
            added += created
    return added


def call_record(
    *, actor: Any, call: FollowUpCall, status: str, answers: dict[str, Any] | None = None, note: str = ""
) -> FollowUpCall:
    """Record how the call went; the answers become a survey response from the phone channel."""
    require(actor, Perm.FEEDBACK_RECORD)
    if status not in CallStatus.values or status == CallStatus.TO_CALL:
        raise ApplicationError(_("Choose how the call went."), {"status": status}, code="unknown_status")
    agent = actor if isinstance(actor, User) else None
    with transaction.atomic():
        call = (
            FollowUpCall.objects.select_for_update(of=("self",))
            .select_related("survey", "customer")
            .get(pk=call.pk)
        )
        if call.response_id:
            raise ApplicationError(
                _("This call has already been recorded."), {"call": call.pk}, status=409, code="conflict"
            )
        if status == CallStatus.DONE:
            response = response_save(
                survey=call.survey,
                answers=answers or {},
                complete=True,
                source=Source.PHONE,
                customer=call.customer,
                recorded_by=agent,
            )
            if call.conversation_id and not call.survey.anonymous:
                Response.objects.filter(pk=response.pk).update(conversation=call.conversation_id)
            call.response = response
        call.status = status
        call.note = note.strip()[:5000]
        call.agent = agent
        call.called_at = timezone.now()
        call.save()
    return call
