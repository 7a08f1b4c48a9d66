"""Rollups: the facts of one local day summed per channel × team × inbox × tag (and per hour for today and
yesterday), plus each Jalali month as the sum of its days. Nothing else is read by the dashboards. Each
dimension also has an "any" value (channel `*`, team and inbox -1, tag 0), so every filter combination is
one set of stored rows (a cube), read without summing over the dimensions it does not name.

Listeners mark the days their facts touch as dirty (`days_mark`); `rollups_flush` recomputes them (the
periodic task every minute, and the read path for the few that are left, so a page is never stale). A day is
always recomputed whole from its facts, so the incremental path and `rollups_rebuild` give the same rows.
A day is a few INSERT … SELECT … GROUP BY statements (the database counts; no Python loop over facts), and a
month sums its day rows the same way, so a rebuild costs a few statements per day whatever the volume.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hamdel.insights.metrics import BUCKETS, COUNTERS
from hamdel.insights.models import (
    ConversationFact,
    ConversationTag,
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


# The eight corners of the cube: 1 keeps a fact's channel / team / inbox, 0 counts it under "any".
_CUBE = " UNION ALL ".join(
    f"SELECT {c} AS kc, {t} AS kt, {i} AS ki" for c in (0, 1) for t in (0, 1) for i in (0, 1)
)


@contextmanager
def report_reads(work_mem: str = "") -> Iterator[None]:
    """Around a report's reads on PostgreSQL: no JIT (on these short grouped reads its compile time is the
    whole cost — 0.1–2 s per query at scale, where the read itself takes milliseconds) and, if asked, more
    sort memory for a grouping of tens of thousands of rows. `SET LOCAL` ends with the transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        if work_mem:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
        yield


def _t(model: type[Any]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _lit(value: dt.datetime | dt.date | str) -> str:
    """A literal of our own making (an instant, a date, a zone name from the settings), never user input."""
    if isinstance(value, dt.datetime):
        text = str(connection.ops.adapt_datetimefield_value(value))
    elif isinstance(value, dt.date):
        text = str(connection.ops.adapt_datefield_value(value))
    else:
        text = value
    return "'" + text.replace("'", "''") + "'"


def _floor(expr: str) -> str:
    """Whole minutes, portably: SQLite's CAST truncates (the same as floor for the values ≥ 0 kept)."""
    if connection.vendor == "sqlite":
        return f"CAST({expr} AS INTEGER)"
    return f"CAST(FLOOR({expr}) AS INTEGER)"


def minutes_sql(minutes: str) -> str:
    """Whole minutes of a duration column, never negative (0 when missing), as `bucket_of` reads it."""
    value = f"COALESCE({minutes}, 0)"
    return f"(CASE WHEN {value} < 0 THEN 0 ELSE {_floor(value)} END)"


def bucket_sql(minutes: str) -> str:
    """metrics.bucket_of in SQL: the largest of `BUCKETS` at or below `minutes` (as the bounds are whole
    minutes, `m < bound` is the same test as `floor(m) < bound`, and a negative value lands in 0); built
    from the same list, so SQL and Python agree. Give it a plain column: the CASE names it once per bound."""
    whens = " ".join(f"WHEN {minutes} < {upper} THEN {lower}" for lower, upper in itertools.pairwise(BUCKETS))
    return f"(CASE {whens} ELSE {BUCKETS[-1]} END)"


def _tagged(head: str, table: str, where: str, conversation: str) -> str:
    """A fact select run twice: once under tag 0 (every conversation), once per tag of its conversation
    (`conversation` names the column holding its id), joined to ConversationTag — no JSON unpacking."""
    # S608: every piece is this module's own text, table and column names and _lit() values — no input
    return (
        f"SELECT {head}, 0 AS tag_id FROM {table} WHERE {where} UNION ALL "  # noqa: S608
        f"SELECT {head}, ct.tag_id AS tag_id FROM {table} JOIN {_t(ConversationTag)} ct "
        f"ON ct.conversation_id = {conversation} WHERE {where}"
    )


def _one(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _sources(first: dt.datetime, after: dt.datetime, hour: str | None) -> dict[str, str]:
    """Per rollup table, a UNION ALL of the day's facts as (h, channel, team_id, inbox_id, tag_id, …values);
    `hour` is a CASE on `{at}` for the hourly rows, None for the day row (-1). The same rules as the
    metrics: a message counts by its own dimensions, an outcome by its conversation's."""

    def h(column: str) -> str:
        return hour.replace("{at}", column) if hour else str(DAY)

    def win(column: str) -> str:
        return f"{column} >= {_lit(first)} AND {column} < {_lit(after)}"

    def row(**values: str) -> str:
        return ", ".join(f"{values.get(c, '0')} AS {c}" for c in COUNTERS)

    cf, mf, sf, of = _t(ConversationFact), _t(MessageFact), _t(SurveyFact), _t(OutcomeFact)
    dims = "f.channel, f.team_id, f.inbox_id"
    fid = "f.conversation_id"
    counters = [
        _tagged(
            f"{h('f.at')} AS h, {dims}, "
            + row(messages_in=_one("f.inbound"), messages_out=_one("NOT f.inbound")),
            f"{mf} f",
            win("f.at"),
            fid,
        ),
        _tagged(
            f"{h('f.at')} AS h, {dims}, "
            + row(
                csat_n=_one("f.kind = 'csat'"),
                csat_sum="CASE WHEN f.kind = 'csat' THEN f.score ELSE 0 END",
                csat_top2=_one("f.kind = 'csat' AND f.score >= 4"),
                ces_n=_one("f.kind = 'ces'"),
                ces_sum="CASE WHEN f.kind = 'ces' THEN f.score ELSE 0 END",
                nps_n=_one("f.kind = 'nps'"),
                nps_promoters=_one("f.kind = 'nps' AND f.score >= 9"),
                nps_detractors=_one("f.kind = 'nps' AND f.score <= 6"),
            ),
            f"{sf} f",
            win("f.at") + " AND f.kind IN ('csat', 'ces', 'nps')",
            fid,
        ),
        _tagged(
            f"{h('o.at')} AS h, COALESCE(f.channel, '') AS channel, COALESCE(f.team_id, 0) AS team_id, "
            "COALESCE(f.inbox_id, 0) AS inbox_id, "
            + row(
                promises_kept=_one("o.kind = 'promise_kept'"),
                promises_broken=_one("o.kind = 'promise_broken'"),
                bot_deflected=_one("o.kind = 'bot_deflected'"),
            ),
            f"{of} o LEFT JOIN {cf} f ON f.conversation_id = o.conversation_id",
            win("o.at") + " AND o.kind IN ('promise_kept', 'promise_broken', 'bot_deflected')",
            "o.conversation_id",
        ),
        _tagged(
            f"{h('f.opened_at')} AS h, {dims}, " + row(conversations="1"),
            f"{cf} f",
            win("f.opened_at"),
            fid,
        ),
        _tagged(
            f"{h('f.first_response_at')} AS h, {dims}, " + row(first_responses="1"),
            f"{cf} f",
            win("f.first_response_at"),
            fid,
        ),
        _tagged(
            f"{h('f.resolved_at')} AS h, {dims}, "
            + row(
                resolved="1",
                fcr=_one("f.agent_replies = 1 AND f.reopen_count = 0"),
                reopened=_one("f.reopen_count > 0"),
                sla_n=_one("f.has_sla"),
                sla_met=_one("f.has_sla AND NOT f.sla_breached"),
            ),
            f"{cf} f",
            win("f.resolved_at"),
            fid,
        ),
    ]
    labels = [
        _tagged(
            f"{h('f.at')} AS h, {dims}, '{kind}' AS kind, f.{kind} AS label, 1 AS n",
            f"{mf} f",
            f"{win('f.at')} AND f.inbound AND f.{kind} <> ''",
            fid,
        )
        for kind in ("sentiment", "emotion", "intent")
    ]
    out = {"counters": " UNION ALL ".join(counters), "labels": " UNION ALL ".join(labels)}
    if hour is None:  # the histograms are kept per day only
        out["durations"] = " UNION ALL ".join(
            _tagged(
                f"{DAY} AS h, {dims}, '{metric}' AS metric, "
                f"{minutes_sql(f'f.{metric}_minutes')} AS bucket, 1 AS n",
                f"{cf} f",
                win(f"f.{column}"),
                fid,
            )
            for column, metric in (
                ("first_response_at", "first_response"),
                ("first_response_at", "first_response_business"),
                ("resolved_at", "resolution"),
                ("resolved_at", "resolution_business"),
            )
        )
    return out


def _cube_insert(
    tz: str, day: dt.date, table: str, source: str, extra: tuple[str, ...], sums: tuple[str, ...]
) -> str:
    """INSERT one day's rows of a rollup table: the facts summed per dimension (inner GROUP BY), then each
    sum counted under its own values and under "any" for each dimension (the cube, outer GROUP BY). A
    duration source gives whole minutes as `bucket`; the outer level maps them to their bucket."""
    keys = ("h", "channel", "team_id", "inbox_id", "tag_id", *extra)
    inner = (
        f"SELECT {', '.join(keys)}, {', '.join(f'SUM({c}) AS {c}' for c in sums)} FROM ({source}) u "  # noqa: S608
        f"GROUP BY {', '.join(keys)}"
    )
    outer = (
        "g.h",
        f"CASE WHEN x.kc = 1 THEN g.channel ELSE '{ANY_CHANNEL}' END",
        f"CASE WHEN x.kt = 1 THEN g.team_id ELSE {ANY_ID} END",
        f"CASE WHEN x.ki = 1 THEN g.inbox_id ELSE {ANY_ID} END",
        "g.tag_id",
        *(bucket_sql("g.bucket") if e == "bucket" else f"g.{e}" for e in extra),
    )
    columns = ("tz", "day", "hour", "channel", "team_id", "inbox_id", "tag_id", *extra)
    columns += tuple(connection.ops.quote_name("count") if c == "n" else c for c in sums)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {_lit(tz)}, {_lit(day)}, {', '.join(outer)}, {', '.join(f'SUM(g.{c})' for c in sums)} "
        f"FROM ({inner}) g CROSS JOIN ({_CUBE}) x GROUP BY {', '.join(outer)}"
    )


def _hour_case(day: dt.date, zone: ZoneInfo) -> str:
    """The local hour of the column `{at}`: a CASE over the day's local hour starts (right across DST)."""
    whens = " ".join(
        f"WHEN {{at}} < {_lit(dt.datetime.combine(day, dt.time(h + 1), tzinfo=zone))} THEN {h}"
        for h in range(23)
    )
    return f"(CASE {whens} ELSE 23 END)"


def day_compute(tz: str, day: dt.date) -> None:
    """Recompute the rows of one local day (and its hours, for today and yesterday) from the facts: three
    INSERT … SELECT … GROUP BY statements (six with the hours), so the database counts, not a Python loop."""
    zone = ZoneInfo(tz)
    first = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    hourly = day >= _local_today(tz) - dt.timedelta(days=1)
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Rollup, LabelRollup, DurationRollup):
            model.objects.filter(tz=tz, day=day, hour__gte=DAY).delete()
        for hour in (None, _hour_case(day, zone)) if hourly else (None,):
            sources = _sources(first, after, hour)
            for table, key, extra, sums in (
                (_t(Rollup), "counters", (), COUNTERS),
                (_t(LabelRollup), "labels", ("kind", "label"), ("n",)),
                (_t(DurationRollup), "durations", ("metric", "bucket"), ("n",)),
            ):
                if key in sources:
                    cursor.execute(_cube_insert(tz, day, table, sources[key], extra, sums))
        cursor.execute(_journey_insert(tz, day, first, after))


JOURNEY = "journey"  # the LabelRollup kind of the journey heatmap: label "intent|emotion"


def _journey_insert(tz: str, day: dt.date, first: dt.datetime, after: dt.datetime) -> str:
    """The day's inbound analysed messages per intent × emotion (label "intent|emotion", at most 40
    characters), per channel and for any channel only — team, inbox and tag stay "any" (the journey has no
    such filter), so this is ~450 rows a day, not a cube. The heatmap reads these instead of the facts."""
    mf = _t(MessageFact)
    label = "SUBSTR(f.intent || '|' || f.emotion, 1, 40)"
    inner = (
        f"SELECT f.channel AS channel, {label} AS label, COUNT(*) AS n FROM {mf} f "  # noqa: S608
        f"WHERE f.inbound AND f.emotion <> '' AND f.at >= {_lit(first)} AND f.at < {_lit(after)} "
        f"GROUP BY f.channel, {label}"
    )
    channel = f"CASE WHEN x.kc = 1 THEN g.channel ELSE '{ANY_CHANNEL}' END"
    count = connection.ops.quote_name("count")
    return (
        f"INSERT INTO {_t(LabelRollup)} (tz, day, hour, channel, team_id, inbox_id, tag_id, kind, label, "  # noqa: S608
        f"{count}) SELECT {_lit(tz)}, {_lit(day)}, {DAY}, {channel}, {ANY_ID}, {ANY_ID}, 0, '{JOURNEY}', "
        f"g.label, SUM(g.n) FROM ({inner}) g CROSS JOIN (SELECT 0 AS kc UNION ALL SELECT 1 AS kc) x "
        f"GROUP BY {channel}, g.label"
    )


def month_compute(tz: str, start: dt.date) -> None:
    """The Jalali month starting on `start` as one row per dimension: the sum of its day rows (in SQL)."""
    end = month_end(start)
    dims = ("channel", "team_id", "inbox_id", "tag_id")
    where = f"tz = {_lit(tz)} AND hour = {DAY} AND day >= {_lit(start)} AND day <= {_lit(end)}"
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (Rollup, LabelRollup, DurationRollup):
            model.objects.filter(tz=tz, hour=MONTH, day=start).delete()
        for model, keys, sums in (
            (Rollup, dims, COUNTERS),
            (LabelRollup, (*dims, "kind", "label"), (connection.ops.quote_name("count"),)),
            (DurationRollup, (*dims, "metric", "bucket"), (connection.ops.quote_name("count"),)),
        ):
            cursor.execute(
                f"INSERT INTO {_t(model)} (tz, day, hour, {', '.join(keys)}, {', '.join(sums)}) "  # noqa: S608
                f"SELECT {_lit(tz)}, {_lit(start)}, {MONTH}, {', '.join(keys)}, "
                f"{', '.join(f'SUM({c})' for c in sums)} FROM {_t(model)} WHERE {where} "
                f"GROUP BY {', '.join(keys)}"
            )
