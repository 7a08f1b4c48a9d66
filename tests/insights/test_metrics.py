"""The figures of a small history, worked out by hand (see conftest.History), read back from the rollups."""

from __future__ import annotations

import datetime as dt
import itertools

from hamdel.core import channels
from hamdel.insights import metrics
from hamdel.insights.metrics import Totals
from hamdel.insights.models import DurationRollup, LabelRollup, Rollup
from hamdel.insights.periods import Period
from hamdel.insights.rollups import rollups_rebuild
from hamdel.insights.selectors import Filters, breakdown, totals

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


def test_a_period_of_month_rows_and_day_runs_reads_the_same_as_its_days(history: History) -> None:
    # given a period that holds the whole Jalali month of the history (Azar 1405: its month row) and
    # runs of days before and after it (their day rows)
    long = Period(start=dt.date(2026, 11, 10), end=dt.date(2026, 12, 25))
    days = [long.start + dt.timedelta(days=i) for i in range(long.days)]

    def added(parts: list[Totals]) -> tuple[dict[str, int], dict[str, dict[int, int]]]:
        counters = {c: sum(p.counters[c] for p in parts) for c in metrics.COUNTERS}
        durations: dict[str, dict[int, int]] = {}
        for p in parts:
            for metric, histogram in p.durations.items():
                for bucket, n in histogram.items():
                    durations.setdefault(metric, {})[bucket] = durations.get(metric, {}).get(bucket, 0) + n
        return counters, {m: h for m, h in durations.items() if h}

    # then the totals and a breakdown are the sums of the single days
    whole = totals(long)
    assert whole["messages_in"] == 3
    one_by_one = added([totals(Period(start=d, end=d)) for d in days])
    assert (whole.counters, {m: h for m, h in whole.durations.items() if h}) == one_by_one
    by_channel = breakdown(long, Filters(), "channel")
    assert by_channel and set(by_channel) <= {"", *channels.names()}
    for channel, t in by_channel.items():
        per_day = [breakdown(Period(start=d, end=d), Filters(), "channel") for d in days]
        per_day_totals = [day.get(channel, Totals()) for day in per_day]
        assert (t.counters, {m: h for m, h in t.durations.items() if h}) == added(per_day_totals)


def test_agent_figures_grouped_in_sql_follow_the_python_rules(history: History) -> None:
    from hamdel.insights.agents import agent_rows
    from hamdel.insights.models import ConversationFact

    # given the team's conversations resolved that day, worked out one by one in Python
    facts = ConversationFact.objects.filter(team_id=history.team.pk, resolved_at__isnull=False)
    frt = {}
    res = {}
    for f in facts:
        if f.first_response_minutes is not None:
            b = metrics.bucket_of(f.first_response_minutes)
            frt[b] = frt.get(b, 0) + 1
        b = metrics.bucket_of(f.resolution_minutes)
        res[b] = res.get(b, 0) + 1
    fcr = sum(f.agent_replies == 1 and f.reopen_count == 0 for f in facts)
    # then the team page's agent row (one grouped query) says the same
    (row,) = agent_rows(DAY, Filters(team_id=history.team.pk))
    assert row["name"] == history.agent.name and row["resolved"] == len(facts) >= 1
    assert row["fcr_rate"] == round(100 * fcr / len(facts), 1)
    assert row["first_response_p50"] == metrics.percentile(frt, 50) is not None
    assert row["resolution_p50"] == metrics.percentile(res, 50) is not None
