"""Satisfaction against loyalty, per customer active in the period: a satisfied customer may still leave.

satisfaction (−1…1): the mean CSAT of the period, (mean − 3.5) / 1.5, when the customer answered one;
    else the mean sentiment polarity of their messages. Satisfied when ≥ 0.
loyalty (−1…1, clipped): the last NPS answer, (score − 7.5) / 2.5, as the base (0 without one); then
    −1 per cancellation request, −0.5 per return request, −1 when a message carried a churn signal,
    −0.5 for 3 or more conversations in the period (repeat contacts), +0.5 for an order in the last 60 days,
    −0.5 when the last order is more than 180 days old. Staying when ≥ 0.
Every point taken off is written as a Persian reason, for the follow-up call list.
Messages are read from the insights message facts (grouped per customer in the database), never raw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, F, Max, Q
from django.utils.translation import gettext as _

from hamdel.core.permissions import Perm, require
from hamdel.core.persian import fa_digits
from hamdel.customers.models import Customer, Order
from hamdel.insights.models import MessageFact
from hamdel.insights.problems.models import SurveySignal

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
    reasons: list[str] = field(default_factory=list)

    @property
    def satisfied(self) -> bool:
        return self.satisfaction >= 0

    @property
    def staying(self) -> bool:
        return self.loyalty >= 0

    @property
    def quadrant(self) -> str:
        if self.satisfied:
            return "loyal" if self.staying else "satisfied_leaving"
        return "unhappy_staying" if self.staying else "at_risk"


def _clip(x: float) -> float:
    return round(max(-1.0, min(1.0, x)), 3)


def loyalty_rows(*, actor: Any, start: dt.datetime, end: dt.datetime, now: dt.datetime) -> list[LoyaltyRow]:
    """One row per customer who wrote or answered a survey in the period, least loyal first."""
    require(actor, Perm.REPORTS_VIEW)
    active = MessageFact.objects.filter(inbound=True, at__gte=start, at__lt=end)
    msgs = (
        active.values(customer=F("customer_id"))
        .annotate(
            polarity=Avg("polarity"),
            conversations=Count("conversation_id", distinct=True),
            cancels=Count("pk", filter=Q(intent="cancellation")),
            returns=Count("pk", filter=Q(intent="return_or_refund")),
            churn=Count("pk", filter=Q(churn=True)),
        )
        .order_by()
    )
    data: dict[int, dict[str, Any]] = defaultdict(dict)
    for m in msgs:
        data[m["customer"]].update(m)
    signals = SurveySignal.objects.filter(at__gte=start, at__lt=end)
    for s in signals.filter(kind="csat").values("customer_id").annotate(csat=Avg("score")):
        data[s["customer_id"]]["csat"] = s["csat"]
    for n in signals.filter(kind="nps").order_by("at", "pk").values("customer_id", "score"):
        data[n["customer_id"]]["nps"] = n["score"]  # the last answer wins
    ids = sorted(data)
    last_order: dict[int, dt.datetime] = {}
    names: dict[int, str] = {}
    for i in range(0, len(ids), 900):  # under SQLite's variable limit
        chunk = ids[i : i + 900]
        last_order.update(
            Order.objects.filter(customer_id__in=chunk)
            .values("customer_id")
            .annotate(last=Max("ordered_at"))
            .values_list("customer_id", "last")
        )
        names.update(Customer.objects.filter(pk__in=chunk).values_list("pk", "name"))
    texts = _texts()  # translated once per call, not once per customer (gettext per row cost a third)
    rows = [_row(cid, names.get(cid, ""), data[cid], last_order.get(cid), now, texts) for cid in ids]
    rows.sort(key=lambda r: (r.loyalty, r.satisfaction, r.customer_id))
    return rows


def _texts() -> dict[str, str]:
    return {
        "nps": _("Gave NPS %(score)s (detractor)"),
        "cancel": _("Asked to cancel (%(n)s times)"),
        "return": _("Asked for a return (%(n)s times)"),
        "churn": _("Said they might leave"),
        "repeat": _("Contacted us %(n)s times in the period"),
        "stale": _("No order for %(days)s days"),
    }


def _row(
    cid: int,
    name: str,
    d: dict[str, Any],
    last_order: dt.datetime | None,
    now: dt.datetime,
    t: dict[str, str],
) -> LoyaltyRow:
    if d.get("csat") is not None:
        satisfaction, source = (d["csat"] - 3.5) / 1.5, "csat"
    else:
        satisfaction, source = d.get("polarity") or 0.0, "sentiment"
    loyalty, reasons = 0.0, []
    fa = fa_digits
    if d.get("nps") is not None:
        loyalty = (d["nps"] - 7.5) / 2.5
        if d["nps"] <= 6:
            reasons.append(t["nps"] % {"score": fa(str(int(d["nps"])))})
    if d.get("cancels"):
        loyalty -= d["cancels"]
        reasons.append(t["cancel"] % {"n": fa(str(d["cancels"]))})
    if d.get("returns"):
        loyalty -= 0.5 * d["returns"]
        reasons.append(t["return"] % {"n": fa(str(d["returns"]))})
    if d.get("churn"):
        loyalty -= 1
        reasons.append(t["churn"])
    if (d.get("conversations") or 0) >= REPEAT_CONTACTS:
        loyalty -= 0.5
        reasons.append(t["repeat"] % {"n": fa(str(d["conversations"]))})
    if last_order is not None:
        if now - last_order <= RECENT_ORDER:
            loyalty += 0.5
        elif now - last_order > STALE_ORDER:
            loyalty -= 0.5
            reasons.append(t["stale"] % {"days": fa(str((now - last_order).days))})
    return LoyaltyRow(cid, name, _clip(satisfaction), source, _clip(loyalty), reasons)


def quadrant_counts(rows: list[LoyaltyRow]) -> dict[str, int]:
    counts = dict.fromkeys(QUADRANTS, 0)
    for r in rows:
        counts[r.quadrant] += 1
    return counts
