"""The staff pages: problems, a problem's detail and actions, the journey heatmap, loyalty and its CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import user_create
from hamdel.insights.problems.models import Problem, ProblemStatus

COMPLAINT = "کیفیت چاپ کتاب خیلی بد است، صفحه‌ها کج چاپ شده"


@pytest.fixture
def boss(db: None) -> User:
    return user_create(username="lead2", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")


@pytest.fixture
def boss_client(boss: User) -> Client:
    client = Client()
    client.force_login(boss)
    return client


def test_problems_page_lists_a_problem_and_a_supervisor_names_it(boss_client, inbound, events_run) -> None:
    # given three alike complaints
    with events_run():
        for i in range(3):
            inbound(COMPLAINT + "!" * i, address=f"c{i}@example.ir")
    # when the supervisor opens the page
    page = boss_client.get("/insights/problems/")
    # then the problem is there with its messages, in the insights tabs
    assert page.status_code == 200
    html = page.content.decode()
    assert "چاپ" in html and 'class="in-subnav"' in html
    problem = Problem.objects.get()
    detail = boss_client.get(f"/insights/problems/{problem.pk}/")
    assert COMPLAINT in detail.content.decode()
    # and naming it shows the name
    boss_client.post(f"/insights/problems/{problem.pk}/name/", {"name": "چاپ کج کتاب"})
    assert "چاپ کج کتاب" in boss_client.get("/insights/problems/").content.decode()
    boss_client.post(f"/insights/problems/{problem.pk}/fixed/")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.FIXED


def test_an_agent_cannot_open_the_pages(agent_client) -> None:
    for url in ("/insights/problems/", "/insights/journey/", "/insights/loyalty/"):
        assert agent_client.get(url).status_code == 403


def test_empty_journey_and_loyalty_say_no_data(boss_client, events_run) -> None:
    with events_run():  # the loyalty page's first visit asks the worker for the figures
        boss_client.get("/insights/loyalty/")
    for url in ("/insights/journey/", "/insights/loyalty/", "/insights/journey/?period=nonsense"):
        page = boss_client.get(url)
        assert page.status_code == 200
        assert "داده‌ای نیست" in page.content.decode()  # the page speaks Persian by default


def test_journey_heatmap_and_examples_one_click_away(boss_client, inbound, events_run) -> None:
    with events_run():
        inbound("بسته‌ام هنوز نرسیده، خیلی عصبانی‌ام! دیر شده", address="a@example.ir")
    page = boss_client.get("/insights/journey/").content.decode()
    assert 'class="pr-heat"' in page
    assert "stage=" in page


def test_loyalty_csv_escapes_formulas(boss_client, inbound, events_run) -> None:
    with events_run():
        inbound(
            "می‌خواهم اشتراکم را لغو کنم، دیگر نمی‌خواهم", customer_name="=HYPERLINK(1)", address="x@example.ir"
        )
    response = boss_client.get("/insights/loyalty/at-risk.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [r[1] for r in rows[1:]]
    assert names == ["'=HYPERLINK(1)"]
