"""Satisfaction against loyalty, per customer active in the period: a satisfied customer may still leave.

satisfaction (−1…1): the mean CSAT of the period, (mean − 3.5) / 1.5, when the customer answered one;
    else the mean sentiment polarity of their messages. Satisfied when ≥ 0.
loyalty (−1…1, clipped): the last NPS answer, (score − 7.5) / 2.5, as the base (0 without one); then
    −1 per cancellation request, −0.5 per return request, −1 when a message carried a churn signal,
    −0.5 for 3 or more conversations in the period (repeat contacts), +0.5 for an order in the last 60 days,
    −0.5 when the last order is more than 180 days old. Staying when ≥ 0.
Every point taken off is written as a Persian reason, for the follow-up call list.
Messages are read from the insights message facts, never raw. The scores, the quadrants, their counts and
the order of the lists are computed in one SQL statement (`_scored`); Python builds only the listed rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import jdatetime
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hamdel.core.permissions import SYSTEM, Perm, require
from hamdel.core.persian import fa_digits
from hamdel.customers.models import Customer, Order
from hamdel.insights.models import MessageFact
from hamdel.insights.periods import local_today, period_from_query
from hamdel.insights.problems.models import LoyaltySnapshot, SurveySignal
from hamdel.insights.rollups import report_reads

LIST_LIMIT = 50  # customers per list on the page; the call list (CSV) has them all
SNAPSHOT_SECONDS = 300  # older figures are shown as stale and taken again (the periodic task: every 4 min)
FORGET_AFTER = dt.timedelta(days=7)  # snapshots not taken again for this long are deleted
RECENT_ORDER = dt.timedelta(days=60)
STALE_ORDER = dt.timedelta(days=180)
REPEAT_CONTACTS = 3

QUADRANTS = ("loyal", "satisfied_leaving", "unhappy_staying", "at_risk")


@dataclass
class LoyaltyRow:
    customer_id: int
    name: str
    satisfaction: float
    satisfaction_source: str  # csat or sentiment
    loyalty: float
    quadrant: str  # loyal | satisfied_leaving | unhappy_staying | at_risk, decided in the SQL
    reasons: list[str] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return self.satisfaction >= 0

    @property
    def staying(self) -> bool:
        return self.loyalty >= 0


def _scored(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> tuple[str, list[Any]]:
    """One SELECT scoring every customer active in the period (the rules above, in the database): per
    customer its facts (grouped in SQL), satisfaction and loyalty clipped and rounded to 3 places, and its
    quadrant. Python never sees one row per customer; it reads counts and the few listed rows."""
    ops = connection.ops

    def at(value: dt.datetime) -> Any:
        return ops.adapt_datetimefield_value(value)

    mf, ss = MessageFact._meta.db_table, SurveySignal._meta.db_table
    orders = Order._meta.db_table

    def rounded(x: str) -> str:
        clipped = f"(CASE WHEN {x} > 1 THEN 1.0 WHEN {x} < -1 THEN -1.0 ELSE {x} END)"
        return f"ROUND(CAST({clipped} AS NUMERIC), 3)"

    loyalty = (
        "(CASE WHEN n.nps IS NOT NULL THEN (n.nps - 7.5) / 2.5 ELSE 0.0 END)"
        " - COALESCE(m.cancels, 0) - 0.5 * COALESCE(m.returned, 0)"
        " - (CASE WHEN COALESCE(m.churn, 0) > 0 THEN 1 ELSE 0 END)"
        f" - (CASE WHEN COALESCE(m.conversations, 0) >= {REPEAT_CONTACTS} THEN 0.5 ELSE 0 END)"
        " + (CASE WHEN o.last_order IS NULL THEN 0 WHEN o.last_order >= %s THEN 0.5"
        " WHEN o.last_order < %s THEN -0.5 ELSE 0 END)"
    )
    satisfaction = (
        "(CASE WHEN c.csat IS NOT NULL THEN (c.csat - 3.5) / 1.5 ELSE COALESCE(m.polarity, 0.0) END)"
    )
    # S608: table names from our models and our own expressions; every value is a parameter
    sql = f"""
        WITH m AS (
            SELECT customer_id AS cid, AVG(polarity) AS polarity,
                COUNT(DISTINCT conversation_id) AS conversations,
                SUM(CASE WHEN intent = 'cancellation' THEN 1 ELSE 0 END) AS cancels,
                SUM(CASE WHEN intent = 'return_or_refund' THEN 1 ELSE 0 END) AS returned,
                SUM(CASE WHEN churn THEN 1 ELSE 0 END) AS churn
            FROM {mf} WHERE inbound AND at >= %s AND at < %s GROUP BY customer_id
        ), c AS (
            SELECT customer_id AS cid, AVG(score) AS csat FROM {ss}
            WHERE kind = 'csat' AND at >= %s AND at < %s GROUP BY customer_id
        ), n AS (
            SELECT cid, score AS nps FROM (
                SELECT customer_id AS cid, score,
                    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS k
                FROM {ss} WHERE kind = 'nps' AND at >= %s AND at < %s
            ) last_answer WHERE k = 1
        ), ids AS (
            SELECT cid FROM m UNION SELECT cid FROM c UNION SELECT cid FROM n
        ), o AS (
            SELECT customer_id AS cid, MAX(ordered_at) AS last_order FROM {orders}
            WHERE customer_id IN (SELECT cid FROM ids) GROUP BY customer_id
        ), raw AS (
            SELECT ids.cid, {satisfaction} AS sat, {loyalty} AS loy,
                CASE WHEN c.csat IS NOT NULL THEN 'csat' ELSE 'sentiment' END AS source,
                n.nps, m.cancels, m.returned, m.churn, m.conversations, o.last_order
            FROM ids LEFT JOIN m ON m.cid = ids.cid LEFT JOIN c ON c.cid = ids.cid
            LEFT JOIN n ON n.cid = ids.cid LEFT JOIN o ON o.cid = ids.cid
        ), s AS (
            SELECT raw.*, {rounded("sat")} AS satisfaction, {rounded("loy")} AS loyalty FROM raw
        )
        SELECT s.cid, s.satisfaction, s.source, s.loyalty,
            CASE WHEN s.satisfaction >= 0
                THEN (CASE WHEN s.loyalty >= 0 THEN 'loyal' ELSE 'satisfied_leaving' END)
                ELSE (CASE WHEN s.loyalty >= 0 THEN 'unhappy_staying' ELSE 'at_risk' END)
            END AS quadrant,
            s.nps, s.cancels, s.returned, s.churn, s.conversations, s.last_order
        FROM s
    """  # noqa: S608
    window = [at(start), at(end)]
    params = [*window, *window, *window, at(now - RECENT_ORDER), at(now - STALE_ORDER)]
    return sql, params


_COLUMNS = (
    "cid",
    "satisfaction",
    "source",
    "loyalty",
    "quadrant",
    "nps",
    "cancels",
    "returned",
    "churn",
    "conversations",
    "last_order",
)
_ORDER = "loyalty, satisfaction, cid"  # the least loyal first
_FIELDS = ", ".join(f"q.{c}" for c in _COLUMNS[1:])


def _named(source: str) -> str:
    """The customer's name joined to scored rows `q` — only to the rows that are listed."""
    table = Customer._meta.db_table
    return (
        f"SELECT q.cid, COALESCE(cu.name, '') AS name, {_FIELDS} FROM ({source}) q "  # noqa: S608
        f"LEFT JOIN {table} cu ON cu.id = q.cid"
    )


def _as_row(values: tuple[Any, ...], now: dt.datetime, texts: dict[str, str]) -> LoyaltyRow:
    d = dict(zip(("cid", "name", *_COLUMNS[1:]), values, strict=True))
    last = d["last_order"]
    if last is not None and not isinstance(last, dt.datetime):  # SQLite hands back text, in UTC
        parsed = parse_datetime(str(last))
        last = parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return LoyaltyRow(
        customer_id=int(d["cid"]),
        name=d["name"],
        satisfaction=float(d["satisfaction"]),
        satisfaction_source=d["source"],
        loyalty=float(d["loyalty"]),
        quadrant=d["quadrant"],
        reasons=_reasons(d, last, now, texts),
    )


@dataclass
class Loyalty:
    """The loyalty page: customers per quadrant and the first `limit` of each list, least loyal first."""

    counts: dict[str, int]
    satisfied_leaving: list[LoyaltyRow]
    unhappy_staying: list[LoyaltyRow]
    at_risk: list[LoyaltyRow]  # everyone leaving (satisfied or not), for the call list
    computed_at: dt.datetime | None = None  # when the snapshot was taken (loyalty_snapshot)
    stale: bool = False  # older than SNAPSHOT_SECONDS: newer figures are being prepared

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def loyalty_page(
    *, actor: Any, start: dt.datetime, end: dt.datetime, now: dt.datetime, limit: int = LIST_LIMIT
) -> Loyalty:
    """The quadrant counts and the three lists in one query: window functions number each customer in
    its quadrant and among those leaving, so only the listed rows (and one per quadrant) come back."""
    require(actor, Perm.REPORTS_VIEW)
    sql, params = _scored(start, end, now)
    ranked = f"""
        SELECT w.*, cu.name FROM (
            SELECT q.*, COUNT(*) OVER (PARTITION BY quadrant) AS quadrant_n,
                ROW_NUMBER() OVER (PARTITION BY quadrant ORDER BY {_ORDER}) AS quadrant_rank,
                ROW_NUMBER() OVER (PARTITION BY CASE WHEN loyalty < 0 THEN 1 ELSE 0 END ORDER BY {_ORDER})
                    AS leaving_rank
            FROM ({sql}) q
        ) w LEFT JOIN {Customer._meta.db_table} cu ON cu.id = w.cid
        WHERE w.quadrant_rank <= %s OR (w.loyalty < 0 AND w.leaving_rank <= %s)
        ORDER BY {_ORDER}
    """  # noqa: S608
    texts = _texts()
    counts = dict.fromkeys(QUADRANTS, 0)
    page = Loyalty(counts, [], [], [])
    with report_reads(work_mem="32MB"), connection.cursor() as cursor:
        cursor.execute(ranked, [*params, limit, limit])
        for values in cursor.fetchall():
            n = len(_COLUMNS)
            row = _as_row((values[0], values[-1] or "", *values[1:n]), now, texts)
            quadrant_n, quadrant_rank, leaving_rank = values[n : n + 3]
            counts[row.quadrant] = int(quadrant_n)
            if row.quadrant == "satisfied_leaving" and quadrant_rank <= limit:
                page.satisfied_leaving.append(row)
            if row.quadrant == "unhappy_staying" and quadrant_rank <= limit:
                page.unhappy_staying.append(row)
            if not row.staying and leaving_rank <= limit:
                page.at_risk.append(row)
    return page


def _to_json(page: Loyalty) -> dict[str, Any]:
    """The page as stored in its snapshot row: the counts and the listed rows (reasons already in Persian)."""
    lists = ("satisfied_leaving", "unhappy_staying", "at_risk")
    return {"counts": page.counts, **{name: [asdict(r) for r in getattr(page, name)] for name in lists}}


def _from_json(data: dict[str, Any], computed_at: dt.datetime, stale: bool) -> Loyalty:
    def rows(name: str) -> list[LoyaltyRow]:
        return [LoyaltyRow(**r) for r in data.get(name, [])]

    counts = {**dict.fromkeys(QUADRANTS, 0), **data.get("counts", {})}
    return Loyalty(
        counts,
        rows("satisfied_leaving"),
        rows("unhappy_staying"),
        rows("at_risk"),
        computed_at=computed_at,
        stale=stale,
    )


def _key(start: dt.datetime, end: dt.datetime, limit: int) -> dict[str, Any]:
    return {"period_start": start, "period_end": end, "limit": limit}


def loyalty_snapshot(
    *, actor: Any, start: dt.datetime, end: dt.datetime, limit: int = LIST_LIMIT
) -> Loyalty | None:
    """The loyalty page of the period as last taken (a snapshot row), or None when none was taken yet; a
    snapshot older than SNAPSHOT_SECONDS comes back `stale`. Reads one row, computes nothing: scoring every
    customer active in a season groups ~100,000 message facts at 1M messages (0.2–0.7 s), too slow for a
    request. When the figures are missing or stale the page asks a task to take them
    (`tasks.loyalty_prepare`); loyalty moves over days, so it shows the older figures, with their time,
    meanwhile."""
    require(actor, Perm.REPORTS_VIEW)
    row = LoyaltySnapshot.objects.filter(**_key(start, end, limit)).only("computed_at", "page").first()
    if row is None:
        return None
    stale = row.computed_at < timezone.now() - dt.timedelta(seconds=SNAPSHOT_SECONDS)
    return _from_json(row.page, row.computed_at, stale)


def loyalty_snapshot_take(
    *, start: dt.datetime, end: dt.datetime, limit: int = LIST_LIMIT, if_older_than: int | None = None
) -> Loyalty | None:
    """Hamdel's own work (the worker): compute the page of the period and replace its snapshot row. With
    `if_older_than` (seconds), a snapshot taken more recently is kept and None comes back."""
    key = _key(start, end, limit)
    taken = timezone.now()
    if if_older_than is not None:
        recent = taken - dt.timedelta(seconds=if_older_than)
        if LoyaltySnapshot.objects.filter(**key, computed_at__gte=recent).exists():
            return None
    page = loyalty_page(actor=SYSTEM, start=start, end=end, now=min(end, taken), limit=limit)
    page.computed_at = taken
    with transaction.atomic():
        LoyaltySnapshot.objects.update_or_create(
            **key, defaults={"computed_at": taken, "page": _to_json(page)}
        )
    return page


def snapshots_refresh() -> int:
    """Take again the snapshots of the periods the page is usually opened on (this week, this Jalali month,
    this season), and forget the snapshots nobody asked for in a week; the number taken."""
    today = jdatetime.date.fromgregorian(date=local_today())
    queries = (
        {"period": "week"},
        {"period": "month"},
        {"period": "season", "season": f"{today.year}-{(today.month - 1) // 3 + 1}"},
    )
    for query in queries:
        start, end = period_from_query(query).bounds()
        loyalty_snapshot_take(start=start, end=end)
    LoyaltySnapshot.objects.filter(computed_at__lt=timezone.now() - FORGET_AFTER).delete()
    return len(queries)


def loyalty_rows(
    *, actor: Any, start: dt.datetime, end: dt.datetime, now: dt.datetime, leaving_only: bool = False
) -> Iterator[LoyaltyRow]:
    """Every customer active in the period (or only those leaving: the full call list of the export),
    least loyal first, fetched in chunks — for the export, not for a page."""
    require(actor, Perm.REPORTS_VIEW)
    sql, params = _scored(start, end, now)
    where = "WHERE q.loyalty < 0" if leaving_only else ""
    texts = _texts()
    with report_reads(work_mem="32MB"), connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({_named(sql)}) q {where} ORDER BY {_ORDER}", params)  # noqa: S608
        while chunk := cursor.fetchmany(2000):
            for values in chunk:
                yield _as_row(values, now, texts)


def _texts() -> dict[str, str]:
    return {
        "nps": _("Gave NPS %(score)s (detractor)"),
        "cancel": _("Asked to cancel (%(n)s times)"),
        "return": _("Asked for a return (%(n)s times)"),
        "churn": _("Said they might leave"),
        "repeat": _("Contacted us %(n)s times in the period"),
        "stale": _("No order for %(days)s days"),
    }


def _reasons(
    d: dict[str, Any], last_order: dt.datetime | None, now: dt.datetime, t: dict[str, str]
) -> list[str]:
    """Every point taken off loyalty, in Persian (the scores themselves come from the SQL)."""
    reasons, fa = [], fa_digits
    if d.get("nps") is not None and d["nps"] <= 6:
        reasons.append(t["nps"] % {"score": fa(str(int(d["nps"])))})
    if d.get("cancels"):
        reasons.append(t["cancel"] % {"n": fa(str(d["cancels"]))})
    if d.get("returned"):
        reasons.append(t["return"] % {"n": fa(str(d["returned"]))})
    if d.get("churn"):
        reasons.append(t["churn"])
    if (d.get("conversations") or 0) >= REPEAT_CONTACTS:
        reasons.append(t["repeat"] % {"n": fa(str(d["conversations"]))})
    if last_order is not None and now - last_order > STALE_ORDER:
        reasons.append(t["stale"] % {"days": fa(str((now - last_order).days))})
    return reasons


def quadrant_counts(rows: Iterable[LoyaltyRow]) -> dict[str, int]:
    counts = dict.fromkeys(QUADRANTS, 0)
    for r in rows:
        counts[r.quadrant] += 1
    return counts
