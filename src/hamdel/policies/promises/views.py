"""The conversation panel's forms: add a promise, tick it kept, move its due time or reword it. Thin."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError, Forbidden
from hamdel.core.permissions import Perm, requires
from hamdel.language.promises import read_when
from hamdel.policies.promises import services
from hamdel.policies.promises.due import promise_due
from hamdel.policies.promises.models import Promise


def _due(phrase: str) -> dt.datetime | None:
    """«فردا ساعت ۱۰»، «۱۴۰۵/۰۹/۲۰ ساعت ۱۴»، «۲ ساعت کاری»: the same reading as in a reply."""
    when = read_when(phrase) if phrase.strip() else None
    if when is None or when.is_vague:
        raise ApplicationError(
            _("Write when, e.g. «فردا ساعت ۱۰» or «۱۴۰۵/۰۹/۲۰ ساعت ۱۴»."),
            {"due": "unreadable"},
            code="bad_due",
        )
    return promise_due(when, timezone.now())


def _back(request: HttpRequest, number: int, exc: ApplicationError | None, done: str) -> HttpResponse:
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message)
    if exc is not None:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(reverse("conversations:conversation", kwargs={"number": number}) + "#promises")


@requires(Perm.PROMISE_EDIT)
@require_POST
def promise_add(request: HttpRequest, number: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, number=number)
    try:
        due = _due(request.POST.get("when", ""))
        services.promise_create(
            actor=request.user,
            conversation=conversation,
            text=request.POST.get("text", ""),
            due=due or timezone.now(),
        )
    except ApplicationError as exc:
        return _back(request, number, exc, "")
    return _back(request, number, None, _("Promise added."))


@requires(Perm.PROMISE_EDIT)
@require_POST
def promise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One form for the tick («kept»), reopening, and a new due time or wording."""
    promise = get_object_or_404(Promise.objects.select_related("conversation"), pk=pk)
    number = promise.conversation.number
    try:
        phrase = request.POST.get("when", "")
        text = request.POST.get("text")
        services.promise_update(
            actor=request.user,
            promise=promise,
            status=request.POST.get("status") or None,
            due=(_due(phrase) or timezone.now()) if phrase.strip() else None,
            text=text if text is not None and text.strip() != promise.text else None,
        )
    except ApplicationError as exc:
        return _back(request, number, exc, "")
    return _back(request, number, None, _("Promise updated."))
