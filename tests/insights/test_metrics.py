"""The figures of a small history, worked out by hand (see conftest.History), read back from the rollups."""

from __future__ import annotations

import datetime as dt
import itertools

from hamdel.insights import metrics
from hamdel.insights.models import DurationRollup, LabelRollup, Rollup
from hamdel.insights.periods import Period
from hamdel.insights.rollups import rollups_rebuild
from hamdel.insights.selectors import Filters, totals

from .conftest import START, History

DAY = Period(start=START.date(), end=START.date())


def test_counts_and_percentiles_match_the_hand_computed_figures(history: History) -> None:
    # given the three conversations of the day
    t = totals(DAY, Filters())
    # then the volume is three customer messages in three new conversations and four agent replies
    assert t["messages_in"] == 3
    assert t["conversations"] == 3
    assert t["messages_out"] == 4
    # first responses: 20, 30, 480 calendar minutes (20, 30, 420 business minutes)
    assert metrics.value("first_response_p50", t) == 30
    assert metrics.value("first_response_p90", t) == 480
    assert metrics.value("first_response_business_p50", t) == 30
    assert metrics.value("first_response_business_p90", t) == 420
    # resolutions: A after 90 minutes, C after 60; only A was resolved with one reply
    assert metrics.value("resolution_p50", t) == 60
    assert metrics.value("resolution_p90", t) == 90
    assert metrics.value("fcr_rate", t) == 50.0
    assert metrics.value("reopen_rate", t) == 0.0
    assert metrics.value("csat", t) is None  # no answers: no figure, not zero


def test_business_hours_leave_out_the_evening(history: History) -> None:
    # B was answered at 18:00: 480 minutes on the clock, 420 of them inside 09:00–17:00
    from hamdel.insights.models import ConversationFact

    fact = ConversationFact.objects.get(conversation_id=history.b.pk)
    assert fact.first_response_minutes == 480
    assert fact.first_response_business_minutes == 420


def test_team_and_channel_filters(history: History) -> None:
    team = totals(DAY, Filters(team_id=history.team.pk))
    assert team["conversations"] == 1 and team["messages_in"] == 1
    assert metrics.value("fcr_rate", team) == 100.0
    telegram = totals(DAY, Filters(channel="telegram"))
    assert telegram["messages_in"] == 1 and metrics.value("first_response_p50", telegram) == 480
    assert metrics.value("resolution_p50", telegram) is None


def test_rollup_equals_recompute(history: History) -> None:
    # given the rows the listeners left behind, incrementally
    def snapshot() -> list[tuple]:
        rows = sorted(
            tuple(v for k, v in r.items() if k != "id") for r in Rollup.objects.filter(hour__lt=0).values()
        )
        rows += sorted(
            tuple(v for k, v in r.items() if k != "id")
            for r in LabelRollup.objects.filter(hour__lt=0).values()
        )
        rows += sorted(tuple(v for k, v in r.items() if k != "id") for r in DurationRollup.objects.values())
        return rows

    before = snapshot()
    assert before
    # when every day is recomputed from the facts
    rollups_rebuild(START.date() - dt.timedelta(days=3), START.date() + dt.timedelta(days=1))
    # then nothing changes
    assert snapshot() == before


def test_percentile_is_nearest_rank_on_buckets() -> None:
    assert metrics.percentile({}, 50) is None
    assert metrics.percentile({10: 1, 20: 1}, 50) == 10
    assert metrics.percentile({10: 1, 20: 1, 30: 1}, 50) == 20
    # every minute up to 10, then steps of at most a quarter below four months, a year at most
    assert metrics.bucket_of(9.9) == 9 and metrics.bucket_of(-3) == 0
    assert metrics.bucket_of(64) == 60
    assert metrics.bucket_of(119.9) == 105
    assert metrics.bucket_of(487) == 480
    assert metrics.bucket_of(1530) == 1440
    assert metrics.bucket_of(50000) == 43200
    assert metrics.bucket_of(10**7) == 365 * 1440
    bounds = metrics.BUCKETS
    assert len(bounds) < 100 and list(bounds) == sorted(set(bounds))
    assert all(b / a <= 1.25 for a, b in itertools.pairwise(bounds[10:]) if b <= 120 * 1440)
