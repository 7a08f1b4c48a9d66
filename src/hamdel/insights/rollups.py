"""Rollups: the facts of one local day summed per channel × team × inbox × tag (and per hour for today and
yesterday), plus each Jalali month as the sum of its days. Nothing else is read by the dashboards. Each
dimension also has an "any" value (channel `*`, team and inbox -1, tag 0), so every filter combination is
one set of stored rows (a cube), read without summing over the dimensions it does not name.

Listeners mark the days their facts touch as dirty (`days_mark`); `rollups_flush` recomputes them (the
periodic task every minute, and the read path for the few that are left, so a page is never stale). A day is
always recomputed whole from its facts, so the incremental path and `rollups_rebuild` give the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from hamdel.insights.metrics import COUNTERS, bucket_of
from hamdel.insights.models import (
    ConversationFact,
    DirtyDay,
    DurationRollup,
    LabelRollup,
    MessageFact,
    OutcomeFact,
    Rollup,
    SurveyFact,
)

DAY = -1
MONTH = -2
_CHUNK = 900  # ids per IN (...) query: under SQLite's variable limit


def reporting_zones() -> list[str]:
    """The time zones rollups are kept in (HAMDEL_INSIGHTS_TIMEZONES, Asia/Tehran by default)."""
    return list(getattr(settings, "HAMDEL_INSIGHTS_TIMEZONES", None) or ["Asia/Tehran"])


def month_start(day: dt.date) -> dt.date:
    """The first day (Gregorian date) of the Jalali month `day` is in."""
    j = jdatetime.date.fromgregorian(date=day)
    return jdatetime.date(j.year, j.month, 1).togregorian()


def month_end(start: dt.date) -> dt.date:
    j = jdatetime.date.fromgregorian(date=start)
    year, month = (j.year, j.month + 1) if j.month < 12 else (j.year + 1, 1)
    return jdatetime.date(year, month, 1).togregorian() - dt.timedelta(days=1)


def _local_today(tz: str) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(tz)).date()


def days_mark(instants: Iterable[dt.datetime]) -> None:
    """Remember the local days (in every reporting zone) whose facts changed."""
    rows = {
        (tz, at.astimezone(ZoneInfo(tz)).date())
        for at in instants
        if at is not None
        for tz in reporting_zones()
    }
    if rows:
        DirtyDay.objects.bulk_create([DirtyDay(tz=tz, day=day) for tz, day in rows], ignore_conflicts=True)


def rollups_flush(limit: int | None = None) -> int:
    """Recompute the dirty days (at most `limit`), then their Jalali months; the number of days done."""
    dirty = list(DirtyDay.objects.order_by("day").values_list("pk", "tz", "day")[: limit or None])
    months: set[tuple[str, dt.date]] = set()
    for pk, tz, day in dirty:
        day_compute(tz, day)
        DirtyDay.objects.filter(pk=pk).delete()
        months.add((tz, month_start(day)))
    for tz, start in sorted(months):
        month_compute(tz, start)
    if dirty:
        for tz in reporting_zones():  # hourly rows are kept for today and yesterday only
            old = _local_today(tz) - dt.timedelta(days=1)
            for model in (Rollup, LabelRollup):
                model.objects.filter(tz=tz, hour__gte=0, day__lt=old).delete()
    return len(dirty)


def rollups_rebuild(start: dt.date, end: dt.date | None = None) -> int:
    """Recompute every day from `start` to `end` (today) in every reporting zone; the days done."""
    done = 0
    for tz in reporting_zones():
        last = end or _local_today(tz)
        day, months = start, set()
        while day <= last:
            day_compute(tz, day)
            months.add(month_start(day))
            day += dt.timedelta(days=1)
            done += 1
        for first in sorted(months):
            month_compute(tz, first)
        DirtyDay.objects.filter(tz=tz, day__gte=start, day__lte=last).delete()
    return done


ANY_CHANNEL = "*"
ANY_ID = -1


def _keys(
    hours: tuple[int, ...], channel: str, team: int, inbox: int, tags: Iterable[int]
) -> Iterator[tuple]:
    """Every rollup row a fact counts in: each of its hours × its channel or any (`*`) × its team or any
    (-1) × its inbox or any (-1) × all tags (0) and each of its tags. A cube: whatever the filter, a page
    reads only the rows that match it exactly, never sums over the other dimensions."""
    tags = list(tags)
    for hour in hours:
        for c in (channel, ANY_CHANNEL):
            for t in (team, ANY_ID):
                for i in (inbox, ANY_ID):
                    yield (hour, c, t, i, 0)
                    for tag in tags:
                        yield (hour, c, t, i, tag)


def _tags_of(ids: set[int]) -> dict[int, tuple[str, int, int, list[int]]]:
    found: dict[int, tuple[str, int, int, list[int]]] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), _CHUNK):
        for cid, channel, team, inbox, tags in ConversationFact.objects.filter(
            conversation_id__in=ordered[i : i + _CHUNK]
        ).values_list("conversation_id", "channel", "team_id", "inbox_id", "tag_ids"):
            found[cid] = (channel, team, inbox, list(tags or []))
    return found


def day_compute(tz: str, day: dt.date) -> None:
    """Recompute the rows of one local day (and its hours, for today and yesterday) from the facts."""
    zone = ZoneInfo(tz)
    first = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    hourly = day >= _local_today(tz) - dt.timedelta(days=1)

    def hours(at: dt.datetime) -> tuple[int, ...]:
        return (DAY, at.astimezone(zone).hour) if hourly else (DAY,)

    counters: dict[tuple, Counter[str]] = defaultdict(Counter)
    labels: Counter[tuple] = Counter()
    durations: Counter[tuple] = Counter()
    window = {"gte": first, "lt": after}

    messages = list(
        MessageFact.objects.filter(at__gte=first, at__lt=after).values_list(
            "conversation_id",
            "at",
            "inbound",
            "channel",
            "team_id",
            "inbox_id",
            "sentiment",
            "emotion",
            "intent",
        )
    )
    surveys = list(
        SurveyFact.objects.filter(at__gte=first, at__lt=after).values_list(
            "conversation_id", "at", "kind", "score", "channel", "team_id", "inbox_id"
        )
    )
    outcomes = list(
        OutcomeFact.objects.filter(at__gte=first, at__lt=after).values_list("conversation_id", "at", "kind")
    )
    conv = _tags_of({m[0] for m in messages} | {s[0] for s in surveys if s[0]} | {o[0] for o in outcomes})

    for cid, at, inbound, channel, team, inbox, sentiment, emotion, intent in messages:
        for key in _keys(hours(at), channel, team, inbox, conv.get(cid, ("", 0, 0, []))[3]):
            counters[key]["messages_in" if inbound else "messages_out"] += 1
            if inbound:
                for kind, label in (("sentiment", sentiment), ("emotion", emotion), ("intent", intent)):
                    if label:
                        labels[(*key, kind, label)] += 1

    for survey_cid, at, kind, score, channel, team, inbox in surveys:
        tags = conv.get(survey_cid, ("", 0, 0, []))[3] if survey_cid else []
        for key in _keys(hours(at), channel, team, inbox, tags):
            c = counters[key]
            c[f"{kind}_n"] += 1
            if kind == "csat":
                c["csat_sum"] += score
                c["csat_top2"] += score >= 4
            elif kind == "ces":
                c["ces_sum"] += score
            elif kind == "nps":
                c["nps_promoters"] += score >= 9
                c["nps_detractors"] += score <= 6

    for cid, at, kind in outcomes:
        channel, team, inbox, tags = conv.get(cid, ("", 0, 0, []))
        counter = {"promise_kept": "promises_kept", "promise_broken": "promises_broken"}.get(kind, kind)
        if counter in COUNTERS:
            for key in _keys(hours(at), channel, team, inbox, tags):
                counters[key][counter] += 1

    fields = ("channel", "team_id", "inbox_id", "tag_ids")
    for channel, team, inbox, tags, at in ConversationFact.objects.filter(
        opened_at__gte=first, opened_at__lt=after
    ).values_list(*fields, "opened_at"):
        for key in _keys(hours(at), channel, team, inbox, tags or []):
            counters[key]["conversations"] += 1
    for channel, team, inbox, tags, at, cal, biz in ConversationFact.objects.filter(
        first_response_at__gte=first, first_response_at__lt=after
    ).values_list(*fields, "first_response_at", "first_response_minutes", "first_response_business_minutes"):
        for key in _keys(hours(at), channel, team, inbox, tags or []):
            counters[key]["first_responses"] += 1
            if key[0] == DAY:
                durations[(*key[1:], "first_response", bucket_of(cal or 0))] += 1
                durations[(*key[1:], "first_response_business", bucket_of(biz or 0))] += 1
    for (
        channel,
        team,
        inbox,
        tags,
        at,
        cal,
        biz,
        replies,
        reopens,
        breached,
    ) in ConversationFact.objects.filter(
        resolved_at__gte=window["gte"], resolved_at__lt=window["lt"]
    ).values_list(
        *fields,
        "resolved_at",
        "resolution_minutes",
        "resolution_business_minutes",
        "agent_replies",
        "reopen_count",
        "sla_breached",
    ):
        for key in _keys(hours(at), channel, team, inbox, tags or []):
            c = counters[key]
            c["resolved"] += 1
            c["fcr"] += replies == 1 and reopens == 0
            c["reopened"] += reopens > 0
            c["sla_met"] += not breached
            if key[0] == DAY:
                durations[(*key[1:], "resolution", bucket_of(cal or 0))] += 1
                durations[(*key[1:], "resolution_business", bucket_of(biz or 0))] += 1

    def dims(key: tuple) -> dict[str, Any]:
        hour, channel, team, inbox, tag = key[:5]
        return {
            "tz": tz,
            "day": day,
            "hour": hour,
            "channel": channel,
            "team_id": team,
            "inbox_id": inbox,
            "tag_id": tag,
        }

    with transaction.atomic():
        for model in (Rollup, LabelRollup, DurationRollup):
            model.objects.filter(tz=tz, day=day, hour__gte=DAY).delete()
        Rollup.objects.bulk_create(
            [Rollup(**dims(k), **{n: v for n, v in c.items() if v}) for k, c in counters.items()],
            batch_size=2000,
        )
        LabelRollup.objects.bulk_create(
            [LabelRollup(**dims(k[:5]), kind=k[5], label=k[6], count=n) for k, n in labels.items()],
            batch_size=2000,
        )
        DurationRollup.objects.bulk_create(
            [
                DurationRollup(**dims((DAY, *k[:4])), metric=k[4], bucket=k[5], count=n)
                for k, n in durations.items()
            ],
            batch_size=2000,
        )


def month_compute(tz: str, start: dt.date) -> None:
    """The Jalali month starting on `start` as one row per dimension: the sum of its day rows."""
    end = month_end(start)
    dims = ("channel", "team_id", "inbox_id", "tag_id")
    days = {"tz": tz, "hour": DAY, "day__gte": start, "day__lte": end}
    month = {"tz": tz, "hour": MONTH, "day": start}
    with transaction.atomic():
        for model in (Rollup, LabelRollup, DurationRollup):
            model.objects.filter(**month).delete()
        Rollup.objects.bulk_create(
            [
                Rollup(**month, **row)
                for row in Rollup.objects.filter(**days)
                .values(*dims)
                .annotate(**{c: Sum(c) for c in COUNTERS})
            ],
            batch_size=2000,
        )
        LabelRollup.objects.bulk_create(
            [
                LabelRollup(**month, **row)
                for row in LabelRollup.objects.filter(**days)
                .values(*dims, "kind", "label")
                .annotate(count=Sum("count"))
            ],
            batch_size=2000,
        )
        DurationRollup.objects.bulk_create(
            [
                DurationRollup(**month, **row)
                for row in DurationRollup.objects.filter(**days)
                .values(*dims, "metric", "bucket")
                .annotate(count=Sum("count"))
            ],
            batch_size=2000,
        )
