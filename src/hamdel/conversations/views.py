"""The inbox and the conversation page. Views parse, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.accounts.http import SignedInRequest
from hamdel.accounts.models import Team, User
from hamdel.conversations import selectors, services
from hamdel.conversations.models import (
    Conversation,
    Delivery,
    Message,
    Priority,
    Status,
    Tag,
)
from hamdel.conversations.services.privacy import message_redact as redact
from hamdel.conversations.types import InboundAttachment
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id, same_site
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.persian import latin_digits
from hamdel.core.slots import inbox_columns, inbox_queryset

PAGE_SIZE = 50


def _filters(request: SignedInRequest) -> selectors.InboxFilters:
    g = request.GET
    view = g.get("view", "open")
    return selectors.InboxFilters(
        view=view if view in selectors.VIEWS else "open",
        status=[s for s in g.getlist("status") if s in Status.values],
        assignee=g.get("assignee", ""),
        team=g.get("team", ""),
        channel=[c for c in g.getlist("channel") if c in channels.names()],
        priority=[p for p in g.getlist("priority") if p in Priority.values],
        tag=g.get("tag", ""),
        signal=g.get("signal", ""),
        q=g.get("q", "")[:200],
    )


def _choices() -> dict[str, Any]:
    return {
        "statuses": Status.choices,
        "priorities": Priority.choices,
        "channels": channels.choices(),
        "agents": User.objects.filter(is_active=True).order_by("username"),
        "teams": Team.objects.all(),
        "all_tags": Tag.objects.all(),
    }


@requires(Perm.CONVERSATION_VIEW)
def inbox(request: SignedInRequest) -> HttpResponse:
    filters = _filters(request)
    number = latin_digits(filters.q.strip())
    if number.startswith("#") and (typed := form_id(number[1:])) is not None:
        # «#125» is a conversation number: go straight to it when it exists
        found = Conversation.objects.filter(number=typed).values_list("number", flat=True).first()
        if found:
            return redirect("conversations:conversation", number=found)
    columns = inbox_columns(request)
    sort = request.GET.get("sort", "")
    qs = inbox_queryset(selectors.conversation_list(user=request.user, filters=filters), columns, sort)
    page = Paginator(qs, PAGE_SIZE, allow_empty_first_page=True).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "counts": selectors.inbox_counts(user=request.user),
        "query": query.urlencode(),
        "inbox_columns": columns,
        "sort": sort if any(c.key == sort and c.order_by for c in columns) else "",
        "sort_query": _without(request, "sort", "page"),
        **_choices(),
    }
    template = (
        "conversations/inbox.html#conversation-list"
        if request.htmx and request.htmx.target == "conv-list"
        else "conversations/inbox.html"
    )
    return render(request, template, context)


def _without(request: SignedInRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@requires(Perm.CONVERSATION_BULK)
@require_POST
def inbox_bulk(request: SignedInRequest) -> HttpResponse:
    ids = request.POST.getlist("ids")
    if not ids:
        messages.warning(request, _("Select at least one conversation."))
    else:
        try:
            # The action checks the ids: an unknown, non-numeric or too large one refuses the whole selection.
            done = services.conversations_bulk(
                ids=ids,
                action=request.POST.get("action", ""),
                actor=request.user,
                value=request.POST.get("value", ""),
            )
            messages.success(request, _("%(n)s conversations updated.") % {"n": done})
        except ApplicationError as exc:
            messages.error(request, _(exc.message))
    return redirect(same_site(request, request.POST.get("next", "")) or "conversations:inbox")


def _last_ids(items: list[Any]) -> dict[str, int]:
    """The live timeline asks for what came after the newest message and the newest change event."""
    return {
        "last_id": max((i.pk for i in items if not i.is_event), default=0),
        "last_event_id": max((i.pk for i in items if i.is_event), default=0),
    }


def _conversation_context(request: SignedInRequest, conv: Conversation) -> dict[str, Any]:
    items = selectors.timeline_entries(conversation=conv)
    return {
        "can_reveal": can(request.user, Perm.ABUSE_REVEAL),
        "can_redact": can(request.user, Perm.MESSAGE_REDACT),
        "draft": request.session.pop(f"draft-{conv.pk}", ""),
        "conv": conv,
        "items": items,
        **_last_ids(items),
        **_choices(),
    }


@requires(Perm.CONVERSATION_VIEW)
def conversation(request: SignedInRequest, number: int) -> HttpResponse:
    conv = selectors.conversation_get(number=number)
    return render(request, "conversations/conversation.html", _conversation_context(request, conv))


@requires(Perm.CONVERSATION_VIEW)
def conversation_timeline(request: SignedInRequest, number: int) -> HttpResponse:
    """New timeline items after `after`, appended live when a message arrives."""
    conv = selectors.conversation_get(number=number)
    after, after_event = request.GET.get("after", "0"), request.GET.get("after_event", "0")
    items = selectors.timeline_entries(
        conversation=conv,
        after_message=form_id(after) or 0,
        after_event=form_id(after_event) or 0,
    )
    context = {"items": items, "conv": conv, "can_reveal": can(request.user, Perm.ABUSE_REVEAL)}
    return render(request, "conversations/conversation.html#timeline-items", context)


@requires(Perm.ABUSE_REVEAL)
@require_POST
def message_reveal(request: SignedInRequest, number: int, pk: int) -> HttpResponse:
    """One click shows this agent the masked words of one message, once; the reveal is logged.

    With htmx only the message body is swapped; without JavaScript the page is drawn again with this one
    message revealed. Nothing is remembered: the next visit shows it masked again.
    """
    conv = selectors.conversation_get(number=number)
    message = get_object_or_404(Message, pk=pk, conversation=conv)
    try:
        services.message_reveal(message=message, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{conv_url(number)}#m{pk}")
    message.revealed = True  # type: ignore[attr-defined]
    if request.htmx:
        fragment = {"m": message, "conv": conv, "can_reveal": True}
        return render(request, "conversations/_message_body.html", fragment)
    context = _conversation_context(request, conv)
    items: list[Any] = context["items"]
    for item in items:
        if not item.is_event and item.pk == message.pk:
            item.revealed = True
    return render(request, "conversations/conversation.html", context)


@requires(Perm.MESSAGE_REDACT)
@require_POST
def message_redact(request: SignedInRequest, number: int, pk: int) -> HttpResponse:
    """Hide a message's text for good, with a reason the history shows."""
    conv = selectors.conversation_get(number=number)
    message = get_object_or_404(Message, pk=pk, conversation=conv)
    try:
        redact(actor=request.user, message=message, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The text was hidden."))
    return redirect(f"{conv_url(number)}#m{pk}")


def _conversation_action(
    func: Callable[[SignedInRequest, Conversation], str | None],
) -> Callable[..., HttpResponse]:
    """Run one change on a conversation; show the service's refusal as a form error, never a 500."""

    @wraps(func)
    @requires(Perm.CONVERSATION_VIEW)  # the action checks the precise permission (reply, update, …)
    @require_POST
    def view(request: SignedInRequest, number: int) -> HttpResponse:
        conv = selectors.conversation_get(number=number)
        try:
            done = func(request, conv)
            if done:
                messages.success(request, done)
        except ApplicationError as exc:
            messages.error(request, _(exc.message))
        return redirect("conversations:conversation", number=number)

    return view


def _uploads(request: SignedInRequest) -> list[InboundAttachment]:
    files = request.FILES.getlist("attachments")
    result = []
    for f in files:
        name, content_type = f.name or "", f.content_type or "application/octet-stream"
        services.check_attachment(name, content_type, f.size or 0)
        result.append(InboundAttachment(name=name, content_type=content_type, data=f.read()))
    return result


@_conversation_action
def conversation_reply(request: SignedInRequest, conv: Conversation) -> str | None:
    text = request.POST.get("text", "")
    seen = request.POST.get("seen", "")
    if request.POST.get("mode") != "note" and (seen_id := form_id(seen)) is not None:
        other = selectors.reply_since(conversation=conv, after_id=seen_id, exclude_author=request.user)
        if other is not None:
            # Collision: somebody answered while this agent was writing. Keep the draft, show the answer.
            request.session[f"draft-{conv.pk}"] = text
            raise ApplicationError(
                _("%(name)s answered the customer while you were writing. Read it; your draft is kept.")
                % {"name": other.author.name if other.author else _("Hamdel")}
            )
    if request.POST.get("mode") == "note":
        services.note_add(conversation=conv, author=request.user, text=text)
        return _("Note added.")
    services.reply(
        conversation=conv,
        author=request.user,
        text=text,
        attachments=_uploads(request),
        status=request.POST.get("status") or None,
    )
    return _("Reply sent.")


@_conversation_action
def conversation_update(request: SignedInRequest, conv: Conversation) -> str | None:
    """The side form's fields are one change: a bad field refuses all of them, nothing half-applies."""
    p = request.POST

    def row(field: str) -> str | int | None:
        """Absent: leave as it is; empty: none; anything else the action parses (and refuses if no id)."""
        return (p[field].strip() or 0) if field in p else None

    changes = services.ConversationChanges(
        status=p.get("status"),
        priority=p.get("priority"),
        assignee_id=row("assignee"),
        team_id=row("team"),
        round_robin=p.get("round_robin") == "1",
        tags=p["tags"].replace("،", ",").split(",") if "tags" in p else None,
    )
    services.conversation_update(conversation=conv, actor=request.user, changes=changes)
    return _("Conversation updated.")


@_conversation_action
def delivery_retry(request: SignedInRequest, conv: Conversation) -> str | None:
    delivery = get_object_or_404(
        Delivery, pk=form_id(request.POST.get("delivery")), message__conversation=conv
    )
    services.delivery_retry(delivery=delivery, actor=request.user)
    return _("Sending again.")


@requires(Perm.LABEL_CORRECT)
@require_POST
def label_correct(request: SignedInRequest, number: int, pk: int) -> HttpResponse:
    """One click on a label chip corrects it; the correction is kept for retraining."""
    from hamdel.conversations.analysis import LABELS
    from hamdel.conversations.analysis import labels_correct as correct

    conv = selectors.conversation_get(number=number)
    message = get_object_or_404(Message, pk=pk, conversation=conv)
    try:
        # One action for every label in the form: a bad one refuses them all.
        labels = {field: request.POST[field] for field in LABELS if field in request.POST}
        correct(message=message, labels=labels, author=request.user)
        messages.success(request, _("Thank you: the correction teaches Hamdel your customers' language."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(f"{conv_url(number)}#m{pk}")


def conv_url(number: int) -> str:
    from django.urls import reverse

    return reverse("conversations:conversation", args=[number])


@requires(Perm.CONVERSATION_VIEW)
def canned_render(request: SignedInRequest, number: int, pk: int) -> HttpResponse:
    conv = selectors.conversation_get(number=number)
    canned = selectors.canned_get(user=request.user, pk=pk)  # only a reply this person may use
    return HttpResponse(
        services.render_canned(canned=canned, conversation=conv, agent=request.user),
        content_type="text/plain; charset=utf-8",
    )
