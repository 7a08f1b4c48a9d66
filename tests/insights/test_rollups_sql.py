"""The set-based rollups (INSERT … SELECT … GROUP BY) give exactly the rows the definitions say.

The reference below is the plain-Python reading of the rules in `hamdel.insights.rollups` (the loop the
SQL replaced): every fact counted under its own channel / team / inbox and under "any" for each, under tag 0
and each of its conversation's tags, by local day (and local hour for today and yesterday); durations as
`metrics.bucket_of` histograms per day. Random facts over three days, ending today, with tags, outcomes,
surveys without a conversation and an outcome whose conversation has no fact, must give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hamdel.insights import metrics
from hamdel.insights.metrics import COUNTERS, bucket_of
from hamdel.insights.models import (
    ConversationFact,
    ConversationTag,
    DurationRollup,
    LabelRollup,
    MessageFact,
    OutcomeFact,
    Rollup,
    SurveyFact,
)
from hamdel.insights.periods import Period
from hamdel.insights.rollups import ANY_CHANNEL, ANY_ID, DAY, MONTH, month_start, rollups_rebuild
from hamdel.insights.selectors import Filters, totals

TZ = "Asia/Tehran"
ZONE = ZoneInfo(TZ)


def _seed(rnd: random.Random, now: dt.datetime) -> None:
    start = now - dt.timedelta(days=2, hours=20)
    span = (now - start).total_seconds()

    def at() -> dt.datetime:
        return start + dt.timedelta(seconds=rnd.random() * span)

    for cid in range(1, 41):
        opened = at()
        frt = rnd.choice((None, rnd.expovariate(1 / 90), 5000.5, -3.0))
        res = rnd.choice((None, rnd.expovariate(1 / 900), 50000.2))
        tags = rnd.sample([7, 8, 9], rnd.choice((0, 1, 2)))
        ConversationFact.objects.create(
            conversation_id=cid,
            channel=rnd.choice(("email", "telegram")),
            team_id=rnd.choice((0, 1, 2)),
            inbox_id=rnd.choice((0, 5)),
            tag_ids=tags,
            opened_at=opened,
            first_response_at=opened + dt.timedelta(minutes=abs(frt)) if frt is not None else None,
            first_response_minutes=frt,
            first_response_business_minutes=frt / 2 if frt is not None else None,
            resolved_at=opened + dt.timedelta(minutes=res) if res is not None else None,
            resolution_minutes=res,
            resolution_business_minutes=res / 3 if res is not None else None,
            agent_replies=rnd.choice((0, 1, 2)),
            reopen_count=rnd.choice((0, 0, 1)),
            sla_breached=rnd.random() < 0.3,
            has_sla=rnd.random() < 0.6,
        )
        ConversationTag.objects.bulk_create([ConversationTag(conversation_id=cid, tag_id=t) for t in tags])
    for mid in range(1, 301):
        cid = rnd.randint(1, 40)
        inbound = rnd.random() < 0.6
        MessageFact.objects.create(
            message_id=mid,
            conversation_id=cid,
            at=at(),
            inbound=inbound,
            channel=rnd.choice(("email", "telegram")),
            team_id=rnd.choice((0, 1)),
            inbox_id=rnd.choice((0, 5)),
            sentiment=rnd.choice(("", "negative", "positive")) if inbound else "",
            emotion=rnd.choice(("", "anger", "joy")) if inbound else "",
            intent=rnd.choice(("", "pricing")),
        )
    for rid in range(1, 61):
        kind = rnd.choice(("csat", "ces", "nps"))
        SurveyFact.objects.create(
            response_id=rid,
            question_id=1,
            kind=kind,
            score=rnd.randint(*{"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}[kind]),
            at=at(),
            conversation_id=rnd.choice((None, rnd.randint(1, 40))),
            channel=rnd.choice(("", "email")),
            team_id=rnd.choice((0, 2)),
        )
    for eid in range(1, 31):
        OutcomeFact.objects.create(
            event_id=eid,
            conversation_id=rnd.randint(1, 45),  # 41–45 have no conversation fact
            kind=rnd.choice(("promise_kept", "promise_broken", "bot_deflected", "sla_breached")),
            at=at(),
        )


def _reference(day: dt.date, today: dt.date) -> tuple[Counter, Counter, Counter]:
    """The rows of one local day by the rules, in plain Python: (counters, labels, durations)."""
    first = dt.datetime.combine(day, dt.time.min, tzinfo=ZONE)
    after = first + dt.timedelta(days=1)
    hourly = day >= today - dt.timedelta(days=1)
    conv = {
        c.conversation_id: (c.channel, c.team_id, c.inbox_id, list(c.tag_ids))
        for c in ConversationFact.objects.all()
    }

    def keys(at: dt.datetime, channel: str, team: int, inbox: int, tags: list[int]) -> list[tuple]:
        hours = (DAY, at.astimezone(ZONE).hour) if hourly else (DAY,)
        return [
            (h, c, t, i, tag)
            for h in hours
            for c in (channel, ANY_CHANNEL)
            for t in (team, ANY_ID)
            for i in (inbox, ANY_ID)
            for tag in (0, *tags)
        ]

    counters: Counter = Counter()
    labels: Counter = Counter()
    durations: Counter = Counter()
    for m in MessageFact.objects.filter(at__gte=first, at__lt=after):
        for k in keys(m.at, m.channel, m.team_id, m.inbox_id, conv.get(m.conversation_id, ("", 0, 0, []))[3]):
            counters[(*k, "messages_in" if m.inbound else "messages_out")] += 1
            for kind in ("sentiment", "emotion", "intent"):
                if m.inbound and getattr(m, kind):
                    labels[(*k, kind, getattr(m, kind))] += 1
        if m.inbound and m.emotion:  # the journey's rows: per channel and any channel, day rows only
            for channel in (m.channel, ANY_CHANNEL):
                labels[(DAY, channel, ANY_ID, ANY_ID, 0, "journey", f"{m.intent}|{m.emotion}"[:40])] += 1
    for s in SurveyFact.objects.filter(at__gte=first, at__lt=after):
        tags = conv.get(s.conversation_id, ("", 0, 0, []))[3] if s.conversation_id else []
        for k in keys(s.at, s.channel, s.team_id, s.inbox_id, tags):
            counters[(*k, f"{s.kind}_n")] += 1
            if s.kind == "csat":
                counters[(*k, "csat_sum")] += s.score
                counters[(*k, "csat_top2")] += s.score >= 4
            elif s.kind == "ces":
                counters[(*k, "ces_sum")] += s.score
            else:
                counters[(*k, "nps_promoters")] += s.score >= 9
                counters[(*k, "nps_detractors")] += s.score <= 6
    names = {
        "promise_kept": "promises_kept",
        "promise_broken": "promises_broken",
        "bot_deflected": "bot_deflected",
    }
    for o in OutcomeFact.objects.filter(at__gte=first, at__lt=after, kind__in=names):
        channel, team, inbox, tags = conv.get(o.conversation_id, ("", 0, 0, []))
        for k in keys(o.at, channel, team, inbox, tags):
            counters[(*k, names[o.kind])] += 1
    for c in ConversationFact.objects.all():
        dims = (c.channel, c.team_id, c.inbox_id, list(c.tag_ids))
        if first <= c.opened_at < after:
            for k in keys(c.opened_at, *dims):
                counters[(*k, "conversations")] += 1
        if c.first_response_at and first <= c.first_response_at < after:
            for k in keys(c.first_response_at, *dims):
                counters[(*k, "first_responses")] += 1
                if k[0] == DAY:
                    durations[(*k, "first_response", bucket_of(c.first_response_minutes or 0))] += 1
                    durations[
                        (*k, "first_response_business", bucket_of(c.first_response_business_minutes or 0))
                    ] += 1
        if c.resolved_at and first <= c.resolved_at < after:
            for k in keys(c.resolved_at, *dims):
                counters[(*k, "resolved")] += 1
                counters[(*k, "fcr")] += c.agent_replies == 1 and c.reopen_count == 0
                counters[(*k, "reopened")] += c.reopen_count > 0
                counters[(*k, "sla_n")] += c.has_sla
                counters[(*k, "sla_met")] += c.has_sla and not c.sla_breached
                if k[0] == DAY:
                    durations[(*k, "resolution", bucket_of(c.resolution_minutes or 0))] += 1
                    durations[(*k, "resolution_business", bucket_of(c.resolution_business_minutes or 0))] += 1
    return counters, labels, durations


def _stored(day: dt.date) -> tuple[Counter, Counter, Counter]:
    dims = ("hour", "channel", "team_id", "inbox_id", "tag_id")
    counters: Counter = Counter()
    for r in Rollup.objects.filter(tz=TZ, day=day, hour__gte=DAY).values(*dims, *COUNTERS):
        for c in COUNTERS:
            counters[(*(r[d] for d in dims), c)] += r[c]
    labels = Counter(
        {
            tuple(r[:-1]): r[-1]
            for r in LabelRollup.objects.filter(tz=TZ, day=day, hour__gte=DAY).values_list(
                *dims, "kind", "label", "count"
            )
        }
    )
    durations = Counter(
        {
            tuple(r[:-1]): r[-1]
            for r in DurationRollup.objects.filter(tz=TZ, day=day, hour__gte=DAY).values_list(
                *dims, "metric", "bucket", "count"
            )
        }
    )
    return counters, labels, durations


def _nonzero(c: Counter) -> dict[Any, int]:
    return {k: int(v) for k, v in c.items() if v}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2])
def test_sql_rollups_equal_the_rules_computed_in_python(settings: Any, seed: int) -> None:
    # given random facts over the last three local days (today has hourly rows too)
    settings.HAMDEL_INSIGHTS_TIMEZONES = [TZ]
    now = timezone.now()
    today = now.astimezone(ZONE).date()
    _seed(random.Random(seed), now)
    # when the days are rebuilt set-based
    rollups_rebuild(today - dt.timedelta(days=3), today)
    # then every day's rows (each hour too) are the ones the rules give, no more, no fewer
    for back in range(4):
        day = today - dt.timedelta(days=back)
        want, got = _reference(day, today), _stored(day)
        assert _nonzero(got[0]) == _nonzero(want[0]), day
        assert got[1] == _nonzero(want[1]), day
        assert got[2] == _nonzero(want[2]), day
        # and a row exists only where a fact counted
        keys = {k[:5] for k in want[0]}
        assert (
            set(
                Rollup.objects.filter(tz=TZ, day=day, hour__gte=DAY).values_list(
                    "hour", "channel", "team_id", "inbox_id", "tag_id"
                )
            )
            == keys
        )
    # and the Jalali month row is the sum of its days
    month = month_start(today)
    days = Rollup.objects.filter(
        tz=TZ, hour=DAY, day__gte=month, tag_id=0, channel=ANY_CHANNEL, team_id=ANY_ID, inbox_id=ANY_ID
    )
    row = Rollup.objects.get(
        tz=TZ, hour=MONTH, day=month, tag_id=0, channel=ANY_CHANNEL, team_id=ANY_ID, inbox_id=ANY_ID
    )
    assert row.messages_in == sum(d.messages_in for d in days)


@pytest.mark.django_db
def test_sla_compliance_counts_only_conversations_with_an_sla(settings: Any) -> None:
    settings.HAMDEL_INSIGHTS_TIMEZONES = [TZ]
    today = timezone.now().astimezone(ZONE).date()
    now = dt.datetime.combine(today, dt.time(12), tzinfo=ZONE)  # mid-day: "an hour ago" is still today
    base = {
        "channel": "email",
        "opened_at": now - dt.timedelta(hours=2),
        "resolved_at": now - dt.timedelta(hours=1),
    }
    # given two resolved conversations without an SLA: no figure ("no data"), not 100 %
    ConversationFact.objects.create(conversation_id=1, **base)
    ConversationFact.objects.create(conversation_id=2, sla_breached=True, **base)
    rollups_rebuild(today, today)
    t = totals(Period(today, today), Filters(), TZ)
    assert t["resolved"] == 2
    assert metrics.value("sla_compliance", t) is None
    # when three with an SLA are resolved, one of them late
    ConversationFact.objects.create(conversation_id=3, has_sla=True, **base)
    ConversationFact.objects.create(conversation_id=4, has_sla=True, **base)
    ConversationFact.objects.create(conversation_id=5, has_sla=True, sla_breached=True, **base)
    rollups_rebuild(today, today)
    t = totals(Period(today, today), Filters(), TZ)
    # then compliance is 2 of 3 (the two without an SLA are not in the denominator)
    assert metrics.value("sla_compliance", t) == 66.7
    assert metrics.METRICS["sla_compliance"].count(t) == 3
