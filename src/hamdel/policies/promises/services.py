"""Promises: recorded from an agent's reply, added or changed by hand, kept by a reply, reminded, broken.

Every function here is an action: require → validate the whole request → one transaction → a typed
ConversationEvent per change (the conversation's timeline) → events published on commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation, Direction, EventType, Message, MessageKind
from hamdel.conversations.services.history import conversation_record_event
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import SYSTEM, Perm, require
from hamdel.language.promises import find_promises
from hamdel.policies.promises.due import promise_due
from hamdel.policies.promises.events import PromiseBroken, PromiseDue
from hamdel.policies.promises.models import Promise, PromiseSource, PromiseStatus

MAX_TEXT = 500
REMIND_BEFORE = dt.timedelta(minutes=30)


def _event(promise: Promise, actor: Any, type: str, *, old: Any = None, new: Any = None) -> None:
    conversation_record_event(
        conversation=promise.conversation,
        actor=actor,
        type=type,
        old=old,
        new=new,
        promise_id=promise.pk,
        text=promise.text,
        due=promise.due.isoformat(),
    )


def _state(promise: Promise) -> dict[str, Any]:
    return {"text": promise.text, "due": promise.due.isoformat(), "status": promise.status}


def _clean_due(due: Any, errors: dict[str, str]) -> dt.datetime | None:
    if not isinstance(due, dt.datetime):
        errors["due"] = "required"
        return None
    if timezone.is_naive(due):
        from hamdel.core.calendar import calendar_get

        due = due.replace(tzinfo=calendar_get().tz)  # a time without a zone is the office's local time
    if due <= timezone.now():
        errors["due"] = "in_the_past"
        return None
    return due.astimezone(dt.UTC)


def _clean_text(text: Any, errors: dict[str, str]) -> str:
    value = text.strip() if isinstance(text, str) else ""
    if not value:
        errors["text"] = "required"
    elif len(value) > MAX_TEXT:
        errors["text"] = "too_long"
    return value


def _refuse(errors: dict[str, str]) -> ApplicationError:
    messages = {
        "in_the_past": _("The due time must be in the future."),
        "required": _("This field is required."),
        "too_long": _("The promise is too long (at most 500 characters)."),
        "unknown_status": _("Status must be open, kept or broken."),
    }
    text = " ".join(dict.fromkeys(str(messages.get(code, code)) for code in errors.values()))
    return ApplicationError(text, errors, code="invalid_promise")


@transaction.atomic
def promises_record_reply(*, message_id: int, actor: Any = SYSTEM) -> list[Promise]:
    """After an agent's reply: earlier open promises are kept (answered in time), the reply's own recorded.

    Idempotent per message: a second run finds the reply's promises already there and records nothing.
    Replies Hamdel sends itself (surveys, the bot: no author) neither keep nor make promises.
    """
    require(actor, Perm.PROMISE_EDIT)
    message = Message.objects.select_related("conversation").filter(pk=message_id).first()
    if (
        message is None
        or message.direction != Direction.OUTBOUND
        or message.kind != MessageKind.MESSAGE
        or message.author_id is None
    ):
        return []
    conversation = Conversation.objects.select_for_update(of=("self",)).get(pk=message.conversation_id)
    said_at = message.created_at
    # Made before this reply: said in an earlier message, or added by hand before it was written.
    earlier = Q(message__created_at__lt=said_at) | Q(message__isnull=True, created_at__lt=said_at)
    for promise in Promise.objects.filter(
        earlier, conversation=conversation, status=PromiseStatus.OPEN, due__gte=said_at
    ).exclude(message=message):
        promise.status, promise.kept_at = PromiseStatus.KEPT, said_at
        promise.save(update_fields=["status", "kept_at", "updated_at"])
        _event(promise, actor, EventType.PROMISE_KEPT, old=PromiseStatus.OPEN, new=PromiseStatus.KEPT)
    if Promise.objects.filter(message=message).exists():
        return list(Promise.objects.filter(message=message))
    made = []
    for mention in find_promises(message.text):
        due = promise_due(mention.when, said_at)
        if due is None:  # vague: flagged in the composer, never a due date we invent
            continue
        promise = Promise.objects.create(
            conversation=conversation,
            message=message,
            span_start=mention.start,
            text=mention.text[:MAX_TEXT],
            due=due,
            source=PromiseSource.AUTO,
            created_by=message.author,
        )
        _event(promise, actor, EventType.PROMISE_MADE, new=_state(promise))
        made.append(promise)
    return made


@transaction.atomic
def promise_create(*, actor: Any, conversation: Conversation, text: str, due: dt.datetime) -> Promise:
    """An agent adds a promise by hand (said on the phone, or one Hamdel did not read)."""
    require(actor, Perm.PROMISE_EDIT)
    errors: dict[str, str] = {}
    clean_text = _clean_text(text, errors)
    clean_due = _clean_due(due, errors)
    if errors or clean_due is None:
        raise _refuse(errors)
    promise = Promise.objects.create(
        conversation=conversation,
        text=clean_text,
        due=clean_due,
        source=PromiseSource.MANUAL,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(promise, actor, EventType.PROMISE_MADE, new=_state(promise))
    return promise


@transaction.atomic
def promise_update(
    *,
    actor: Any,
    promise: Promise,
    status: str | None = None,
    due: dt.datetime | None = None,
    text: str | None = None,
) -> Promise:
    """Tick a promise kept (or reopen it), move its due moment or reword it; every field checked first."""
    require(actor, Perm.PROMISE_EDIT)
    errors: dict[str, str] = {}
    if status is not None and status not in PromiseStatus.values:
        errors["status"] = "unknown_status"
    clean_text = _clean_text(text, errors) if text is not None else None
    clean_due = _clean_due(due, errors) if due is not None else None
    if errors:
        raise _refuse(errors)
    promise = (
        Promise.objects.select_related("conversation").select_for_update(of=("self",)).get(pk=promise.pk)
    )
    before = _state(promise)
    now = timezone.now()
    fields = ["updated_at"]
    if clean_text is not None and clean_text != promise.text:
        promise.text = clean_text
        fields.append("text")
    if clean_due is not None and clean_due != promise.due:
        promise.due, promise.reminded_at = clean_due, None  # a new due moment gets its own reminder
        fields += ["due", "reminded_at"]
        if promise.status == PromiseStatus.BROKEN and status is None:
            promise.status, promise.broken_at = PromiseStatus.OPEN, None  # promised again, for later
            fields += ["status", "broken_at"]
    if status is not None and status != promise.status:
        promise.status = status
        promise.kept_at = now if status == PromiseStatus.KEPT else None
        promise.broken_at = now if status == PromiseStatus.BROKEN else None
        fields += ["status", "kept_at", "broken_at"]
    if len(fields) == 1:
        return promise
    promise.save(update_fields=list(dict.fromkeys(fields)))
    after = _state(promise)
    if before["text"] != after["text"] or before["due"] != after["due"]:
        _event(promise, actor, EventType.PROMISE_CHANGED, old=before, new=after)
    if before["status"] != after["status"]:
        kind = {
            PromiseStatus.KEPT: EventType.PROMISE_KEPT,
            PromiseStatus.BROKEN: EventType.PROMISE_BROKEN,
        }.get(PromiseStatus(promise.status), EventType.PROMISE_CHANGED)
        _event(promise, actor, kind, old=before["status"], new=after["status"])
    return promise


@transaction.atomic
def promises_tick(*, actor: Any = SYSTEM, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic run: remind the assignee 30 minutes before a promise falls due, break it after."""
    require(actor, Perm.PROMISE_EDIT)
    now = now or timezone.now()
    broken = 0
    for promise in (
        Promise.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .filter(status=PromiseStatus.OPEN, due__lte=now)
    ):
        promise.status, promise.broken_at = PromiseStatus.BROKEN, now
        promise.save(update_fields=["status", "broken_at", "updated_at"])
        _event(promise, actor, EventType.PROMISE_BROKEN, old=PromiseStatus.OPEN, new=PromiseStatus.BROKEN)
        publish(PromiseBroken(promise_id=promise.pk, conversation_id=promise.conversation_id))
        broken += 1
    reminded = 0
    for promise in (
        Promise.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .filter(
            status=PromiseStatus.OPEN, reminded_at__isnull=True, due__gt=now, due__lte=now + REMIND_BEFORE
        )
    ):
        promise.reminded_at = now
        promise.save(update_fields=["reminded_at", "updated_at"])
        assignee = promise.conversation.assignee_id
        _event(promise, actor, EventType.PROMISE_DUE, new={"assignee_id": assignee})
        publish(
            PromiseDue(promise_id=promise.pk, conversation_id=promise.conversation_id, assignee_id=assignee)
        )
        reminded += 1
    return {"reminded": reminded, "broken": broken}
