"""A team lead finds the growing complaint, names it and marks its root cause fixed, in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

BATTERY = ["باتری گوشی باد کرده و داغ می‌شود", "باتری گوشی جدیدم باد کرده", "گوشی داغ میشه، باتری باد کرده"]


@pytest.fixture(scope="module")
def site(module_server):
    from django.utils import timezone

    from hamdel.accounts.models import Role
    from hamdel.accounts.services import user_create
    from hamdel.conversations.services import ingest
    from hamdel.conversations.types import InboundMessage

    user_create(username="nasrin", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")
    now = timezone.now()
    n = 0
    for week, count in enumerate((1, 2, 4)):
        for i in range(count):
            n += 1
            ingest(
                InboundMessage(
                    channel="email",
                    identity_kind="email",
                    address=f"b{n}@example.ir",
                    text=BATTERY[i % 3],
                    external_id=f"<e2e-{n}@example.ir>",
                    sent_at=now - dt.timedelta(days=7 * (2 - week) + 1),
                )
            )
    return module_server


def test_lead_names_the_growing_problem_and_marks_it_fixed(site, browser):
    ctx = browser.new_context(viewport={"width": 375, "height": 800}, locale="fa-IR")
    page = ctx.new_page()
    page.goto(f"{site}/accounts/login/")
    page.fill("input[name=username]", "nasrin")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("form.stack button")
    page.goto(f"{site}/insights/problems/?weeks=4")
    first = page.locator(".pr-item").first
    expect(first).to_contain_text("باتری")
    expect(first.locator(".pr-weeks td")).to_have_count(4)
    first.locator("h2 a").click()
    page.fill("#pr-name", "باتری‌های باد کرده")
    page.get_by_role("button", name="ذخیرهٔ نام").click()
    expect(page.locator("h1")).to_have_text("باتری‌های باد کرده")
    page.get_by_role("button", name="ریشه رفع شد").click()
    expect(page.locator(".pr-fixed")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    ctx.close()
