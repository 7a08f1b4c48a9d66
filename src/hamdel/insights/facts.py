"""Copying the source apps' rows into facts: one conversation (with its messages and outcomes), one
survey response, or everything since a date. Each returns the instants whose local days must be refreshed.

A message is dated by `sent_at` (when the customer wrote it, given by the channel or the inbound API) and
by `created_at` when the channel gave none. A conversation opens at its first customer message; its first
response is the first reply a person wrote after that; durations are taken in calendar minutes and in
business minutes of the one calendar (`core.calendar.calendar_get()`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    Direction,
    EventType,
    Message,
    MessageAnalysis,
    MessageKind,
    Status,
)
from hamdel.core.calendar import calendar_get
from hamdel.core.slots import SurveyScore, sla_covered, survey_scores
from hamdel.insights.models import ConversationFact, ConversationTag, MessageFact, OutcomeFact, SurveyFact

OUTCOMES: dict[str, str] = {
    str(EventType.PROMISE_KEPT): "promise_kept",
    str(EventType.PROMISE_BROKEN): "promise_broken",
    str(EventType.SLA_BREACHED): "sla_breached",
    str(EventType.BOT_DEFLECTED): "bot_deflected",
}
_RESOLVED = (Status.RESOLVED, Status.CLOSED)
_CHUNK = 500  # conversations per batch of the rebuild (under SQLite's variable limit)


def _inbox_of(meta: object) -> int:
    value = meta.get("inbox") if isinstance(meta, dict) else None
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def _instants_of(ids: list[int]) -> list[dt.datetime]:
    """Every instant the stored facts of these conversations are dated by (their days change with them)."""
    moments: list[dt.datetime] = []
    for model in (MessageFact, OutcomeFact, SurveyFact):
        moments += model.objects.filter(conversation_id__in=ids).values_list("at", flat=True)
    for row in ConversationFact.objects.filter(conversation_id__in=ids).values_list(
        "opened_at", "first_response_at", "resolved_at"
    ):
        moments += [m for m in row if m is not None]
    return moments


def conversation_facts_refresh(conversation_id: int) -> list[dt.datetime]:
    """Rewrite the facts of one conversation from its current rows; the instants before and after."""
    return conversations_facts_refresh([conversation_id])


def conversations_facts_refresh(conversation_ids: Iterable[int]) -> list[dt.datetime]:
    """Rewrite the facts of a batch of conversations (≤ _CHUNK) in one transaction, reading their messages,
    labels, tags and events with one query each; the instants before and after."""
    ids = sorted(set(conversation_ids))
    with transaction.atomic():
        # Two workers may rewrite the same conversation's facts at once (a message's "created" and "analysed"
        # events): lock the conversations in id order first, so the second waits and rewrites after the first
        # instead of colliding on the facts' keys (PostgreSQL; SQLite serialises writers anyway).
        convs = list(Conversation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        before = _instants_of(ids)
        for model in (MessageFact, OutcomeFact, ConversationTag, ConversationFact):
            model.objects.filter(conversation_id__in=ids).delete()
        gone = set(ids) - {c.pk for c in convs}
        if gone:  # erased or merged away: their facts go with them
            SurveyFact.objects.filter(conversation_id__in=gone).update(conversation_id=None)
        built = _build_many(convs)
        ConversationFact.objects.bulk_create([fact for fact, _m, _o in built])
        MessageFact.objects.bulk_create([m for _f, messages, _o in built for m in messages], batch_size=2000)
        OutcomeFact.objects.bulk_create([o for _f, _m, outcomes in built for o in outcomes], batch_size=2000)
        ConversationTag.objects.bulk_create(
            [
                ConversationTag(conversation_id=f.conversation_id, tag_id=t)
                for f, _m, _o in built
                for t in f.tag_ids
            ]
        )
        by_dims: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        for fact, _m, _o in built:
            by_dims[(fact.channel, fact.team_id, fact.inbox_id)].append(fact.conversation_id)
        for (channel, team, inbox), cids in by_dims.items():
            SurveyFact.objects.filter(conversation_id__in=cids).update(
                channel=channel, team_id=team, inbox_id=inbox
            )
        return before + _instants_of(ids)


def _build_many(
    convs: list[Conversation],
) -> list[tuple[ConversationFact, list[MessageFact], list[OutcomeFact]]]:
    ids = [c.pk for c in convs]
    rows: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        Message.objects.filter(conversation_id__in=ids, kind=MessageKind.MESSAGE)
        .exclude(direction=Direction.INTERNAL)
        .values_list("conversation_id", "id", "direction", "author_id", "sent_at", "created_at", "meta")
    ):
        rows[row[0]].append(row[1:])
    labels = {
        mid: (s, e, i, p, c)
        for mid, s, e, i, p, c in MessageAnalysis.objects.filter(
            message__conversation_id__in=ids
        ).values_list("message_id", "sentiment", "emotion", "intent", "polarity", "churn_risk")
    }
    tags: dict[int, set[int]] = defaultdict(set)
    for cid, tag in Conversation.tags.through.objects.filter(conversation_id__in=ids).values_list(
        "conversation_id", "tag_id"
    ):
        tags[cid].add(tag)
    events: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for cid, eid, kind, at in ConversationEvent.objects.filter(
        conversation_id__in=ids, type__in=list(OUTCOMES)
    ).values_list("conversation_id", "id", "type", "at"):
        events[cid].append((eid, kind, at))
    covered = sla_covered(ids)
    return [_build(c, rows[c.pk], labels, sorted(tags[c.pk]), events[c.pk], c.pk in covered) for c in convs]


def _build(
    conv: Conversation,
    rows: list[tuple[Any, ...]],
    labels: dict[int, tuple[Any, ...]],
    tag_ids: list[int],
    events: list[tuple[Any, ...]],
    has_sla: bool,
) -> tuple[ConversationFact, list[MessageFact], list[OutcomeFact]]:
    dims = {"channel": conv.channel, "team_id": conv.team_id or 0, "customer_id": conv.customer_id or 0}
    inbound = sorted(
        ((sent or created, mid, meta) for mid, d, _a, sent, created, meta in rows if d == Direction.INBOUND),
        key=lambda r: (r[0], r[1]),
    )
    opened = inbound[0][0] if inbound else conv.created_at
    inbox = _inbox_of(inbound[0][2]) if inbound else 0
    messages: list[MessageFact] = []
    replies: list[dt.datetime] = []
    for mid, direction, author, sent, created, _meta in rows:
        at = sent if (direction == Direction.INBOUND and sent) else created
        by_agent = direction == Direction.OUTBOUND and author is not None
        if by_agent and at >= opened:
            replies.append(at)
        s, e, i, polarity, churn = labels.get(mid, ("", "", "", None, False))
        messages.append(
            MessageFact(
                message_id=mid,
                conversation_id=conv.pk,
                at=at,
                inbound=direction == Direction.INBOUND,
                by_agent=by_agent,
                inbox_id=inbox,
                sentiment=s,
                emotion=e,
                intent=i,
                polarity=polarity,
                churn=bool(churn),
                **dims,
            )
        )
    calendar = calendar_get()
    first = min(replies) if replies else None
    resolved = conv.resolved_at if conv.status in _RESOLVED and conv.resolved_at else None
    fact = ConversationFact(
        conversation_id=conv.pk,
        inbox_id=inbox,
        assignee_id=conv.assignee_id or 0,
        tag_ids=tag_ids,
        opened_at=opened,
        first_response_at=first,
        resolved_at=resolved,
        first_response_minutes=_minutes(opened, first),
        first_response_business_minutes=(calendar.seconds_between(opened, first) / 60 if first else None),
        resolution_minutes=_minutes(opened, resolved),
        resolution_business_minutes=(calendar.seconds_between(opened, resolved) / 60 if resolved else None),
        agent_replies=len(replies),
        reopen_count=conv.reopen_count,
        sla_breached=any(t == EventType.SLA_BREACHED for _i, t, _at in events),
        has_sla=has_sla,
        **dims,
    )
    outcomes = [
        OutcomeFact(event_id=eid, conversation_id=conv.pk, kind=OUTCOMES[t], at=at) for eid, t, at in events
    ]
    return fact, messages, outcomes


def _minutes(start: dt.datetime, end: dt.datetime | None) -> float | None:
    return max(0.0, (end - start).total_seconds() / 60) if end else None


def survey_facts_store(scores: Iterable[SurveyScore]) -> list[dt.datetime]:
    """Store scored answers (replacing the same response × question); the instants they are dated by."""
    scores = [s for s in scores if s.kind in ("csat", "ces", "nps")]
    if not scores:
        return []
    conversation_ids = {s.conversation_id for s in scores if s.conversation_id}
    dims = {
        cid: (channel, team, inbox)
        for cid, channel, team, inbox in ConversationFact.objects.filter(
            conversation_id__in=conversation_ids
        ).values_list("conversation_id", "channel", "team_id", "inbox_id")
    }
    missing = conversation_ids - set(dims)
    for cid, channel, team in Conversation.objects.filter(pk__in=missing).values_list(
        "id", "channel", "team_id"
    ):
        dims[cid] = (channel, team or 0, 0)
    facts = []
    for s in scores:
        channel, team, inbox = dims.get(s.conversation_id or 0, ("", 0, 0))
        facts.append(
            SurveyFact(
                response_id=s.response_id,
                question_id=s.question_id,
                kind=s.kind,
                score=s.score,
                at=s.at,
                conversation_id=s.conversation_id,
                channel=channel,
                team_id=team,
                inbox_id=inbox,
            )
        )
    with transaction.atomic():
        before = list(
            SurveyFact.objects.filter(response_id__in={s.response_id for s in scores}).values_list(
                "at", flat=True
            )
        )
        SurveyFact.objects.filter(response_id__in={s.response_id for s in scores}).delete()
        SurveyFact.objects.bulk_create(facts, batch_size=2000)
    return before + [s.at for s in scores]


def survey_response_refresh(response_id: int) -> list[dt.datetime]:
    return survey_facts_store(survey_scores(response_id=response_id))


def facts_rebuild(since: dt.datetime) -> tuple[int, dt.datetime]:
    """Refresh the facts of every conversation with a message or a change since `since`, and every survey
    answer completed since then; the number of conversations refreshed and the earliest instant touched
    (a message sent before `since` but received after it moves the start of the rollups to rebuild)."""
    ids = set(
        Message.objects.filter(created_at__gte=since).values_list("conversation_id", flat=True).distinct()
    )
    ids |= set(Conversation.objects.filter(updated_at__gte=since).values_list("id", flat=True))
    ids |= set(
        ConversationEvent.objects.filter(at__gte=since).values_list("conversation_id", flat=True).distinct()
    )
    earliest = since
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        earliest = min([earliest, *conversations_facts_refresh(ordered[i : i + _CHUNK])])
    earliest = min([earliest, *survey_facts_store(survey_scores(since=since))])
    return len(ids), earliest
