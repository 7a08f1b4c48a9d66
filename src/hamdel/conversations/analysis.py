"""Store the language analysis of customer messages and act on it (priority, inbox signals, corrections)."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.events import MessageAnalyzed
from hamdel.conversations.models import (
    Conversation,
    Direction,
    LabelCorrection,
    Message,
    MessageAnalysis,
    MessageKind,
    Priority,
)
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish, publish_many
from hamdel.core.permissions import Perm, require
from hamdel.language.abuse import mask_abusive
from hamdel.language.data import MULTICLASS

logger = logging.getLogger(__name__)

# The values an agent may choose when correcting a label: the corpus's own label sets.
LABELS: dict[str, tuple[str, ...]] = {
    **MULTICLASS,
    "abusive": ("true", "false"),
    "churn_risk": ("true", "false"),
}


def analyze_and_store(message_id: int) -> MessageAnalysis | None:
    """Analyse one inbound customer message (idempotent: a stored analysis is kept)."""
    message = Message.objects.filter(
        pk=message_id, direction=Direction.INBOUND, kind=MessageKind.MESSAGE
    ).first()
    if message is None or not message.text.strip():
        return None
    existing = MessageAnalysis.objects.filter(message=message).first()
    if existing:
        return existing
    return analyze_messages([message], keep_existing=True)[0]


def analyze_many_and_store(message_ids: list[int]) -> list[MessageAnalysis]:
    """`analyze_and_store` for a batch (the worker draining a backlog, core/drain.py): one model call for
    all texts, one transaction for all rows; a message analysed meanwhile keeps its stored analysis."""
    messages = [
        m
        for m in Message.objects.filter(
            pk__in=message_ids, direction=Direction.INBOUND, kind=MessageKind.MESSAGE, analysis=None
        ).order_by("pk")
        if m.text.strip()
    ]
    return analyze_messages(messages, keep_existing=True, together=True) if messages else []


def analyze_messages(
    messages: list[Message], *, keep_existing: bool = False, together: bool = False
) -> list[MessageAnalysis]:
    """Batch analysis, as the models are fastest on batches (the demo and backfills use this).

    With `keep_existing` an analysis stored meanwhile (the same task run twice, e.g. re-queued by crash
    recovery) wins: the unique message row decides, and the loser changes nothing and publishes nothing.
    With `together` all rows are stored in one transaction (after the models ran, outside it), not one each.
    """
    from hamdel.language import analyze

    results = analyze([m.text for m in messages])
    if together and keep_existing:
        bulk = _store_together(messages, results)
        if bulk is not None:
            return bulk
    stored = []
    with transaction.atomic() if together else contextlib.nullcontext():
        if together:
            # Lock every conversation of the batch first, in id order (as ingest and the facts do): two
            # workers storing batches that share conversations then queue instead of deadlocking (PostgreSQL).
            conversation_ids = {m.conversation_id for m in messages}
            list(
                Conversation.objects.select_for_update()
                .filter(pk__in=conversation_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        for message, result in zip(messages, results, strict=True):
            stored.append(_store_one(message, result, keep_existing))
    return stored


def _store_together(messages: list[Message], results: list[Any]) -> list[MessageAnalysis] | None:
    """All rows in one INSERT (issue 11: one by one cost the drain 2.7 ms a message), their conversations'
    signals, and their events in one statement. None when any message got an analysis meanwhile (another
    worker, a re-queued task): the caller then stores one by one, where the first stored row wins."""
    rows = [MessageAnalysis(message=m, **_fields(m, r)) for m, r in zip(messages, results, strict=True)]
    try:
        with transaction.atomic():
            # Every conversation of the batch locked first, in id order (as ingest and the facts do): two
            # workers storing batches that share conversations then queue instead of deadlocking (PostgreSQL).
            convs = {
                c.pk: c
                for c in Conversation.objects.select_for_update()
                .filter(pk__in={m.conversation_id for m in messages})
                .order_by("pk")
            }
            MessageAnalysis.objects.bulk_create(rows)
            _apply_to_conversations(messages, rows, convs)
            publish_many(
                [
                    MessageAnalyzed(message_id=m.pk, conversation_id=m.conversation_id, abusive=a.abusive)
                    for m, a in zip(messages, rows, strict=True)
                ]
            )
    except IntegrityError:
        return None
    return rows


def _fields(message: Message, result: Any) -> dict[str, Any]:
    """The analysis row's fields from the models' result."""
    return {
        "sentiment": result.sentiment,
        "polarity": result.polarity,
        "mixed": result.mixed,
        "emotion": result.emotion,
        "intent": result.intent,
        "urgency": result.urgency,
        "abusive": result.abusive,
        "churn_risk": result.churn_risk,
        "language": result.language,
        "masked_text": mask_abusive(message.text, result.abusive),
        "probabilities": {
            "sentiment": result.sentiment_probs,
            "emotion": result.emotion_probs,
            "intent": result.intent_probs,
            "urgency": result.urgency_probs,
        },
        "model_version": result.model_version,
    }


def _store_one(message: Message, result: Any, keep_existing: bool) -> MessageAnalysis:
    """One message's analysis row, its conversation's signals and its event, in one (nested) transaction."""
    with transaction.atomic():
        fields = _fields(message, result)
        if keep_existing:
            try:
                with transaction.atomic():
                    analysis = MessageAnalysis.objects.create(message=message, **fields)
            except IntegrityError:
                return MessageAnalysis.objects.get(message=message)
        else:
            analysis, _created = MessageAnalysis.objects.update_or_create(message=message, defaults=fields)
        _apply_to_conversation(message, analysis)
        publish(
            MessageAnalyzed(
                message_id=message.pk, conversation_id=message.conversation_id, abusive=analysis.abusive
            )
        )
    return analysis


def _newest_inbound() -> QuerySet[Message]:
    return Message.objects.filter(direction=Direction.INBOUND, kind=MessageKind.MESSAGE).order_by(
        "-created_at", "-id"
    )


def _apply_to_conversations(
    messages: list[Message], analyses: list[MessageAnalysis], convs: dict[int, Conversation]
) -> None:
    """`_apply_to_conversation` for a batch whose conversations `convs` the caller locked: their newest
    customer message read in one query; only the messages that are their conversation's newest set its
    signals."""
    ids = set(convs)
    newest = dict(
        Conversation.objects.filter(pk__in=ids)
        .annotate(newest=Subquery(_newest_inbound().filter(conversation=OuterRef("pk")).values("pk")[:1]))
        .values_list("pk", "newest")
    )
    for message, analysis in zip(messages, analyses, strict=True):
        if newest.get(message.conversation_id) == message.pk:
            _set_signals(convs[message.conversation_id], analysis)


def _apply_to_conversation(message: Message, analysis: MessageAnalysis) -> None:
    """The newest customer message sets the signals; urgency, abuse and churn risk raise the priority."""
    conv = Conversation.objects.select_for_update().get(pk=message.conversation_id)
    newest = _newest_inbound().filter(conversation=conv).values_list("pk", flat=True).first()
    if newest != message.pk:
        return
    _set_signals(conv, analysis)


def _set_signals(conv: Conversation, analysis: MessageAnalysis) -> None:
    """The conversation's signals from its newest customer message's analysis (the row is locked)."""
    from hamdel.conversations.services import conversation_raise_priority

    conv.sentiment = analysis.sentiment
    conv.emotion = analysis.emotion
    conv.is_urgent = analysis.urgency == "high"
    conv.is_abusive = analysis.abusive
    conv.churn_risk = analysis.churn_risk
    conv.save(update_fields=["sentiment", "emotion", "is_urgent", "is_abusive", "churn_risk", "updated_at"])
    reasons = []
    if conv.is_urgent:
        reasons.append(_("urgent message"))
    if conv.is_abusive:
        reasons.append(_("abusive language"))
    if conv.churn_risk:
        reasons.append(_("risk of losing the customer"))
    if reasons:
        target = Priority.URGENT if conv.is_urgent else Priority.HIGH
        conversation_raise_priority(conversation=conv, priority=target, reason="، ".join(reasons))


def label_correct(*, message: Message, field: str, value: str, author: User) -> MessageAnalysis:
    """An agent fixes one label; the correction is kept (who, when) for retraining."""
    return labels_correct(message=message, labels={field: value}, author=author)


@transaction.atomic
def labels_correct(*, message: Message, labels: dict[str, str], author: User) -> MessageAnalysis:
    """An agent fixes one or more labels of a message: every label is checked first, so a bad one
    refuses them all and nothing is half-corrected. Each correction is kept (who, when) for retraining."""
    require(author, Perm.LABEL_CORRECT)
    if not labels:
        raise ApplicationError(_("Unknown label."), {"field": ""}, code="unknown_label")
    for field, value in labels.items():
        if field not in LABELS:
            raise ApplicationError(_("Unknown label."), {"field": field}, code="unknown_label")
        if value not in LABELS[field]:
            raise ApplicationError(
                _("Unknown value for this label."),
                {"field": field, "value": value},
                code="unknown_label_value",
            )
    analysis = MessageAnalysis.objects.select_for_update().filter(message=message).first()
    if analysis is None:
        raise ApplicationError(
            _("This message has not been analysed."), {"message": message.pk}, code="not_analysed"
        )
    changed = False
    for field, value in labels.items():
        old = getattr(analysis, field)
        old_text = str(old).lower() if isinstance(old, bool) else str(old)
        if old_text == value:
            continue
        setattr(analysis, field, value == "true" if field in ("abusive", "churn_risk") else value)
        LabelCorrection.objects.create(
            message=message, field=field, old_value=old_text, new_value=value, author=author
        )
        changed = True
    if not changed:
        return analysis
    analysis.corrected = True
    analysis.save()
    _apply_to_conversation(message, analysis)
    if labels.get("abusive") == "true":  # an agent saw abuse the models missed: the shield acts on it too
        publish(MessageAnalyzed(message_id=message.pk, conversation_id=message.conversation_id, abusive=True))
    return analysis


def export_corrections(path: Path) -> int:
    """Write corrected messages in the corpus format (only the corrected labels) for `hamdel train`."""
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        for analysis in MessageAnalysis.objects.filter(corrected=True).select_related("message"):
            fields = set(
                LabelCorrection.objects.filter(message=analysis.message).values_list("field", flat=True)
            )
            row: dict[str, object] = {
                "id": f"correction-{analysis.message_id}",
                "text": analysis.message.text,
            }
            for field in fields:
                value = getattr(analysis, field)
                row[field] = value
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            rows += 1
    return rows
