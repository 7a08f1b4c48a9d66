"""GET /api/v1/insights/summary: the contract's keys, counts by sent_at, filters, Persian refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from hamdel.insights.rollups import rollups_flush
from tests.conftest import ApiClient

from .conftest import START, History

KEYS = {
    "messages_in",
    "conversations",
    "first_response_p50_minutes",
    "first_response_p90_minutes",
    "resolution_p50_minutes",
    "fcr_rate",
    "csat",
    "ces",
    "nps",
    "sentiment",
    "by_channel",
}


@pytest.fixture
def lead_api(db: None) -> ApiClient:
    user = user_create(username="lead-api", password="s3cret-pass", role=Role.SUPERVISOR)
    return ApiClient(api_key_create(name="reports", user=user)[1])


def test_summary_contract_on_the_known_day(history: History, lead_api: ApiClient) -> None:
    day = START.date().isoformat()
    body = lead_api.get("/insights/summary", **{"from": day, "to": day}).json()
    assert set(body) == KEYS
    assert body["messages_in"] == 3 and body["conversations"] == 3
    assert body["first_response_p50_minutes"] == 30 and body["first_response_p90_minutes"] == 480
    assert body["resolution_p50_minutes"] == 60
    assert body["fcr_rate"] == 50.0
    assert body["csat"] is None and body["nps"] is None and body["ces"] is None
    assert body["by_channel"]["email"]["messages_in"] == 2
    assert body["by_channel"]["telegram"]["messages_in"] == 1
    # filters narrow every figure
    team = lead_api.get("/insights/summary", **{"from": day, "to": day, "team": history.team.pk}).json()
    assert team["messages_in"] == 1 and team["fcr_rate"] == 100.0
    tg = lead_api.get("/insights/summary", **{"from": day, "to": day, "channel": "telegram"}).json()
    assert tg["messages_in"] == 1 and set(tg["by_channel"]) == {"telegram"}


def test_four_weeks_of_messages_are_counted_by_sent_at(
    inbound: Callable[..., Any], events_run: Callable[[], Any], lead_api: ApiClient
) -> None:
    # given 4 weeks of messages, all arriving now but sent on their own days (n on week n)
    first = dt.datetime(2026, 10, 3, 9, 30, tzinfo=dt.UTC)
    sent = 0
    for week in range(4):
        for i in range(week + 1):
            with events_run():
                inbound(
                    f"پیام {week}-{i}",
                    address=f"w{week}-{i}@example.ir",
                    sent_at=first + dt.timedelta(days=7 * week + i),
                )
            sent += 1
    rollups_flush()
    # when the four weeks are asked for, and then only the first week
    whole = lead_api.get("/insights/summary", **{"from": "2026-10-03", "to": "2026-10-30"}).json()
    week1 = lead_api.get("/insights/summary", **{"from": "2026-10-03", "to": "2026-10-09"}).json()
    today = lead_api.get("/insights/summary", **{"from": "2026-12-01", "to": "2026-12-31"}).json()
    # then the counts are what was sent, on the days it was sent
    assert whole["messages_in"] == sent == 10 and whole["conversations"] == 10
    assert week1["messages_in"] == 1
    assert today["messages_in"] == 0 and today["first_response_p50_minutes"] is None


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"from": "2026-12-10", "to": "2026-12-01"}, "reversed_range", "from"),
        ({"from": "2025-01-01", "to": "2026-12-31"}, "range_too_long", "to"),
        ({"from": "2026-13-40", "to": "2026-12-01"}, "bad_date", "from"),
        ({"to": "2026-12-01"}, "missing_date", "from"),
        ({"from": "2026-12-01", "to": "2026-12-02", "colour": "red"}, "unknown_filter", "colour"),
        ({"from": "2026-12-01", "to": "2026-12-02", "channel": "pigeon"}, "unknown_filter_value", "channel"),
        ({"from": "2026-12-01", "to": "2026-12-02", "team": "999"}, "unknown_filter_value", "team"),
        ({"from": "2026-12-01", "to": "2026-12-02", "team": "x'"}, "unknown_filter_value", "team"),
    ],
)
def test_bad_input_is_a_clear_persian_4xx(lead_api: ApiClient, params: dict, code: str, field: str) -> None:
    response = lead_api.get("/insights/summary", **params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and field in body["extra"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])  # Persian words


def test_an_agent_key_is_refused(api: ApiClient) -> None:
    response = api.get("/insights/summary", **{"from": "2026-12-01", "to": "2026-12-02"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_jalali_dates_are_accepted(lead_api: ApiClient) -> None:
    body = lead_api.get("/insights/summary", **{"from": "۱۴۰۵/۰۹/۰۱", "to": "1405/09/30"}).json()
    assert body["messages_in"] == 0
