"""The customer journey: each inbound message placed in a stage (tags first, then intent, then channel)
and counted by its emotion, so the page shows where negative emotion concentrates.

Counted per (intent, emotion, channel): from the journey rows of the label rollups (rollups.JOURNEY) when no
stage is defined by tags, else from the insights message facts grouped in the database — never from the raw
messages; only the examples of a clicked cell open messages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from hamdel.conversations.models import Message, Tag
from hamdel.core.permissions import Perm, require
from hamdel.insights.models import ConversationTag, MessageFact
from hamdel.insights.periods import Period
from hamdel.insights.problems.models import JourneyStage
from hamdel.insights.selectors import fresh, journey_counts

EMOTIONS = ("anger", "disgust", "fear", "sadness", "surprise", "neutral", "joy")
NEGATIVE_EMOTIONS = frozenset({"anger", "disgust", "fear", "sadness"})
MIN_MESSAGES = 3  # a stage needs this many messages before it can be the "hot" one

# The defaults a fresh install starts with (migration 0002 writes them); supervisors edit them.
DEFAULT_STAGES: tuple[dict[str, Any], ...] = (
    {
        "key": "awareness",
        "name": "آشنایی",
        "intents": ["product_question", "suggestion"],
        "channels": ["social"],
    },
    {"key": "purchase", "name": "خرید", "intents": ["pricing", "billing_payment"], "channels": []},
    {
        "key": "delivery",
        "name": "ارسال و تحویل",
        "intents": ["order_status", "delivery_delay", "wrong_or_missing_item", "damaged_or_defective"],
        "channels": [],
    },
    {"key": "use", "name": "استفاده", "intents": ["technical_problem", "account_access"], "channels": []},
    {
        "key": "support",
        "name": "پشتیبانی",
        "intents": ["staff_behavior", "service_quality", "praise", "other"],
        "channels": ["phone", "walk_in"],
    },
    {
        "key": "renewal",
        "name": "تمدید یا بازگشت",
        "intents": ["return_or_refund", "cancellation"],
        "channels": [],
    },
)


@dataclass(frozen=True)
class StageRule:
    key: str
    name: str
    intents: frozenset[str]
    tags: frozenset[str]
    channels: frozenset[str]


def rules(stages: Iterable[JourneyStage]) -> list[StageRule]:
    return [
        StageRule(s.key, s.name, frozenset(s.intents), frozenset(s.tags), frozenset(s.channels))
        for s in stages
    ]


def stage_for(intent: str, tags: Iterable[str], channel: str, stage_rules: Sequence[StageRule]) -> str | None:
    """The stage of one message: a tag says it most precisely, then the intent, then the channel."""
    tagset = set(tags)
    for test in (
        lambda r: bool(r.tags & tagset),
        lambda r: intent in r.intents,
        lambda r: channel in r.channels,
    ):
        for rule in stage_rules:
            if test(rule):
                return rule.key
    return None


@dataclass
class Heatmap:
    stages: list[StageRule]
    cells: dict[str, Counter[str]]
    totals: Counter[str]
    negative_share: dict[str, float]
    hot: str | None
    emotions: tuple[str, ...] = EMOTIONS
    examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not sum(self.totals.values())

    def share(self, stage: str, emotion: str) -> float:
        total = self.totals[stage]
        return self.cells[stage][emotion] / total if total else 0.0


def _cells(start: dt.datetime, end: dt.datetime, tagged: set[int] | None) -> Iterable[tuple[Any, ...]]:
    """(intent, emotion, channel, conversation or None, n): the period's analysed inbound message facts
    counted in the database; split per conversation only for those carrying a tag a stage names."""
    facts = MessageFact.objects.filter(inbound=True, at__gte=start, at__lt=end).exclude(emotion="")
    plain = facts.exclude(conversation_id__in=tagged) if tagged else facts
    for intent, emotion, channel, n in (
        plain.values_list("intent", "emotion", "channel").annotate(n=Count("*")).order_by()
    ):
        yield intent, emotion, channel, None, n
    if tagged:
        for intent, emotion, channel, cid, n in (
            facts.filter(conversation_id__in=tagged)
            .values_list("intent", "emotion", "channel", "conversation_id")
            .annotate(n=Count("*"))
            .order_by()
        ):
            yield intent, emotion, channel, cid, n


def _tagged(stage_rules: Sequence[StageRule]) -> dict[int, set[str]]:
    """The conversations carrying a tag some stage names, with those tag names (from the tag facts)."""
    names = set().union(*(r.tags for r in stage_rules)) if stage_rules else set()
    if not names:
        return {}
    ids = dict(Tag.objects.filter(name__in=names).values_list("pk", "name"))
    tags: dict[int, set[str]] = defaultdict(set)
    for cid, tag in ConversationTag.objects.filter(tag_id__in=ids).values_list("conversation_id", "tag_id"):
        tags[cid].add(ids[tag])
    return tags


def _examples(
    start: dt.datetime,
    end: dt.datetime,
    stage: str,
    emotion: str,
    stage_rules: Sequence[StageRule],
    tags: dict[int, set[str]],
    limit: int,
) -> list[int]:
    """The newest messages of one cell: facts that could be in the stage, newest first, until `limit`."""
    rule = next((r for r in stage_rules if r.key == stage), None)
    if rule is None:
        return []
    maybe = Q(intent__in=rule.intents) | Q(channel__in=rule.channels)
    maybe |= Q(conversation_id__in=[c for c, names in tags.items() if names & rule.tags])
    picked: list[int] = []
    candidates = (
        MessageFact.objects.filter(maybe, inbound=True, emotion=emotion, at__gte=start, at__lt=end)
        .order_by("-at", "-message_id")
        .values_list("message_id", "conversation_id", "intent", "channel")
    )
    for mid, cid, intent, channel in candidates.iterator(chunk_size=500):
        if stage_for(intent, tags.get(cid, ()), channel, stage_rules) == stage:
            picked.append(mid)
            if len(picked) >= limit:
                break
    return picked


def journey_heatmap(
    *,
    actor: Any,
    start: dt.datetime,
    end: dt.datetime,
    stage: str = "",
    emotion: str = "",
    examples: int = 20,
    period: Period | None = None,
) -> Heatmap:
    """Stage × emotion counts of the period; with `stage` and `emotion`, the newest messages of that cell.
    Given the `period` (whole local days) and no stage defined by tags — the default stages — the counts
    come from the journey rows of the rollups (a few hundred rows per month); else from the facts."""
    require(actor, Perm.REPORTS_VIEW)
    stage_rules = rules(JourneyStage.objects.all())
    tags = _tagged(stage_rules)
    cells: dict[str, Counter[str]] = {r.key: Counter() for r in stage_rules}
    if period is not None and not any(r.tags for r in stage_rules):  # no stage by tag: the rollups
        fresh()
        counted: Iterable[tuple[Any, ...]] = (
            (intent, emo, channel, None, n) for intent, emo, channel, n in journey_counts(period)
        )
    else:  # a stage names tags: the facts, split per conversation for the tagged ones
        counted = _cells(start, end, set(tags))
    for intent, emo, channel, cid, n in counted:
        key = stage_for(intent, tags.get(cid, ()) if cid else (), channel, stage_rules)
        if key is not None:
            cells[key][emo] += n
    picked = _examples(start, end, stage, emotion, stage_rules, tags, examples) if stage and emotion else []
    totals: Counter[str] = Counter({k: sum(c.values()) for k, c in cells.items()})
    negative = {
        k: round(sum(c[e] for e in NEGATIVE_EMOTIONS) / totals[k], 3) if totals[k] else 0.0
        for k, c in cells.items()
    }
    eligible = [r.key for r in stage_rules if totals[r.key] >= MIN_MESSAGES and negative[r.key] > 0]
    hot = max(eligible, key=lambda k: (negative[k], totals[k]), default=None)
    heat = Heatmap(stages=stage_rules, cells=cells, totals=totals, negative_share=negative, hot=hot)
    if picked:
        msgs = Message.objects.filter(pk__in=picked).select_related("conversation").order_by("-pk")
        heat.examples = [
            {
                "message_id": m.pk,
                "text": m.text[:400],
                "conversation_id": m.conversation_id,
                "number": m.conversation.number,
            }
            for m in msgs
        ]
    return heat
