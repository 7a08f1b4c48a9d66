"""Listening posts: feedback items from every source, mystery-shopping audits and focus groups.

Recording what customers said elsewhere (a review, a mention, an audit visit) is `feedback.record`;
setting up checklists and running focus groups is `survey.manage`. Every stored item is read by the
language models after commit (`FeedbackItemCreated`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.feedback.events import FeedbackItemCreated
from hamdel.feedback.models import (
    Audit,
    AuditTemplate,
    FeedbackItem,
    FocusGroup,
    Idea,
    ItemSource,
    Location,
    Response,
)

MAX_ITEM_TEXT = 20_000


def _check_item(source: str, text: str, rating: float | None, rating_max: int | None) -> None:
    if source not in ItemSource.values:
        raise ApplicationError(_("Unknown feedback source."), {"source": source}, code="unknown_source")
    if not text.strip():
        raise ApplicationError(_("Feedback needs some text."), {"text": "required"}, code="text_required")
    if rating is not None and (rating < 0 or (rating_max is not None and rating > rating_max)):
        raise ApplicationError(
            _("The rating is out of range."),
            {"rating": rating, "rating_max": rating_max},
            code="rating_range",
        )


def item_store(
    *,
    source: str,
    text: str,
    customer: Customer | None = None,
    author_name: str = "",
    rating: float | None = None,
    rating_max: int | None = None,
    url: str = "",
    occurred_at: dt.datetime | None = None,
    location: Location | None = None,
    response: Response | None = None,
) -> FeedbackItem:
    """Store one piece of feedback exactly as written, inside the caller's action and transaction.

    For the actions of this app only (a survey comment, a new idea, an audit's findings), which have already
    checked who may do them.
    """
    _check_item(source, text, rating, rating_max)
    item = FeedbackItem.objects.create(
        source=source,
        text=text[:MAX_ITEM_TEXT],
        customer=customer,
        author_name=author_name.strip()[:200],
        rating=rating,
        rating_max=rating_max,
        url=url[:500],
        occurred_at=occurred_at or timezone.now(),
        location=location,
        response=response,
    )
    publish(FeedbackItemCreated(item_id=item.pk))
    return item


def item_create(
    *,
    actor: Any,
    source: str,
    text: str,
    customer: Customer | None = None,
    author_name: str = "",
    rating: float | None = None,
    rating_max: int | None = None,
    url: str = "",
    occurred_at: dt.datetime | None = None,
) -> FeedbackItem:
    """A person records what a customer said elsewhere: a review, a mention, a call, a card."""
    require(actor, Perm.FEEDBACK_RECORD)
    with transaction.atomic():
        return item_store(
            source=source,
            text=text,
            customer=customer,
            author_name=author_name,
            rating=rating,
            rating_max=rating_max,
            url=url,
            occurred_at=occurred_at,
        )


def item_analyze(*, item_id: int) -> FeedbackItem | None:
    """Sentiment and emotion of one item, with the model version that read it (Hamdel's own work)."""
    from hamdel.language import analyze

    item = FeedbackItem.objects.filter(pk=item_id).first()
    if item is None or item.analysed_at is not None:
        return item
    result = analyze([item.text])[0]
    item.sentiment = result.sentiment
    item.polarity = result.polarity
    item.emotion = result.emotion
    item.intent = result.intent
    item.model_version = result.model_version
    item.analysed_at = timezone.now()
    item.save(update_fields=["sentiment", "polarity", "emotion", "intent", "model_version", "analysed_at"])
    return item


def audit_template_create(*, actor: Any, name: str, items: list[str]) -> AuditTemplate:
    """A mystery-shopping checklist (set-up)."""
    require(actor, Perm.SURVEY_MANAGE)
    items = [i.strip() for i in items if i.strip()]
    if not name.strip() or not items:
        raise ApplicationError(
            _("A checklist needs a name and at least one item."), {"items": "required"}, code="items_required"
        )
    return AuditTemplate.objects.create(name=name.strip()[:200], items=items)


def audit_record(
    *,
    actor: Any,
    template: AuditTemplate,
    branch: str,
    visited_at: dt.datetime,
    checks: list[bool],
    auditor: str = "",
    findings: str = "",
) -> Audit:
    """One mystery-shopping visit: the share of checklist items met is the branch's score."""
    require(actor, Perm.FEEDBACK_RECORD)
    if not branch.strip():
        raise ApplicationError(_("Name the branch."), {"branch": "required"}, code="branch_required")
    if len(checks) != len(template.items):
        raise ApplicationError(
            _("Answer every item of the checklist."), {"checks": len(template.items)}, code="checks_count"
        )
    score = round(100 * sum(1 for c in checks if c) / len(checks), 1)
    missed = [item for item, ok in zip(template.items, checks, strict=True) if not ok]
    text = findings.strip() or ("، ".join(missed) if missed else "")
    with transaction.atomic():
        audit = Audit.objects.create(
            template=template,
            branch=branch.strip()[:120],
            visited_at=visited_at,
            auditor=auditor.strip()[:120],
            checks=[bool(c) for c in checks],
            score=score,
            findings=findings.strip(),
            created_by=actor if isinstance(actor, User) else None,
        )
        if text:
            item_store(
                source=ItemSource.AUDIT,
                text=text,
                author_name=branch,
                rating=score,
                rating_max=100,
                occurred_at=visited_at,
            )
    return audit


def focus_group_create(
    *,
    actor: Any,
    title: str,
    held_at: dt.datetime,
    notes: str,
    moderator: str = "",
    participants: str = "",
    findings: str = "",
    ideas: list[str] | None = None,
) -> FocusGroup:
    """A focus-group session; its notes become a feedback item and its ideas go on the ideas board."""
    require(actor, Perm.SURVEY_MANAGE)
    if not title.strip() or not notes.strip():
        raise ApplicationError(
            _("A focus group needs a topic and notes."), {"notes": "required"}, code="notes_required"
        )
    with transaction.atomic():
        group = FocusGroup.objects.create(
            title=title.strip()[:200],
            held_at=held_at,
            moderator=moderator.strip()[:120],
            participants=participants.strip(),
            notes=notes.strip(),
            findings=findings.strip(),
            created_by=actor if isinstance(actor, User) else None,
        )
        for line in ideas or []:
            if line.strip():
                idea = Idea.objects.create(
                    title=line.strip()[:200],
                    author_name=_("Focus group: %(title)s") % {"title": group.title},
                )
                group.ideas.add(idea)
        item_store(source=ItemSource.FOCUS_GROUP, text=notes, author_name=group.title, occurred_at=held_at)
    return group
