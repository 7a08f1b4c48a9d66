"""Conversation reads: the inbox list with its filters and Persian search, counts, and the timeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.models import (
    Attachment,
    CannedReply,
    Conversation,
    ConversationEvent,
    Message,
    MessageKind,
    Priority,
)
from hamdel.core.errors import NotFound
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, RuleActor, can, is_system, require
from hamdel.language.normalize import fold_for_search

_TOKEN = re.compile(r"\w+", re.UNICODE)
VIEWS = ("open", "mine", "unassigned", "urgent", "all")
SIGNALS = {
    "urgent": Q(is_urgent=True),
    "abusive": Q(is_abusive=True),
    "churn_risk": Q(churn_risk=True),
    "negative": Q(sentiment__in=["negative", "very_negative"]),
}


@dataclass
class InboxFilters:
    """Every way an agent can narrow the inbox; the same set backs the HTML inbox and the API."""

    view: str = "open"
    status: list[str] = field(default_factory=list)
    assignee: str = ""  # a user id, or "none"
    team: str = ""
    channel: list[str] = field(default_factory=list)
    priority: list[str] = field(default_factory=list)
    tag: str = ""
    customer: str = ""
    signal: str = ""  # urgent, abusive, churn_risk or negative: what the language models noticed
    q: str = ""


def search_tokens(q: str) -> list[str]:
    """Split a query the way the index was split, after the same Persian folding."""
    return _TOKEN.findall(fold_for_search(q))[:12]


def _search_sql(tokens: list[str]) -> tuple[str, list[str]]:
    if connection.vendor == "postgresql":
        query = " & ".join(f"{t}:*" for t in tokens)
        return (
            "SELECT conversation_id FROM conversations_searchdocument "
            "WHERE to_tsvector('simple', body) @@ to_tsquery('simple', %s)",
            [query],
        )
    query = " AND ".join(f'"{t}"*' for t in tokens)
    return (
        "SELECT d.conversation_id FROM conversations_searchdocument d "
        "WHERE d.id IN (SELECT rowid FROM conversations_search_fts WHERE conversations_search_fts MATCH %s)",
        [query],
    )


def search_filter(qs: QuerySet[Conversation], q: str) -> QuerySet[Conversation]:
    tokens = search_tokens(q)
    if not tokens:
        return qs
    sql, params = _search_sql(tokens)
    number = q.strip().lstrip("#")
    match = Q(pk__in=RawSQL(sql, params))  # noqa: S611 - fixed SQL, the query is a bound parameter
    if (found := form_id(number)) is not None:
        match |= Q(number=found)
    return qs.filter(match)


def conversation_list(*, user: User, filters: InboxFilters) -> QuerySet[Conversation]:
    require(user, Perm.CONVERSATION_VIEW)
    qs = Conversation.objects.select_related("customer", "assignee", "team").prefetch_related("tags")
    if filters.view == "mine":
        qs = qs.filter(assignee=user, is_open=True)
    elif filters.view == "unassigned":
        qs = qs.filter(assignee__isnull=True, is_open=True)
    elif filters.view == "urgent":
        qs = qs.filter(priority=Priority.URGENT, is_open=True)
    elif filters.view == "open" and not filters.status:
        qs = qs.filter(is_open=True)
    if filters.status:
        qs = qs.filter(status__in=filters.status)
    if filters.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif filters.assignee:  # an id typed in any digits; text, «²» or 20 digits match nobody
        qs = qs.filter(assignee_id=form_id(filters.assignee) or 0)
    if filters.team:
        qs = qs.filter(team_id=form_id(filters.team) or 0)
    if filters.channel:
        qs = qs.filter(channel__in=filters.channel)
    if filters.priority:
        qs = qs.filter(priority__in=filters.priority)
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    if filters.signal in SIGNALS:
        qs = qs.filter(SIGNALS[filters.signal])
    if filters.customer:
        qs = qs.filter(customer_id=form_id(filters.customer) or 0)
    if filters.q.strip():
        qs = search_filter(qs, filters.q)
    return qs.order_by("-last_message_at", "-id")


def inbox_counts(*, user: User) -> dict[str, int]:
    """Counts for the views in the sidebar, in one query."""
    open_q = Q(is_open=True)
    return Conversation.objects.aggregate(
        open=Count("pk", filter=open_q),
        mine=Count("pk", filter=open_q & Q(assignee=user)),
        unassigned=Count("pk", filter=open_q & Q(assignee__isnull=True)),
        urgent=Count("pk", filter=open_q & Q(priority=Priority.URGENT)),
        all=Count("pk"),
    )


def conversation_get(*, number: int) -> Conversation:
    conv = (
        Conversation.objects.select_related("customer", "assignee", "team")
        .prefetch_related("tags", "customer__identities", "customer__notes")
        .filter(number=number)
        .first()
    )
    if conv is None:
        raise NotFound(_("No such conversation."))
    return conv


def conversation_by_id(*, conversation_id: int, user: Any) -> Conversation:
    """One conversation for a staff member (every staff role sees every conversation today)."""
    require(user, Perm.CONVERSATION_VIEW)
    conv = (
        Conversation.objects.select_related("customer").filter(pk=conversation_id).first()
        if form_id(conversation_id) is not None
        else None
    )
    if conv is None:
        raise NotFound(_("No such conversation."), code="not_found")
    return conv


def attachment_get(*, user: Any, pk: int) -> Attachment:
    """A file of a message the user may see (every staff role sees every conversation today)."""
    require(user, Perm.CONVERSATION_VIEW)
    found = Attachment.objects.filter(pk=pk).first() if form_id(pk) is not None else None
    if found is None or not found.file:
        raise NotFound(_("No such file."), code="not_found")
    return found


def conversation_events(*, conversation: Conversation) -> QuerySet[ConversationEvent]:
    return ConversationEvent.objects.filter(conversation=conversation).order_by("at", "id")


def timeline_entries(
    *, conversation: Conversation, after_message: int = 0, after_event: int = 0
) -> list[Message | ConversationEvent]:
    """Messages and change events together, in the order they happened, for the conversation page."""
    messages = list(
        timeline(conversation=conversation, after_id=after_message).prefetch_related("delivery__reports")
    )
    events = list(
        conversation_events(conversation=conversation).filter(pk__gt=after_event).select_related("actor_user")
    )
    entries: list[Message | ConversationEvent] = [*messages, *events]
    entries.sort(key=lambda e: (e.at if isinstance(e, ConversationEvent) else e.created_at, e.is_event))
    return entries


def timeline(*, conversation: Conversation, after_id: int = 0) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation=conversation, pk__gt=after_id)
        .exclude(kind=MessageKind.EVENT)
        .select_related("author", "delivery", "analysis")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def reply_since(*, conversation: Conversation, after_id: int, exclude_author: User) -> Message | None:
    """Another agent's reply sent after the timeline item `after_id`: the collision warning."""
    return (
        Message.objects.filter(conversation=conversation, pk__gt=after_id, direction="out")
        .exclude(author=exclude_author)
        .select_related("author")
        .order_by("pk")
        .first()
    )


def canned_usable(*, user: Any, q: str = "") -> QuerySet[CannedReply]:
    """The canned replies this person may insert: shared ones, their teams' ones and their own personal ones.

    Hamdel itself (an automation rule, a task) may use every shared and team reply, never a personal one.
    `q` matches every token in the folded title, shortcut and text, so «میخواهم» finds «می‌خواهم».
    """
    shared = Q(owner__isnull=True)
    if is_system(user) or isinstance(user, RuleActor):
        scope = shared
    elif getattr(user, "is_authenticated", False):
        scope = shared & (Q(team__isnull=True) | Q(team__members=user)) | Q(owner=user)
    else:
        return CannedReply.objects.none()
    return canned_search(CannedReply.objects.filter(scope).distinct(), q)


def canned_manageable(*, user: Any, q: str = "") -> QuerySet[CannedReply]:
    """The settings page's list: what one may use, plus every team's replies for those who manage them."""
    usable = canned_usable(user=user)
    if can(user, Perm.CANNED_MANAGE):
        usable = CannedReply.objects.filter(Q(pk__in=usable.values("pk")) | Q(owner__isnull=True))
    return canned_search(usable.select_related("team", "owner"), q)


def canned_search(qs: QuerySet[CannedReply], q: str) -> QuerySet[CannedReply]:
    """Every token of the query in the reply's folded text; the reply whose shortcut was typed comes first."""
    tokens = search_tokens(q)
    for token in tokens:
        qs = qs.filter(search_text__contains=token)
    typed = Case(When(shortcut__iexact=q.strip(), then=Value(0)), default=Value(1))
    return qs.order_by(typed, "title", "pk")


def canned_get(*, user: Any, pk: int, manage: bool = False) -> CannedReply:
    """One reply this person may use (or, with `manage`, see in settings); 404 otherwise."""
    qs = canned_manageable(user=user) if manage else canned_usable(user=user)
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Canned reply not found."), {"canned_id": pk}, code="not_found")
    return found
