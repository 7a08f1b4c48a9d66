"""The journey (stage mapping, heatmap, hot stage) and the loyalty quadrant on rows computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hamdel.conversations.models import Conversation, MessageAnalysis, Tag
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Order
from hamdel.insights.problems import journey, loyalty, services
from hamdel.insights.problems.models import JourneyStage
from hamdel.insights.tasks import conversation_changed

RULES = [
    journey.StageRule("delivery", "تحویل", frozenset({"delivery_delay"}), frozenset(), frozenset()),
    journey.StageRule("renewal", "تمدید", frozenset({"cancellation"}), frozenset({"لغو"}), frozenset()),
    journey.StageRule("support", "پشتیبانی", frozenset(), frozenset(), frozenset({"phone"})),
]


def test_a_tag_beats_the_intent_and_the_intent_beats_the_channel() -> None:
    assert journey.stage_for("delivery_delay", {"لغو"}, "phone", RULES) == "renewal"
    assert journey.stage_for("delivery_delay", set(), "phone", RULES) == "delivery"
    assert journey.stage_for("praise", set(), "phone", RULES) == "support"
    assert journey.stage_for("praise", set(), "email", RULES) is None


def _label(
    inbound,
    text: str,
    *,
    intent: str,
    emotion: str,
    polarity: float = 0.0,
    churn: bool = False,
    address: str = "a@example.ir",
    name: str = "علی",
) -> int:
    result = inbound(text, address=address, customer_name=name)
    MessageAnalysis.objects.update_or_create(
        message_id=result.message_id,
        defaults={
            "sentiment": "negative" if polarity < 0 else "neutral",
            "polarity": polarity,
            "emotion": emotion,
            "intent": intent,
            "urgency": "normal",
            "language": "fa",
            "model_version": "test",
            "churn_risk": churn,
        },
    )
    # what the analysis's MessageAnalyzed event does: the insights facts take the labels
    conversation_changed(result.conversation_id)
    return result.conversation_id


def test_heatmap_counts_and_highlights_the_stage_where_negative_emotion_concentrates(inbound, lead) -> None:
    # given: delivery 3 angry + 1 joy; support (default stages map praise there) 3 joy
    for i in range(3):
        _label(inbound, f"دیر شد {i}", intent="delivery_delay", emotion="anger", address=f"d{i}@example.ir")
    _label(inbound, "رسید، ممنون", intent="order_status", emotion="joy", address="d9@example.ir")
    for i in range(3):
        _label(inbound, f"عالی بود {i}", intent="praise", emotion="joy", address=f"s{i}@example.ir")
    now = timezone.now()
    # when
    heat = journey.journey_heatmap(
        actor=lead,
        start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(minutes=1),
        stage="delivery",
        emotion="anger",
    )
    # then
    assert heat.cells["delivery"]["anger"] == 3 and heat.cells["delivery"]["joy"] == 1
    assert heat.cells["support"]["joy"] == 3
    assert heat.negative_share["delivery"] == 0.75
    assert heat.hot == "delivery"
    assert {e["text"] for e in heat.examples} == {"دیر شد 0", "دیر شد 1", "دیر شد 2"}
    # and the page's read of the same period from the rollups' journey rows gives the same heatmap
    from hamdel.insights.periods import Period, local_today

    today = local_today()
    period = Period(start=today - dt.timedelta(days=1), end=today)
    start, end = period.bounds()
    from_rollups = journey.journey_heatmap(actor=lead, start=start, end=end, period=period)
    from_facts = journey.journey_heatmap(actor=lead, start=start, end=end)
    assert from_rollups.cells == from_facts.cells and from_rollups.cells["delivery"]["anger"] == 3
    assert from_rollups.hot == from_facts.hot == "delivery"


def test_a_supervisor_remaps_a_stage_by_tag(inbound, lead) -> None:
    cid = _label(inbound, "سفارش را لغو کنید", intent="other", emotion="sadness")
    Conversation.objects.get(pk=cid).tags.add(Tag.objects.create(name="انصراف"))
    conversation_changed(cid)  # what conversation_add_tag's ConversationUpdated event does
    renewal = JourneyStage.objects.get(key="renewal")
    services.journey_stage_update(
        actor=lead,
        stage_id=renewal.pk,
        name="بازگشت",
        intents=["cancellation"],
        tags=["انصراف"],
        channel_names=[],
    )
    now = timezone.now()
    heat = journey.journey_heatmap(
        actor=lead, start=now - dt.timedelta(days=1), end=now + dt.timedelta(minutes=1)
    )
    assert heat.cells["renewal"]["sadness"] == 1
    with pytest.raises(ApplicationError) as exc:
        services.journey_stage_update(
            actor=lead, stage_id=renewal.pk, name="", intents=["nope"], tags=[], channel_names=["fax"]
        )
    assert set(exc.value.extra) == {"name", "intents", "channels"}


def test_loyalty_quadrants_on_hand_computed_rows(inbound, lead) -> None:
    now = timezone.now()
    # A: CSAT 5 (satisfaction (5−3.5)/1.5 = 1) but NPS 3 ((3−7.5)/2.5 = −1.8 → −1): satisfied but leaving
    a = Conversation.objects.get(
        pk=_label(
            inbound, "ممنون", intent="praise", emotion="joy", polarity=0.5, address="a@example.ir", name="آ"
        )
    )
    for rid, kind, score in ((1, "csat", 5), (2, "nps", 3)):
        services.survey_signal_record(
            response_id=rid,
            snapshot={
                "customer": {"id": a.customer_id},
                "score": score,
                "score_type": kind,
                "completed_at": now.isoformat(),
            },
        )
    # B: mood −0.5, an order 10 days ago (+0.5): dissatisfied but staying
    b = Conversation.objects.get(
        pk=_label(
            inbound,
            "بد بود",
            intent="other",
            emotion="sadness",
            polarity=-0.5,
            address="b@example.ir",
            name="ب",
        )
    )
    Order.objects.create(customer_id=b.customer_id, number="B-1", ordered_at=now - dt.timedelta(days=10))
    # C: mood −1, asks to cancel (−1) with a churn signal (−1): −2 → −1, at risk
    Conversation.objects.get(
        pk=_label(
            inbound,
            "لغو کنید، دیگر نمی‌خرم",
            intent="cancellation",
            emotion="anger",
            polarity=-1.0,
            churn=True,
            address="c@example.ir",
            name="پ",
        )
    )
    # D: mood +0.5, last order 200 days ago (−0.5): satisfied but leaving
    d = Conversation.objects.get(
        pk=_label(
            inbound, "خوب بود", intent="praise", emotion="joy", polarity=0.5, address="d@example.ir", name="ت"
        )
    )
    Order.objects.create(customer_id=d.customer_id, number="D-1", ordered_at=now - dt.timedelta(days=200))
    window = {"start": now - dt.timedelta(days=1), "end": now + dt.timedelta(minutes=1), "now": now}
    rows = list(loyalty.loyalty_rows(actor=lead, **window))
    got = {r.name: (r.satisfaction, r.satisfaction_source, r.loyalty, r.quadrant) for r in rows}
    assert got == {
        "آ": (1.0, "csat", -1.0, "satisfied_leaving"),
        "ب": (-0.5, "sentiment", 0.5, "unhappy_staying"),
        "پ": (-1.0, "sentiment", -1.0, "at_risk"),
        "ت": (0.5, "sentiment", -0.5, "satisfied_leaving"),
    }
    by_name = {r.name: r for r in rows}
    assert len(by_name["پ"].reasons) == 2
    assert len(by_name["ت"].reasons) == 1 and "۲۰۰" in by_name["ت"].reasons[0]
    counts = {"loyal": 0, "satisfied_leaving": 2, "unhappy_staying": 1, "at_risk": 1}
    assert loyalty.quadrant_counts(rows) == counts
    # the page reads the same rules through one ranked query: counts and lists, least loyal first
    page = loyalty.loyalty_page(actor=lead, limit=1, **window)
    assert page.counts == counts and page.total == 4
    assert [r.name for r in page.satisfied_leaving] == ["آ"]  # −1 before ت's −0.5
    assert [r.name for r in page.unhappy_staying] == ["ب"]
    assert [r.name for r in page.at_risk] == ["پ"]  # of the three leaving, the least loyal, most unhappy
    assert [r.name for r in loyalty.loyalty_rows(actor=lead, leaving_only=True, **window)] == ["پ", "آ", "ت"]


def test_loyalty_page_is_a_snapshot_taken_again_on_refresh(inbound, lead) -> None:
    from django.test import Client

    from hamdel.insights.periods import period_from_query

    lead_client = Client()
    lead_client.force_login(lead)
    # given one unhappy customer this month, and the page opened once
    _label(
        inbound, "بد بود", intent="other", emotion="sadness", polarity=-0.5, address="s@example.ir", name="س"
    )
    first = lead_client.get("/insights/loyalty/").content.decode()
    assert "data-computed" in first and "هر ۵ دقیقه دوباره گرفته می‌شوند" in first
    # when another customer writes, the page within the snapshot's minutes shows the same figures
    _label(inbound, "عالی", intent="praise", emotion="joy", polarity=1.0, address="t@example.ir", name="ط")
    start, end = period_from_query({}).bounds()
    assert loyalty.loyalty_snapshot(actor=lead, start=start, end=end).total == 1
    # and the periodic refresh takes it again
    assert loyalty.snapshots_refresh() == 3
    assert loyalty.loyalty_snapshot(actor=lead, start=start, end=end).total == 2
