"""The issue's acceptance walk ("S8-promises"), through the API only, as an integration would call it.

Business minutes across a Thursday half-day, a Friday and Nowruz 1406; an exception day; the Jalali year's
holiday list; a withdrawal inside and outside its window; an in-store sale; an agent's remedy above their
limit waiting for a team lead's approval.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_api() -> ApiClient:
    admin = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
    _key, plain = api_key_create(name="shop", user=admin)
    return ApiClient(plain)


@pytest.fixture
def lead_api(lead: Any) -> ApiClient:
    _key, plain = api_key_create(name="lead", user=lead)
    return ApiClient(plain)


def _due(api: ApiClient, calendar_id: int, start: str, minutes: int) -> str:
    response = api.get(f"/calendars/{calendar_id}/add", start=start, minutes=minutes)
    assert response.status_code == 200, response.content
    return response.json()["due"]


def test_business_minutes_across_a_half_day_a_friday_nowruz_and_an_exception(admin_api: ApiClient) -> None:
    response = admin_api.post("/calendars", {"name": "دفتر تهران", "holidays": "IR"})
    assert response.status_code == 201, response.content
    cal = response.json()["id"]

    # Wednesday 16:00 + 2 h: one hour on Wednesday, the second on Thursday morning.
    assert dt.datetime.fromisoformat(_due(admin_api, cal, "2026-12-09T16:00:00+03:30", 120)) == dt.datetime(
        2026, 12, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3, minutes=30))
    )
    # Thursday 12:00 + 2 h: Thursday closes at 13:00, Friday is the weekend, Saturday 2027-03-20 is
    # Esfand 29 (a holiday) and 21–24 March are Nowruz 1406: the second hour is Thursday 25 March, 10:00.
    due = _due(admin_api, cal, "2027-03-18T12:00:00+03:30", 120)
    assert due.endswith("+03:30")
    assert dt.datetime.fromisoformat(due) == dt.datetime.fromisoformat("2027-03-25T10:00:00+03:30")

    # Saturday 10 April 2027 closed by an exception: Thursday 8 April 12:00 + 2 h lands on Sunday the 11th.
    before = _due(admin_api, cal, "2027-04-08T12:00:00+03:30", 120)
    assert dt.datetime.fromisoformat(before) == dt.datetime.fromisoformat("2027-04-10T10:00:00+03:30")
    response = admin_api.post(f"/calendars/{cal}/exceptions", {"date": "2027-04-10", "spans": []})
    assert response.status_code == 201, response.content
    after = _due(admin_api, cal, "2027-04-08T12:00:00+03:30", 120)
    assert dt.datetime.fromisoformat(after) == dt.datetime.fromisoformat("2027-04-11T10:00:00+03:30")

    # Nonsense is refused in Persian: negative minutes, a zone that does not exist, a week with no hours.
    refused = admin_api.get(f"/calendars/{cal}/add", start="2027-04-08T12:00:00+03:30", minutes=-5)
    assert refused.status_code in (400, 422)
    assert admin_api.post("/calendars", {"name": "x", "timezone": "Asia/Nowhere"}).status_code == 400
    closed = admin_api.post("/calendars", {"name": "بسته", "weekly": {"sat": [], "fri": []}})
    assert closed.status_code == 400


def test_the_jalali_years_holidays(admin_api: ApiClient) -> None:
    cal = admin_api.post("/calendars", {"name": "دفتر", "holidays": "IR"}).json()["id"]
    response = admin_api.get(f"/calendars/{cal}/holidays", year=1406)
    assert response.status_code == 200, response.content
    days = {row["date"]: row for row in response.json()}
    nowruz = days["2027-03-21"]
    assert nowruz["jalali"] == "1406-01-01"
    assert "نوروز" in nowruz["name"]
    assert nowruz["estimated"] is False
    assert {"2027-03-22", "2027-03-23", "2027-03-24", "2027-04-01", "2027-04-02"} <= set(days)
    # The Islamic holidays are moon-sighted: the library's dates are estimates until the official list.
    assert any(row["estimated"] for row in days.values())
    # Only the Jalali year 1406 (21 March 2027 – 19 March 2028): Esfand 29 1405 is not in it.
    assert "2027-03-20" not in days
    assert all("2027-03-21" <= d <= "2028-03-19" for d in days)


def _order(admin_api: ApiClient, external_id: str, channel: str, delivered_days_ago: int | None) -> int:
    now = timezone.now()
    body: dict[str, Any] = {
        "external_id": external_id,
        "customer": {"name": "مریم احمدی", "email": "maryam@example.ir"},
        "channel": channel,
        "ordered_at": (now - dt.timedelta(days=(delivered_days_ago or 0) + 3)).isoformat(),
        "items": [{"sku": "KB-1", "name": "کتری برقی", "quantity": 1, "unit_price": 12_500_000}],
    }
    if delivered_days_ago is not None:
        body["delivered_at"] = (now - dt.timedelta(days=delivered_days_ago)).isoformat()
    response = admin_api.post("/orders", body)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_withdrawal_inside_and_outside_the_window_and_in_store(admin_api: ApiClient, api: ApiClient) -> None:
    inside = _order(admin_api, "A-1", "online", delivered_days_ago=5)
    response = api.post("/returns", {"order_id": inside, "kind": "withdrawal"})
    assert response.status_code == 201, response.content
    verdict = response.json()["withdrawal"]
    assert verdict["applicable"] is True and verdict["eligible"] is True
    assert verdict["reason_required"] is False
    assert verdict["deadline"]

    # Outside the window: refused, with the Persian explanation and the verdict; nothing is written.
    outside = _order(admin_api, "A-2", "phone", delivered_days_ago=40)
    response = api.post("/returns", {"order_id": outside, "kind": "withdrawal"})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "withdrawal_window_passed"
    verdict = response.json()["withdrawal"]
    assert verdict["applicable"] is True and verdict["eligible"] is False
    assert verdict["explanation"] == response.json()["message"]
    assert api.get("/returns", order_id=outside).json() == []
    # A defect can still be reported on the same order.
    assert (
        api.post("/returns", {"order_id": outside, "kind": "defect", "reason": "لق است"}).status_code == 201
    )

    # An in-store sale has no withdrawal right at all.
    store = _order(admin_api, "A-3", "store", delivered_days_ago=2)
    response = api.post("/returns", {"order_id": store, "kind": "withdrawal"})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "withdrawal_not_applicable"
    assert response.json()["withdrawal"]["applicable"] is False
    assert response.json()["withdrawal"]["eligible"] is False


def test_a_remedy_above_the_agents_limit_waits_for_the_team_lead(
    api: ApiClient, lead_api: ApiClient, inbound: Any
) -> None:
    conv_id = inbound("کتری دوم هم سوخت، پولم را پس بدهید").conversation_id
    small = api.post(
        f"/conversations/{conv_id}/remedies", {"kind": "refund", "amount": 1_000_000, "note": "جبران"}
    )
    assert small.status_code == 201, small.content
    assert small.json()["status"] == "approved"

    big = api.post(
        f"/conversations/{conv_id}/remedies", {"kind": "refund", "amount": 20_000_000, "note": "کل مبلغ"}
    )
    assert big.status_code == 201, big.content
    assert big.json()["status"] == "pending_approval"
    remedy = big.json()["id"]

    assert api.post(f"/remedies/{remedy}/approve", {}).status_code == 403
    approved = lead_api.post(f"/remedies/{remedy}/approve", {})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
