"""Surveys: building them, checking and storing answers, sending invitations, recovery and call lists."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation, Message, MessageKind, Priority, Status
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.persian import fa_digits, latin_digits
from hamdel.customers.models import Customer, IdentityKind, Order
from hamdel.feedback.models import (
    Answer,
    CallStatus,
    FollowUpCall,
    Invitation,
    InvitationStatus,
    ItemSource,
    Location,
    Question,
    QuestionType,
    Response,
    Source,
    Survey,
    Trigger,
)

logger = logging.getLogger(__name__)

MAX_QUESTIONS = 30
MAX_TEXT_ANSWER = 5000
OPS = ("lte", "gte", "eq", "in")


# --- building -----------------------------------------------------------------------------------------------


def _clean_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Refuse a survey a customer could not answer: unknown types, duplicate keys, empty choices."""
    if not questions:
        raise ApplicationError(_("A survey needs at least one question."), {"questions": "required"})
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(_("A survey can have at most 30 questions."), {"questions": len(questions)})
    seen: set[str] = set()
    cleaned = []
    for position, q in enumerate(questions):
        key = str(q.get("key") or "").strip()
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key):
            raise ApplicationError(
                _("Each question needs a key of Latin letters, digits, - or _."), {"key": key}
            )
        if key in seen:
            raise ApplicationError(_("Two questions have the same key."), {"key": key})
        qtype = q.get("type")
        if qtype not in QuestionType.values:
            raise ApplicationError(_("Unknown question type."), {"key": key, "type": qtype})
        text = str(q.get("text") or "").strip()
        if not text:
            raise ApplicationError(_("Each question needs its text."), {"key": key})
        choices = [str(c).strip() for c in (q.get("choices") or []) if str(c).strip()]
        if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(choices) < 2:
                raise ApplicationError(_("A choice question needs at least two choices."), {"key": key})
            if len(set(choices)) != len(choices):
                raise ApplicationError(_("The choices of a question must differ."), {"key": key})
        else:
            choices = []
        show_if = q.get("show_if") or None
        show = {"show_if_key": "", "show_if_op": "", "show_if_value": None}
        if show_if:
            ref, op = str(show_if.get("key", "")), show_if.get("op", "lte")
            if ref not in seen:
                raise ApplicationError(
                    _("A question can only depend on an earlier question."), {"key": key, "show_if": ref}
                )
            if op not in OPS:
                raise ApplicationError(_("Unknown condition."), {"key": key, "op": op})
            show = {"show_if_key": ref, "show_if_op": op, "show_if_value": show_if.get("value")}
        seen.add(key)
        cleaned.append(
            {
                "key": key,
                "type": qtype,
                "text": text[:500],
                "required": bool(q.get("required", True)),
                "choices": choices,
                "style": "stars" if q.get("style") == "stars" else "faces",
                "position": position,
                **show,
            }
        )
    return cleaned


_SETTINGS = (
    "intro",
    "thank_you",
    "trigger",
    "delay_minutes",
    "days_after_delivery",
    "cooldown_days",
    "expires_days",
)


def _apply_settings(survey: Survey, options: dict[str, Any]) -> None:
    for field in _SETTINGS:
        if options.get(field) is not None:
            setattr(survey, field, options[field])
    if survey.trigger not in Trigger.values:
        raise ApplicationError(_("Unknown way of sending."), {"trigger": survey.trigger})
    if not 0 <= survey.delay_minutes <= 60 * 24 * 30:
        raise ApplicationError(
            _("The delay must be between 0 and 30 days."), {"delay_minutes": survey.delay_minutes}
        )
    if not 1 <= survey.expires_days <= 365:
        raise ApplicationError(
            _("Invitations must stay valid 1 to 365 days."), {"expires_days": survey.expires_days}
        )


@transaction.atomic
def survey_create(
    *,
    name: str,
    questions: list[dict[str, Any]],
    anonymous: bool = False,
    actor: User | None = None,
    **options: Any,
) -> Survey:
    """Create a survey with its questions; nothing is stored if any question is invalid."""
    if not name.strip():
        raise ApplicationError(_("A survey needs a name."), {"name": "required"})
    cleaned = _clean_questions(questions)
    survey = Survey(name=name.strip()[:200], anonymous=anonymous, created_by=actor)
    _apply_settings(survey, options)
    survey.save()
    Question.objects.bulk_create(Question(survey=survey, **q) for q in cleaned)
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    name: str,
    questions: list[dict[str, Any]],
    anonymous: bool | None = None,
    is_active: bool | None = None,
    **options: Any,
) -> Survey:
    """Change a survey; a question that already has answers may be edited but not removed."""
    if not name.strip():
        raise ApplicationError(_("A survey needs a name."), {"name": "required"})
    cleaned = _clean_questions(questions)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.name = name.strip()[:200]
    if anonymous is not None:
        if anonymous != survey.anonymous and survey.responses.exists():
            raise ApplicationError(
                _("A survey that has answers cannot change whether it is anonymous; make a new one."),
                {"anonymous": anonymous},
            )
        survey.anonymous = anonymous
    if is_active is not None:
        survey.is_active = is_active
    _apply_settings(survey, options)
    survey.save()
    keys = [q["key"] for q in cleaned]
    removed = survey.questions.exclude(key__in=keys)
    answered = removed.filter(answers__isnull=False).values_list("key", flat=True).distinct()
    if answered:
        raise ApplicationError(
            _("Questions that already have answers cannot be removed."), {"keys": sorted(answered)}
        )
    removed.delete()
    for q in cleaned:
        Question.objects.update_or_create(survey=survey, key=q["key"], defaults=q)
    return survey


# --- answers ------------------------------------------------------------------------------------------------


def is_visible(question: Question, answers: dict[str, Any]) -> bool:
    """Branching: a question with a condition is asked only when the earlier answer meets it."""
    if not question.show_if_key:
        return True
    value = answers.get(question.show_if_key)
    if value is None or value == "" or value == []:
        return False
    target = question.show_if_value
    try:
        if question.show_if_op == "lte":
            return float(value) <= float(target)
        if question.show_if_op == "gte":
            return float(value) >= float(target)
        if question.show_if_op == "in":
            wanted = {str(t) for t in (target or [])}
            values = value if isinstance(value, list) else [value]
            return any(str(v) in wanted for v in values)
        return str(value) == str(target)
    except (TypeError, ValueError):
        return False


def _clean_one(question: Question, value: Any) -> Any:
    """One answer in its stored form, or ApplicationError naming the question and the reason."""
    extra = {"key": question.key}
    if question.is_scale:
        low, high = question.scale or (0, 0)
        if isinstance(value, str):
            value = latin_digits(value.strip())
        try:
            number = int(value)
            if isinstance(value, float) and value != number:
                raise ValueError
        except (TypeError, ValueError):
            raise ApplicationError(
                _("The answer must be a whole number."), extra | {"value": value}
            ) from None
        if isinstance(value, bool) or not low <= number <= high:
            raise ApplicationError(
                _("The answer to “%(question)s” must be between %(low)s and %(high)s.")
                % {"question": question.text, "low": low, "high": high},
                extra | {"value": value, "min": low, "max": high},
            )
        return number
    if question.type == QuestionType.SINGLE:
        if str(value) not in question.choices:
            raise ApplicationError(_("This choice is not one of the options."), extra | {"value": value})
        return str(value)
    if question.type == QuestionType.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        values = [str(v) for v in values]
        unknown = [v for v in values if v not in question.choices]
        if unknown:
            raise ApplicationError(_("This choice is not one of the options."), extra | {"value": unknown})
        return [c for c in question.choices if c in values]
    text = str(value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise ApplicationError(_("The answer is too long."), extra | {"max_length": MAX_TEXT_ANSWER})
    return text


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list) and len(value) == 0)


def clean_answers(*, survey: Survey, answers: dict[str, Any], partial: bool) -> dict[str, Any]:
    """Check answers against the questions; hidden questions' answers are dropped.

    With `partial` the required questions may still be missing (the customer is half-way through).
    """
    if not isinstance(answers, dict):
        raise ApplicationError(_("Answers must be an object keyed by question."), {"answers": "object"})
    questions = list(survey.questions.all())
    known = {q.key for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ApplicationError(_("These questions are not in the survey."), {"keys": unknown})
    cleaned: dict[str, Any] = {}
    for q in questions:
        raw = answers.get(q.key)
        if isinstance(raw, str) and q.type != QuestionType.TEXT:
            raw = raw.strip()
        if not _empty(raw):
            cleaned[q.key] = _clean_one(q, raw)
    cleaned = {q.key: cleaned[q.key] for q in questions if q.key in cleaned and is_visible(q, cleaned)}
    if not partial:
        missing = [
            q.key for q in questions if q.required and is_visible(q, cleaned) and _empty(cleaned.get(q.key))
        ]
        if missing:
            first = next(q for q in questions if q.key == missing[0])
            raise ApplicationError(
                _("Please answer “%(question)s”.") % {"question": first.text}, {"missing": missing}
            )
    return cleaned


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


def _item_source(source: str) -> str:
    return {Source.CARD: ItemSource.CARD, Source.PHONE: ItemSource.CALL}.get(source, ItemSource.SURVEY)


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
) -> Response:
    """Save answers, partial or complete. For an anonymous survey no identity or link is ever stored.

    `replace`: the whole form was sent, so an emptied answer is dropped rather than kept.

    Completing a response marks the invitation used, files its open comments as feedback items and,
    after commit, lets recovery look at it.
    """
    if not survey.is_active and recorded_by is None:
        raise ApplicationError(_("This survey is closed."), {"survey": survey.pk}, status=410)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_invitation(invitation)
        customer = customer or invitation.customer
        source = Source.INVITATION
    if response is not None:
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.completed_at:
            raise ApplicationError(
                _("This survey has already been answered."), {"response": response.pk}, 409
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
    _write_rows(response, cleaned)
    if complete:
        if invitation is not None:
            invitation.answered = True
            invitation.status = InvitationStatus.ANSWERED
            invitation.save(update_fields=["answered", "status"])
        from hamdel.feedback.services.listening import item_create

        for q in survey.questions.filter(type=QuestionType.TEXT):
            if cleaned.get(q.key):
                item_create(
                    source=_item_source(response.source),
                    text=cleaned[q.key],
                    customer=response.customer,
                    response=response,
                    location=location,
                    rating=_headline_score(survey, cleaned)[0],
                    rating_max=_headline_score(survey, cleaned)[1],
                    occurred_at=response.completed_at,
                )
        publish("feedback_response_completed", response_id=response.pk)
    return response


def _headline_score(survey: Survey, cleaned: dict[str, Any]) -> tuple[float | None, int | None]:
    """The first scale answer of a response, shown beside its comment."""
    for q in survey.questions.all():
        if q.is_scale and q.key in cleaned:
            return float(cleaned[q.key]), (q.scale or (0, 0))[1]
    return None, None


def _check_invitation(invitation: Invitation) -> None:
    if invitation.answered:
        raise ApplicationError(_("This survey has already been answered."), {"token": "used"}, status=409)
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(_("This invitation has expired."), {"token": "expired"}, status=410)


# --- recovery -----------------------------------------------------------------------------------------------

_CHANNEL_FOR_IDENTITY = {
    IdentityKind.EMAIL: "email",
    IdentityKind.PHONE: "phone",
    IdentityKind.TELEGRAM: "telegram",
    IdentityKind.BALE: "bale",
    IdentityKind.CHAT: "chat",
    IdentityKind.SOCIAL: "social",
    IdentityKind.HANDLE: "api",
}
_IDENTITY_FOR_CHANNEL = {
    "email": IdentityKind.EMAIL,
    "sms": IdentityKind.PHONE,
    "phone": IdentityKind.PHONE,
    "telegram": IdentityKind.TELEGRAM,
    "bale": IdentityKind.BALE,
    "chat": IdentityKind.CHAT,
    "social": IdentityKind.SOCIAL,
}


def detractor_reasons(response: Response) -> list[str]:
    """Why this response needs a call back: NPS 0–6 or CSAT 1–2 (per DESIGN.md)."""
    reasons = []
    for row in response.rows.select_related("question"):
        if row.number is None:
            continue
        if row.question.type == QuestionType.NPS and row.number <= 6:
            reasons.append(_("NPS %(score)s of 10") % {"score": int(row.number)})
        elif row.question.type == QuestionType.CSAT and row.number <= 2:
            reasons.append(_("satisfaction %(score)s of 5") % {"score": int(row.number)})
    return reasons


def response_recover(*, response_id: int) -> Conversation | None:
    """Open a follow-up conversation for an unhappy customer, linked to the response (idempotent).

    Goes through `ingest()` with the customer's own identity on the channel they used, so the team
    answers it like any other conversation and the reply reaches the customer the usual way.
    """
    from hamdel.conversations.services import conversation_set_priority, ingest
    from hamdel.conversations.types import InboundMessage

    response = Response.objects.select_related("survey", "customer", "conversation").get(pk=response_id)
    if response.recovery_conversation_id or response.survey.anonymous or response.customer is None:
        return None
    reasons = detractor_reasons(response)
    if not reasons:
        return None
    identities = list(response.customer.identities.all())
    if not identities:
        return None
    wanted = _IDENTITY_FOR_CHANNEL.get(response.conversation.channel) if response.conversation else None
    identity = next((i for i in identities if i.kind == wanted), None)
    identity = identity or next((i for i in identities if i.kind == IdentityKind.PHONE), identities[0])
    channel = response.conversation.channel if response.conversation and wanted == identity.kind else None
    channel = channel or _CHANNEL_FOR_IDENTITY.get(identity.kind, "api")
    comments = [row.text for row in response.rows.all() if row.text]
    lines = [
        _("Follow-up: an unhappy answer to the survey “%(survey)s” (%(reasons)s).")
        % {"survey": response.survey.name, "reasons": "، ".join(reasons)},
    ]
    lines += [f"«{c}»" for c in comments]
    if response.conversation:
        lines.append(_("About conversation #%(number)s.") % {"number": response.conversation.number})
    lines.append(_("Please call the customer back, listen, and make it right."))
    result = ingest(
        InboundMessage(
            channel=channel,
            identity_kind=identity.kind,
            address=identity.address,
            text="\n".join(lines),
            external_id=f"feedback-response-{response.pk}",
            thread_key=f"feedback-{response.pk}",
            subject=_("Unhappy customer: call back (survey)"),
            meta={"feedback_response": response.pk},
        )
    )
    conversation = Conversation.objects.get(pk=result.conversation_id)
    conversation_set_priority(
        conversation=conversation, priority=Priority.HIGH, actor=None, reason=_("unhappy survey answer")
    )
    Response.objects.filter(pk=response.pk).update(recovery_conversation=conversation)
    return conversation


# --- invitations --------------------------------------------------------------------------------------------


def survey_url(path: str) -> str:
    """Absolute link for messages and QR codes (HAMDEL_PUBLIC_URL; the local server when unset)."""
    return (getattr(settings, "HAMDEL_PUBLIC_URL", "") or "http://127.0.0.1:8000").rstrip("/") + path


def invitation_url(invitation: Invitation) -> str:
    return survey_url(reverse("feedback:answer", args=[invitation.token]))


@transaction.atomic
def invitation_create(
    *,
    survey: Survey,
    customer: Customer | None = None,
    conversation: Conversation | None = None,
    order: Order | None = None,
    reason: str = Trigger.MANUAL,
    scheduled_at: dt.datetime | None = None,
) -> Invitation:
    """A personal one-time link, to be sent at `scheduled_at` (now by default)."""
    if not survey.is_active:
        raise ApplicationError(_("This survey is closed."), {"survey": survey.pk})
    if conversation is not None and customer is None:
        customer = conversation.customer
    now = timezone.now()
    scheduled_at = scheduled_at or now
    return Invitation.objects.create(
        survey=survey,
        customer=customer,
        conversation=conversation,
        order=order,
        reason=reason,
        scheduled_at=scheduled_at,
        expires_at=scheduled_at + dt.timedelta(days=survey.expires_days),
    )


def _invitation_text(invitation: Invitation) -> str:
    """The message the customer reads: in the site's language (not the language of whoever pressed invite)."""
    survey = invitation.survey
    with translation.override(settings.LANGUAGE_CODE):
        intro = survey.intro.strip() or _(
            "How did we do? Your answer takes one minute and helps us do better."
        )
        days = fa_digits(survey.expires_days) if translation.get_language() == "fa" else survey.expires_days
        note = _("This link works once and expires in %(days)s days.") % {"days": days}
        if survey.anonymous:
            note += " " + _("Your answers are anonymous.")
    return f"{intro}\n{invitation_url(invitation)}\n{note}"


@transaction.atomic
def invitation_send(*, invitation: Invitation) -> Invitation:
    """Send a scheduled invitation through the conversation's own channel (the outbox), else by e-mail.

    Skips (and says why) when it expired or the customer cannot be reached.
    """
    from hamdel.conversations.services import reply

    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "customer")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.SCHEDULED:
        return invitation
    now = timezone.now()
    if invitation.expires_at <= now:
        return _skip(invitation, _("expired before it could be sent"))
    conversation = invitation.conversation
    if conversation is None and invitation.customer is not None:
        conversation = (
            Conversation.objects.filter(customer=invitation.customer)
            .exclude(thread_key__startswith="feedback-")
            .order_by("-last_message_at")
            .first()
        )
    text = _invitation_text(invitation)
    if conversation is not None:
        reply(conversation=conversation, author=None, text=text, meta={"feedback_invitation": invitation.pk})
    elif invitation.customer is not None and invitation.customer.emails:
        address = invitation.customer.emails[0]
        subject = invitation.survey.name
        transaction.on_commit(
            lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
        )
    else:
        return _skip(invitation, _("no channel to reach the customer"))
    invitation.status = InvitationStatus.SENT
    invitation.sent_at = now
    invitation.save(update_fields=["status", "sent_at"])
    return invitation


@transaction.atomic
def invitation_mark_handed_out(*, invitation: Invitation) -> Invitation:
    """The caller shares the personal link itself (printed, another system): it counts as sent."""
    invitation.status = InvitationStatus.SENT
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["status", "sent_at"])
    return invitation


def _skip(invitation: Invitation, why: str) -> Invitation:
    invitation.status = InvitationStatus.SKIPPED
    invitation.skip_reason = why[:200]
    invitation.save(update_fields=["status", "skip_reason"])
    return invitation


def invitations_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every scheduled invitation whose time has come (the periodic tick and the deferred task)."""
    now = now or timezone.now()
    sent = 0
    for invitation in Invitation.objects.filter(status=InvitationStatus.SCHEDULED, scheduled_at__lte=now):
        invitation_send(invitation=invitation)
        sent += 1
    return sent


def _recently_invited(customer: Customer | None, days: int) -> bool:
    if customer is None:
        return False
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Invitation.objects.filter(customer=customer, created_at__gte=since)
        .exclude(status=InvitationStatus.SKIPPED)
        .exists()
    )


def _schedule(invitation: Invitation) -> None:
    """Send now, or defer to the task worker when the backend can run tasks later."""
    from django.tasks import default_task_backend

    from hamdel.feedback import tasks

    if invitation.scheduled_at <= timezone.now():
        invitation_send(invitation=invitation)
    elif default_task_backend.supports_defer:
        run_after = invitation.scheduled_at
        transaction.on_commit(lambda: tasks.send_invitation.using(run_after=run_after).enqueue(invitation.pk))
    # otherwise the periodic `feedback_tick` sends it


def _skip_reason(conversation: Conversation) -> str:
    skip_tags = {t.lower() for t in settings.HAMDEL_FEEDBACK_SKIP_TAGS}
    if conversation.thread_key.startswith("feedback-"):
        return "follow-up"
    if {t.name.lower() for t in conversation.tags.all()} & skip_tags:
        return "spam"
    if conversation.first_response_at is None:
        return "never answered by the team"
    last = (
        Message.objects.filter(conversation=conversation, kind=MessageKind.EVENT, meta__event="status")
        .order_by("-created_at", "-id")
        .first()
    )
    if last is not None and last.author_id is None:
        return "closed automatically"
    return ""


@transaction.atomic
def on_conversation_resolved(*, conversation_id: int) -> Invitation | None:
    """After resolution: schedule the active resolution survey, unless spam, automatic or too soon."""
    conversation = Conversation.objects.select_related("customer").filter(pk=conversation_id).first()
    if conversation is None or conversation.status not in (Status.RESOLVED, Status.CLOSED):
        return None
    survey = Survey.objects.filter(trigger=Trigger.RESOLUTION, is_active=True).order_by("-created_at").first()
    if survey is None or _skip_reason(conversation):
        return None
    if _recently_invited(conversation.customer, survey.cooldown_days):
        return None
    if Invitation.objects.filter(conversation=conversation, survey=survey).exists():
        return None
    invitation = invitation_create(
        survey=survey,
        conversation=conversation,
        reason=Trigger.RESOLUTION,
        scheduled_at=timezone.now() + dt.timedelta(minutes=survey.delay_minutes),
    )
    _schedule(invitation)
    return invitation


def order_invitations_run(*, now: dt.datetime | None = None) -> int:
    """Invite customers N days after delivery (a window of a week, so old orders are not surveyed)."""
    now = now or timezone.now()
    created = 0
    for survey in Survey.objects.filter(trigger=Trigger.DELIVERY, is_active=True):
        due = now - dt.timedelta(days=survey.days_after_delivery)
        orders = (
            Order.objects.filter(delivered_at__lte=due, delivered_at__gt=due - dt.timedelta(days=7))
            .exclude(pk__in=Invitation.objects.filter(survey=survey, order__isnull=False).values("order_id"))
            .select_related("customer")
        )
        for order in orders:
            with transaction.atomic():
                if _recently_invited(order.customer, survey.cooldown_days):
                    continue
                invitation = invitation_create(
                    survey=survey, customer=order.customer, order=order, reason=Trigger.DELIVERY
                )
                invitation_send(invitation=invitation)
                created += 1
    return created


# --- follow-up calls ----------------------------------------------------------------------------------------


@transaction.atomic
def call_list_build(*, survey: Survey, days: int, basis: str, today: dt.date | None = None) -> int:
    """List the customers to phone today: delivered (or resolved) `days` ago and reachable by phone."""
    today = today or timezone.localdate()
    day = today - dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    rows: list[tuple[Customer, Order | None, Conversation | None, str]] = []
    if basis == "order":
        for order in Order.objects.filter(delivered_at__gte=start, delivered_at__lt=end).select_related(
            "customer"
        ):
            rows.append(
                (order.customer, order, None, _("Order %(number)s delivered") % {"number": order.number})
            )
    elif basis == "resolution":
        convs = Conversation.objects.filter(resolved_at__gte=start, resolved_at__lt=end).select_related(
            "customer"
        )
        for conv in convs.exclude(thread_key__startswith="feedback-"):
            rows.append(
                (conv.customer, None, conv, _("Conversation #%(number)s resolved") % {"number": conv.number})
            )
    else:
        raise ApplicationError(_("Unknown basis for the call list."), {"basis": basis})
    added = 0
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


@transaction.atomic
def call_record(
    *, call: FollowUpCall, status: str, agent: User, answers: dict[str, Any] | None = None, note: str = ""
) -> FollowUpCall:
    """Record how the call went; the answers become a survey response from the phone channel."""
    if status not in CallStatus.values or status == CallStatus.TO_CALL:
        raise ApplicationError(_("Choose how the call went."), {"status": status})
    call = (
        FollowUpCall.objects.select_for_update(of=("self",))
        .select_related("survey", "customer")
        .get(pk=call.pk)
    )
    if call.response_id:
        raise ApplicationError(_("This call has already been recorded."), {"call": call.pk}, status=409)
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


def calls_due(*, today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(status=CallStatus.TO_CALL, due_on__lte=today)
