"""The customer journey: each inbound message placed in a stage (tags first, then intent, then channel)
and counted by its emotion, so the page shows where negative emotion concentrates."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce

from hamdel.conversations.models import Conversation, Direction, Message, MessageKind
from hamdel.core.permissions import Perm, require
from hamdel.insights.problems.models import JourneyStage

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


def _scan(start: dt.datetime, end: dt.datetime) -> Iterable[tuple[int, int, str, str, str]]:
    """(message, conversation, intent, emotion, channel) of analysed inbound messages sent in the period."""
    return (
        Message.objects.filter(direction=Direction.INBOUND, kind=MessageKind.MESSAGE, analysis__isnull=False)
        .annotate(at=Coalesce(F("sent_at"), F("created_at")))
        .filter(at__gte=start, at__lt=end)
        .order_by("-at", "-pk")
        .values_list("pk", "conversation_id", "analysis__intent", "analysis__emotion", "channel")
        .iterator(chunk_size=5000)
    )


def _tags(conversation_ids: set[int]) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = defaultdict(set)
    through = Conversation.tags.through
    ids = sorted(conversation_ids)
    for i in range(0, len(ids), 900):
        for cid, name in through.objects.filter(conversation_id__in=ids[i : i + 900]).values_list(
            "conversation_id", "tag__name"
        ):
            tags[cid].add(name)
    return tags


def journey_heatmap(
    *,
    actor: Any,
    start: dt.datetime,
    end: dt.datetime,
    stage: str = "",
    emotion: str = "",
    examples: int = 20,
) -> Heatmap:
    """Stage × emotion counts of the period; with `stage` and `emotion`, the newest messages of that cell."""
    require(actor, Perm.REPORTS_VIEW)
    stage_rules = rules(JourneyStage.objects.all())
    rows = list(_scan(start, end))
    tags = _tags({r[1] for r in rows}) if any(r.tags for r in stage_rules) else {}
    cells: dict[str, Counter[str]] = {r.key: Counter() for r in stage_rules}
    picked: list[int] = []
    for pk, cid, intent, emo, channel in rows:
        key = stage_for(intent, tags.get(cid, ()), channel, stage_rules)
        if key is None:
            continue
        cells[key][emo] += 1
        if stage and key == stage and emo == emotion and len(picked) < examples:
            picked.append(pk)
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
