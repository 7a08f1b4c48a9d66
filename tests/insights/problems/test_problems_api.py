"""The S10 bar, mirrored through the real inbound API: four weeks of ordinary messages and one complaint
that grows week over week (dated with `sent_at`); the growing problem comes first, with its examples."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from tests.conftest import ApiClient

ORDINARY = [
    "سلام، ساعت کاری فروشگاه تا چند است؟",
    "ممنون از راهنمایی خوبتان، مشکلم حل شد",
    "آیا این مدل گوشی رنگ آبی هم دارد؟",
    "سفارشم کی ارسال می‌شود؟ کد پیگیری ندارم",
    "لطفا فاکتور رسمی برای شرکت صادر کنید",
    "قیمت لپ تاپ ایسوس چقدر است؟",
    "کارت هدیه را چطور فعال کنم؟",
]
GROWING = [
    "باتری گوشی که خریدم بعد از دو روز باد کرده و داغ می‌شود",
    "باتری گوشی جدیدم باد کرده، خیلی داغ می‌شود",
    "گوشی رو شارژ می‌کنم باتری داغ میشه و باد کرده",
    "باتری باد کرده گوشی، ترسیدم منفجر شود",
]
_ids = itertools.count(1)


@pytest.fixture
def admin_key(db: None) -> ApiClient:
    boss = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN)
    return ApiClient(api_key_create(name="bar", user=boss)[1])


def _send(api: ApiClient, text: str, sent_at: dt.datetime, who: int) -> None:
    response = api.post(
        "/inbound",
        {
            "channel": "api",
            "external_id": f"s10-{next(_ids)}",
            "customer": {"name": f"مشتری {who}", "handle": f"crm-{who}"},
            "text": text,
            "sent_at": sent_at.isoformat(),
        },
    )
    assert response.status_code == 201, response.content


def test_growing_complaint_comes_first_with_its_examples(
    admin_key: ApiClient, events_run: Callable[[], Any]
) -> None:
    # given four weeks of ordinary messages, the same few each week, and a complaint 1, 3, 6, 10 times,
    # each from its own customer (so its own conversation), the events run as after each request's commit
    now = dt.datetime.now(dt.UTC)
    who = itertools.count(1)
    sent_per_week = []
    with events_run():
        for week, growing in enumerate((1, 3, 6, 10)):
            day = now - dt.timedelta(days=7 * (3 - week) + 2)
            for i, text in enumerate(ORDINARY * 2):
                _send(admin_key, text, day - dt.timedelta(hours=i), next(who))
            for i in range(growing):
                _send(admin_key, GROWING[i % len(GROWING)], day + dt.timedelta(minutes=i), next(who))
            sent_per_week.append(len(ORDINARY) * 2 + growing)
    # when
    response = admin_key.get("/insights/problems", weeks=4)
    # then
    assert response.status_code == 200, response.content
    problems = response.json()
    first = problems[0]
    assert set(first) == {"id", "label", "count", "weekly", "growth", "examples"}
    assert first["weekly"] == sorted(set(first["weekly"])) and first["count"] >= 16  # growing every week
    assert first["growth"] > 0
    assert "باتری" in first["label"]
    assert first["examples"] and all(e["text"] in GROWING for e in first["examples"])
    # every complaint sent is counted, in its week (the models may split a phrasing off into a sibling)
    battery = [p for p in problems if any(e["text"] in GROWING for e in p["examples"])]
    assert all(e["text"] in GROWING for p in battery for e in p["examples"])
    assert [sum(w) for w in zip(*(p["weekly"] for p in battery), strict=True)] == [1, 3, 6, 10]
    assert set(first["examples"][0]) == {"message_id", "text"}
    for other in problems[1:]:
        assert other["growth"] * other["count"] < first["growth"] * first["count"]
    # and the summary of the four weeks (Tehran days, as the reports count) has exactly what was sent
    tehran = ZoneInfo("Asia/Tehran")
    period = {"from": (now - dt.timedelta(days=28)).astimezone(tehran).date().isoformat()}
    period["to"] = now.astimezone(tehran).date().isoformat()
    summary = admin_key.get("/insights/summary", **period)
    assert summary.status_code == 200, summary.content
    body = summary.json()
    assert sum(sent_per_week) == 76
    assert body["messages_in"] == 76 and body["conversations"] == 76
    assert body["by_channel"]["api"]["messages_in"] == 76
    assert body["first_response_p50_minutes"] is None  # nobody answered


def test_weeks_out_of_range_is_a_clear_4xx(admin_key: ApiClient) -> None:
    response = admin_key.get("/insights/problems", weeks=0)
    assert response.status_code == 422
    assert response.json()["message"]
    assert admin_key.get("/insights/problems", weeks="x").status_code == 422


def test_an_agent_may_not_read_problems(api: ApiClient) -> None:
    response = api.get("/insights/problems")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
