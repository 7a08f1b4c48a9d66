"""Listening posts: feedback items from every source, mystery-shopping audits, focus groups, cards."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.feedback.models import (
    Audit,
    AuditTemplate,
    FeedbackItem,
    FocusGroup,
    Idea,
    ItemSource,
    Location,
    Response,
    Survey,
)

logger = logging.getLogger(__name__)
MAX_ITEM_TEXT = 20_000


@transaction.atomic
def item_create(
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
    """Store one piece of feedback exactly as written; the language models read it after commit."""
    if source not in ItemSource.values:
        raise ApplicationError(_("Unknown feedback source."), {"source": source})
    if not text.strip():
        raise ApplicationError(_("Feedback needs some text."), {"text": "required"})
    if rating is not None and (rating < 0 or (rating_max is not None and rating > rating_max)):
        raise ApplicationError(_("The rating is out of range."), {"rating": rating, "rating_max": rating_max})
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
    from hamdel.feedback import tasks

    transaction.on_commit(lambda: tasks.analyze_item.enqueue(item.pk))
    return item


def item_analyze(*, item_id: int) -> FeedbackItem | None:
    """Sentiment and emotion of one item, with the model version that read it (idempotent)."""
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


@transaction.atomic
def location_create(*, branch: str, counter: str, survey: Survey) -> Location:
    """A branch or counter gets its own satisfaction card, so answers show where service happened."""
    if not branch.strip():
        raise ApplicationError(_("Name the branch."), {"branch": "required"})
    return Location.objects.create(branch=branch.strip()[:120], counter=counter.strip()[:120], survey=survey)


@transaction.atomic
def audit_template_create(*, name: str, items: list[str]) -> AuditTemplate:
    items = [i.strip() for i in items if i.strip()]
    if not name.strip() or not items:
        raise ApplicationError(_("A checklist needs a name and at least one item."), {"items": "required"})
    return AuditTemplate.objects.create(name=name.strip()[:200], items=items)


@transaction.atomic
def audit_record(
    *,
    template: AuditTemplate,
    branch: str,
    visited_at: dt.datetime,
    checks: list[bool],
    auditor: str = "",
    findings: str = "",
    actor: User | None = None,
) -> Audit:
    """One mystery-shopping visit: the share of checklist items met is the branch's score."""
    if not branch.strip():
        raise ApplicationError(_("Name the branch."), {"branch": "required"})
    if len(checks) != len(template.items):
        raise ApplicationError(_("Answer every item of the checklist."), {"checks": len(template.items)})
    score = round(100 * sum(1 for c in checks if c) / len(checks), 1)
    audit = Audit.objects.create(
        template=template,
        branch=branch.strip()[:120],
        visited_at=visited_at,
        auditor=auditor.strip()[:120],
        checks=[bool(c) for c in checks],
        score=score,
        findings=findings.strip(),
        created_by=actor,
    )
    missed = [item for item, ok in zip(template.items, checks, strict=True) if not ok]
    text = findings.strip() or ("، ".join(missed) if missed else "")
    if text:
        item_create(
            source=ItemSource.AUDIT,
            text=text,
            author_name=branch,
            rating=score,
            rating_max=100,
            occurred_at=visited_at,
        )
    return audit


@transaction.atomic
def focus_group_create(
    *,
    title: str,
    held_at: dt.datetime,
    notes: str,
    moderator: str = "",
    participants: str = "",
    findings: str = "",
    ideas: list[str] | None = None,
    actor: User | None = None,
) -> FocusGroup:
    """A focus-group session; its notes become a feedback item and its ideas go on the ideas board."""
    if not title.strip() or not notes.strip():
        raise ApplicationError(_("A focus group needs a topic and notes."), {"notes": "required"})
    group = FocusGroup.objects.create(
        title=title.strip()[:200],
        held_at=held_at,
        moderator=moderator.strip()[:120],
        participants=participants.strip(),
        notes=notes.strip(),
        findings=findings.strip(),
        created_by=actor,
    )
    for line in ideas or []:
        if line.strip():
            idea = Idea.objects.create(
                title=line.strip()[:200],
                author_name=_("Focus group: %(title)s") % {"title": group.title},
            )
            group.ideas.add(idea)
    item_create(source=ItemSource.FOCUS_GROUP, text=notes, author_name=group.title, occurred_at=held_at)
    return group


def parse_checks(values: dict[str, Any], count: int) -> list[bool]:
    return [str(values.get(f"check-{i}", "")) in ("1", "on", "true") for i in range(count)]
