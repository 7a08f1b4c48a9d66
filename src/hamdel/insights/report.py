"""The payloads built from the metric layer: the API's summary, the dashboards' cards and tables, the rows
of the exports. One place turns Totals into numbers, so every surface shows the same ones."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.connectors.models import Inbox
from hamdel.core import channels
from hamdel.insights.metrics import METRICS, Metric, Totals, value
from hamdel.insights.periods import Period
from hamdel.insights.selectors import Filters, breakdown, totals

SENTIMENTS = ("very_negative", "negative", "neutral", "positive", "very_positive")
EMOTIONS = ("anger", "sadness", "fear", "joy", "surprise", "disgust", "neutral")
CARDS = (
    "messages_in",
    "conversations",
    "first_response_p50",
    "first_response_business_p50",
    "resolution_p50",
    "fcr_rate",
    "reopen_rate",
    "sla_compliance",
    "csat",
    "ces",
    "nps",
    "promises_kept",
    "promises_broken",
)
TABLE = (
    "messages_in",
    "conversations",
    "first_response_p50",
    "first_response_p90",
    "first_response_business_p50",
    "resolution_p50",
    "resolution_p90",
    "resolution_business_p50",
    "fcr_rate",
    "reopen_rate",
    "sla_compliance",
    "csat",
    "ces",
    "nps",
)


def summary(period: Period, filters: Filters) -> dict[str, Any]:
    """GET /api/v1/insights/summary: the contract's keys, percentages 0–100, minutes, null when unmeasured."""
    t = totals(period, filters)
    by_channel = breakdown(period, filters, "channel")
    sentiment = t.labels.get("sentiment", {})
    return {
        "messages_in": value("messages_in", t),
        "conversations": value("conversations", t),
        "first_response_p50_minutes": value("first_response_p50", t),
        "first_response_p90_minutes": value("first_response_p90", t),
        "resolution_p50_minutes": value("resolution_p50", t),
        "fcr_rate": value("fcr_rate", t),
        "csat": value("csat", t),
        "ces": value("ces", t),
        "nps": value("nps", t),
        "sentiment": {label: int(sentiment.get(label, 0)) for label in SENTIMENTS},
        "by_channel": {
            channel: {
                "messages_in": value("messages_in", bt),
                "conversations": value("conversations", bt),
                "first_response_p50_minutes": value("first_response_p50", bt),
            }
            for channel, bt in sorted(by_channel.items())
            if channel and (bt["messages_in"] or bt["conversations"])
        },
    }


def _delta(metric: Metric, now: Any, before: Any) -> dict[str, Any] | None:
    if now is None or before is None:
        return None
    diff = round(float(now) - float(before), 1)
    good = diff == 0 or (diff > 0) == (metric.better == "higher")
    return {"diff": diff, "good": good, "up": diff > 0}


def cards(current: Totals, previous: Totals, keys: tuple[str, ...] = CARDS) -> list[dict[str, Any]]:
    """One card per metric: value, the number behind it, and the change from the previous period."""
    out = []
    for key in keys:
        metric = METRICS[key]
        now, before = value(key, current), value(key, previous)
        out.append(
            {
                "key": key,
                "label": metric.label,
                "unit": metric.unit,
                "formula": metric.formula,
                "value": now,
                "count": metric.count(current),
                "previous": before,
                "delta": _delta(metric, now, before),
            }
        )
    return out


def names_for(by: str, keys: list[Any]) -> dict[Any, str]:
    """Readable names for breakdown keys: channel labels, team and inbox names, agent names."""
    if by == "channel":
        return {k: channels.label(k) if k else _("No channel") for k in keys}
    model: Any = {"team_id": Team, "inbox_id": Inbox, "assignee_id": User}[by]
    found = {pk: str(obj) for pk, obj in model.objects.in_bulk([k for k in keys if k]).items()}
    return {k: found.get(k, _("No team") if by == "team_id" else _("None")) for k in keys}


def table(period: Period, filters: Filters, by: str, keys: tuple[str, ...] = TABLE) -> list[dict[str, Any]]:
    """Rows of one breakdown (per channel, team or inbox), each with the metrics of TABLE."""
    parts = breakdown(period, filters, by)
    names = names_for(by, list(parts))
    rows = [
        {
            "key": k,
            "name": names[k],
            "values": [value(m, t) for m in keys],
            "cells": [{"value": value(m, t), "unit": METRICS[m].unit} for m in keys],
        }
        for k, t in parts.items()
        if t["messages_in"] or t["conversations"] or t["resolved"] or t["csat_n"] or t["nps_n"] or t["ces_n"]
    ]
    return sorted(rows, key=lambda r: -(r["values"][0] or 0))


SURVEY_TABLE = ("csat", "csat_mean", "ces", "nps")


def columns(keys: tuple[str, ...] = TABLE) -> list[dict[str, Any]]:
    """The header of a metric table: label, unit and formula (the formula is the cell's title)."""
    return [
        {"key": k, "label": METRICS[k].label, "unit": METRICS[k].unit, "formula": METRICS[k].formula}
        for k in keys
    ]


def label_names(kind: str) -> dict[str, str]:
    """Persian names of the analysis labels (sentiment, emotion, intent)."""
    names: dict[str, dict[str, str]] = {
        "sentiment": {
            "very_negative": _("Very negative"),
            "negative": _("Negative"),
            "neutral": _("Neutral"),
            "positive": _("Positive"),
            "very_positive": _("Very positive"),
        },
        "emotion": {
            "anger": _("Anger"),
            "sadness": _("Sadness"),
            "fear": _("Fear"),
            "joy": _("Joy"),
            "surprise": _("Surprise"),
            "disgust": _("Disgust"),
            "neutral": _("Neutral"),
        },
    }
    if kind == "intent":  # the inbox's own Persian names, so a label reads the same in both places
        from hamdel.conversations.templatetags.conversation_tags import INTENTS

        return {key: str(label) for key, label in INTENTS.items()}
    return names.get(kind, {})


def fmt(number: Any, unit: str, *, persian: bool = True) -> str:
    """A metric's value as a card or cell shows it: «۳۰ دقیقه», «۸٫۵ ساعت», «۵۰٪», «۱۲٬۳۴۵», «—»."""
    from hamdel.core.persian import fa_digits

    if number is None:
        return "—"
    if unit == "minutes":
        text = (
            _("%(n)s min") % {"n": f"{number:g}"}
            if number < 120
            else _("%(n)s h") % {"n": f"{round(number / 60, 1):g}"}
        )
    elif unit == "percent":
        text = f"{number:g}٪" if persian else f"{number:g}%"
    elif unit == "count":
        text = f"{int(number):,}".replace(",", "٬" if persian else ",")
    else:
        text = f"{number:g}"
    return fa_digits(text).replace(".", "٫") if persian else text
