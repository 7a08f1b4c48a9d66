"""The dashboards: who may open them, what they show, bad filters, empty periods and the exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import user_create
from hamdel.insights.exports import safe

from .conftest import START, History

DAY = START.date().isoformat()
PAGES = ("overview", "teams", "channels", "surveys")


@pytest.fixture
def lead_client(db: None) -> Client:
    client = Client()
    client.force_login(user_create(username="lead-p", password="s3cret-pass", role=Role.SUPERVISOR))
    return client


@pytest.mark.parametrize("page", PAGES)
def test_agents_are_refused_supervisors_see_the_page(
    page: str, agent_client: Client, lead_client: Client
) -> None:
    assert agent_client.get(f"/insights/{'' if page == 'overview' else page + '/'}").status_code == 403
    response = lead_client.get(f"/insights/{'' if page == 'overview' else page + '/'}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "نمای کلی" in text and "تیم‌ها و کارشناس‌ها" in text  # the sub-navigation tabs


def test_overview_shows_the_day_in_persian(history: History, lead_client: Client) -> None:
    text = lead_client.get("/insights/", {"period": "custom", "from": DAY, "to": DAY}).content.decode()
    assert "حل در نخستین تماس" in text
    assert "۵۰٪" in text  # FCR
    assert "۳۰ دقیقه" in text  # median first response
    assert "۱۴ آذر ۱۴۰۵" in text  # the Jalali period label
    assert 'id="volume-chart"' in text and "chart.umd.min.js" in text


def test_an_empty_period_says_there_is_no_data(lead_client: Client) -> None:
    text = lead_client.get("/insights/", {"period": "jmonth", "jmonth": "1404-01"}).content.decode()
    assert "داده‌ای نیست" in text
    assert 'id="volume-chart"' not in text


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"period": "custom", "from": "2026-12-10", "to": "2026-12-01"}, "جابه‌جا"),
        ({"period": "custom", "from": "2024-01-01", "to": "2026-12-01"}, "حداکثر"),
        ({"period": "season", "season": "1405-9"}, "فصل"),
        ({"team": "4242"}, "پالایه"),
        ({"period": "forever"}, "forever"),
    ],
)
def test_bad_filters_are_explained_not_a_500(lead_client: Client, query: dict, words: str) -> None:
    response = lead_client.get("/insights/", query)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_team_view_first_then_its_agents(history: History, lead_client: Client) -> None:
    base = {"period": "custom", "from": DAY, "to": DAY}
    text = lead_client.get("/insights/teams/", base).content.decode()
    assert "فروش" in text and "نخست تیمی را برگزینید" in text
    text = lead_client.get("/insights/teams/", {**base, "team": history.team.pk}).content.decode()
    assert history.agent.name in text


def test_a_tag_filter_counts_only_tagged_conversations(
    history: History, lead_client: Client, events_run: Callable[[], Any]
) -> None:
    from hamdel.conversations.models import Tag
    from hamdel.conversations.services import conversation_add_tag
    from hamdel.insights.periods import Period
    from hamdel.insights.rollups import rollups_flush
    from hamdel.insights.selectors import Filters, totals

    tag = Tag.objects.create(name="تخفیف")
    with events_run():
        conversation_add_tag(conversation=history.c, name="تخفیف", actor=history.agent)
    rollups_flush()
    t = totals(Period(START.date(), START.date()), Filters(tag_id=tag.pk))
    assert t["conversations"] == 1 and t["messages_in"] == 1 and t["fcr"] == 0 and t["resolved"] == 1


def test_exports_have_jalali_dates_and_escape_formulas(history: History, lead_client: Client) -> None:
    # given a team whose name would run as a formula in a spreadsheet
    Team.objects.filter(pk=history.team.pk).update(name='=HYPERLINK("http://evil")')
    query = {"period": "custom", "from": DAY, "to": DAY, "view": "teams"}
    # when the teams table is exported
    response = lead_client.get("/insights/export.csv", query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # then the name is text, the date is Jalali, and the figures are numbers
    names = [r[0] for r in rows if r]
    assert '\'=HYPERLINK("http://evil")' in names
    assert any("1405-09-14" in cell for r in rows for cell in r)
    book = load_workbook(io.BytesIO(lead_client.get("/insights/export.xlsx", query).content))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert book.active.sheet_view.rightToLeft


def test_safe_cells() -> None:
    assert [safe(v) for v in ("=1+1", "+98", "-2", "@x", "سلام", -5, None)] == [
        "'=1+1",
        "'+98",
        "'-2",
        "'@x",
        "سلام",
        -5,
        "",
    ]


def test_survey_answers_reach_the_surveys_page(
    lead: User, inbound: Callable[..., Any], events_run: Callable[[], Any], lead_client: Client
) -> None:
    # given a CSAT+NPS survey answered twice through feedback's own action
    from hamdel.feedback.services import response_save, survey_create
    from hamdel.insights.periods import local_today
    from hamdel.insights.rollups import rollups_flush

    survey = survey_create(
        name="رضایت",
        questions=[
            {"key": "csat", "type": "csat", "text": "راضی بودید؟"},
            {"key": "nps", "type": "nps", "text": "پیشنهاد می‌کنید؟"},
            {"key": "ces", "type": "ces", "text": "آسان بود؟"},
        ],
        actor=lead,
    )
    for csat, nps, ces in ((5, 10, 6), (2, 3, 2)):
        with events_run():
            response_save(survey=survey, answers={"csat": csat, "nps": nps, "ces": ces}, complete=True)
    rollups_flush()
    # when the surveys page of today is opened
    today = local_today().isoformat()
    text = lead_client.get(
        "/insights/surveys/", {"period": "custom", "from": today, "to": today}
    ).content.decode()
    # then CSAT is 1 of 2 in the top two boxes, NPS (1 promoter − 1 detractor) / 2 = 0, CES the mean 4
    assert "۵۰٪" in text and "از ۲" in text
    from hamdel.insights import metrics
    from hamdel.insights.periods import Period
    from hamdel.insights.selectors import Filters, totals

    t = totals(Period(local_today(), local_today()), Filters())
    assert (metrics.value("csat", t), metrics.value("nps", t), metrics.value("ces", t)) == (50.0, 0.0, 4.0)
    assert metrics.value("csat_mean", t) == 3.5
