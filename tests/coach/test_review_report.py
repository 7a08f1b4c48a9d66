"""The team lead's coaching view: numbers per team and finding over a period, the trend, per-agent detail one
click deeper, the CSV export, and who may open them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamdel.accounts.models import Team, User
from hamdel.accounts.services import user_create
from hamdel.coach.review import report
from hamdel.coach.review.models import CoachDecision
from hamdel.coach.review.services import coach_decision_record
from hamdel.conversations.models import Conversation
from hamdel.conversations.types import IngestResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(inbound: Callable[..., IngestResult], agent: User, team: Team) -> dict[str, Any]:
    """Sales (Sara) and Support (Reza), each with a conversation of their team."""
    support = Team.objects.create(name="پشتیبانی")
    reza = user_create(username="reza", password="s3cret-pass", display_name="رضا")
    support.members.add(reza)
    sales_conv = Conversation.objects.get(pk=inbound("قیمت چنده؟").conversation_id)
    support_conv = Conversation.objects.get(
        pk=inbound("سفارشم نرسیده", address="b@example.ir").conversation_id
    )
    Conversation.objects.filter(pk=sales_conv.pk).update(team=team)
    Conversation.objects.filter(pk=support_conv.pk).update(team=support)
    sales_conv.refresh_from_db()
    support_conv.refresh_from_db()
    return {"sales": sales_conv, "support": support_conv, "reza": reza, "support_team": support}


def _decide(actor: User, conv: Conversation, code: str, decision: str, days_ago: float = 1) -> CoachDecision:
    row = coach_decision_record(
        actor=actor, conversation=conv, code=code, decision=decision, draft_excerpt="x"
    )
    CoachDecision.objects.filter(pk=row.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    return row


@pytest.fixture
def decided(world: dict[str, Any], agent: User) -> dict[str, Any]:
    sales, support, reza = world["sales"], world["support"], world["reza"]
    # this week in sales: the greeting was pointed out three times, applied twice, ignored once
    _decide(agent, sales, "missing_greeting", "applied")
    _decide(agent, sales, "missing_greeting", "applied", days_ago=2)
    _decide(agent, sales, "missing_greeting", "ignored", days_ago=3)
    # the week before in sales: the greeting six times
    for _ in range(6):
        _decide(agent, sales, "missing_greeting", "sent_with", days_ago=10)
    # this week in support: a vague promise sent as it was
    _decide(reza, support, "vague_promise", "sent_with")
    # long ago: outside every period shown
    _decide(reza, support, "blaming", "ignored", days_ago=200)
    return world


def _row(html: str, section: str, code: str) -> list[str]:
    """The cells of one finding's row in one section of the page (by the section's heading id)."""
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    row = part.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_numbers_per_team_and_finding(decided: dict[str, Any], lead: User, team: Team) -> None:
    # when the lead looks at the last 7 days
    _days, start, end = report.period(7)
    groups = {g.name: g for g in report.coaching_by_team(actor=lead, start=start, end=end)}
    # then each team has its own numbers, with the week before for the trend
    sales = {r.code: r for r in groups["فروش"].rows}
    assert (sales["missing_greeting"].shown, sales["missing_greeting"].applied) == (3, 2)
    assert sales["missing_greeting"].ignored == 1
    assert sales["missing_greeting"].applied_share == 67
    assert sales["missing_greeting"].before == 6
    assert sales["missing_greeting"].trend == -50
    support = {r.code: r for r in groups["پشتیبانی"].rows}
    assert set(support) == {"vague_promise"}  # the old "blaming" is outside both periods
    assert support["vague_promise"].sent_with == 1
    assert support["vague_promise"].trend is None


def test_the_page_shows_teams_not_people(decided: dict[str, Any], lead: User, team: Team) -> None:
    client = Client()
    client.force_login(lead)
    # when the lead opens the coaching view for the last 7 days
    response = client.get(reverse("coach:review_report") + "?days=7")
    html = response.content.decode()
    # then each team's table shows the counts in Persian digits and the trend in words
    assert response.status_code == 200
    assert _row(html, f"coach-team-{team.pk}", "missing_greeting") == [
        "۳",
        "۲",
        "۱",
        "۰",
        "۶۷٪",
        "↓ ۵۰٪ کمتر",
    ]
    assert "بی‌سلام" in html and "پشتیبانی" in html
    # and no agent's name is on the first screen; their detail is one click deeper
    assert "سارا" not in html and "رضا" not in html
    detail = reverse("coach:review_team", args=[team.pk])
    assert detail in html
    deeper = client.get(detail + "?days=7").content.decode()
    assert "سارا" in deeper and "رضا" not in deeper


def test_the_period_is_shown_in_the_jalali_calendar(decided: dict[str, Any], lead: User) -> None:
    client = Client()
    client.force_login(lead)
    html = client.get(reverse("coach:review_report") + "?days=30").content.decode()
    assert "۳۰ روز گذشته" in html
    assert re.search(r"از [۰-۹]+ \S+ ۱۴[۰-۹]{2}", html), "the start date in Jalali with Persian digits"


def test_the_export_is_for_the_model_not_about_people(decided: dict[str, Any], lead: User) -> None:
    client = Client()
    client.force_login(lead)
    response = client.get(reverse("coach:review_export") + "?days=30")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == list(report.EXPORT_COLUMNS)
    assert len(rows) == 1 + 10  # everything in the last 30 days, not the decision from 200 days ago
    assert {r[3] for r in rows[1:]} == {"missing_greeting", "vague_promise"}
    body = response.content.decode()
    assert "سارا" not in body and "sara" not in body and "reza" not in body


def test_agents_may_not_open_the_coaching_view(agent_client: Client, team: Team) -> None:
    for url in (
        reverse("coach:review_report"),
        reverse("coach:review_team", args=[team.pk]),
        reverse("coach:review_export"),
    ):
        assert agent_client.get(url).status_code == 403


def test_an_empty_period_says_so(lead: User) -> None:
    client = Client()
    client.force_login(lead)
    html = client.get(reverse("coach:review_report")).content.decode()
    assert "هنوز تصمیمی" in html
    assert client.get(reverse("coach:review_team", args=[0])).status_code == 200
    assert client.get(reverse("coach:review_team", args=[424242])).status_code == 404
