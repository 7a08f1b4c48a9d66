"""Demo recurring problems: a complaint that grows week over week (swollen phone batteries), one that stays
flat (crooked book printing), the problems found by the same run as production, and the survey scores of
the demo's answers copied for the loyalty view (the demo loads with listeners suppressed)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hamdel.conversations.analysis import analyze_messages
from hamdel.conversations.models import Conversation, Message
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.core.permissions import SYSTEM
from hamdel.core.slots import snapshot_for
from hamdel.feedback.models import Response
from hamdel.insights.problems.services import journey_stages_ensure, problems_refresh, survey_signal_record

GROWING = (
    "باتری گوشی که خریدم بعد از دو هفته باد کرده و داغ می‌شود",
    "باتری گوشی جدیدم باد کرده، خیلی داغ می‌شود، می‌ترسم",
    "گوشی رو شارژ می‌کنم باتری داغ میشه و باد کرده",
    "باتری باد کرده گوشی، درِ پشتی باز شده",
)
FLAT = (
    "کتابی که فرستادید کج چاپ شده و صفحه‌ها ناخواناست",
    "چاپ کتاب کج است، چند صفحه ناخوانا",
)


def load_problems_demo(*, now: dt.datetime, rnd: random.Random, backdate: Callable[..., Any]) -> None:
    """Four weeks: the battery complaint 1, 3, 5, 8 times a week; the printing one twice a week."""
    journey_stages_ensure(actor=SYSTEM)
    sent: list[int] = []
    n = 0
    for week, growing in enumerate((1, 3, 5, 8)):
        for text, count in ((GROWING, growing), (FLAT, 2)):
            for i in range(count):
                n += 1
                at = now - dt.timedelta(days=7 * (3 - week) + rnd.uniform(0.2, 6.5))
                result = ingest(
                    InboundMessage(
                        channel="chat",
                        identity_kind="chat",
                        address=f"demo-problem-{n}",
                        customer_name=f"مشتری {n}",
                        external_id=f"demo-problem-{n}",
                        text=text[i % len(text)],
                        sent_at=at,
                    )
                )
                sent.append(result.message_id)
                backdate(Conversation.objects.get(pk=result.conversation_id), at, now, rnd)
    analyze_messages(list(Message.objects.filter(pk__in=sent)))
    snapshot = snapshot_for("response_id")
    if snapshot is not None:
        for rid in Response.objects.filter(completed_at__isnull=False).values_list("pk", flat=True):
            survey_signal_record(response_id=rid, snapshot=snapshot.build(rid))
    problems_refresh(now=now)
