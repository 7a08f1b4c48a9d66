"""A supervisor opens the insights overview on a laptop and on a phone: Persian figures, drawn charts, a
period chosen from the filter bar, no axe violations, nothing scrolling sideways at 375 px."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import conversation_set_status, ingest, reply
from hamdel.conversations.types import InboundMessage
from hamdel.insights.rollups import rollups_flush

AXE = Path(settings.REPO_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("HAMDEL_INSIGHTS_SHOTS", "")


def _history() -> None:
    """Ten conversations over the last days, half answered and resolved (the listeners run inline)."""
    agent = user_create(username="sara", password="s3cret-pass", display_name="سارا")
    now = dt.datetime.now(dt.UTC)
    for i in range(10):
        result = ingest(
            InboundMessage(
                channel=("email", "telegram")[i % 2],
                identity_kind=("email", "telegram")[i % 2],
                address=f"c{i}@example.ir" if i % 2 == 0 else f"tg{i}",
                text="سفارشم هنوز نرسیده، لطفا پیگیری کنید",
                external_id=f"e2e-ins-{i}",
                sent_at=now - dt.timedelta(days=i % 4, hours=2),
            )
        )
        if i % 2 == 0:
            conv = Conversation.objects.get(pk=result.conversation_id)
            reply(conversation=conv, author=agent, text="پیگیری شد، فردا می‌رسد.")
            conversation_set_status(conversation=conv, status="resolved", actor=agent)
    rollups_flush()


@pytest.mark.parametrize("width", [1280, 375])
def test_overview_in_persian_with_charts_and_no_axe_violations(server, browser, width):
    # given a supervisor and a few days of conversations
    user_create(username="lead", password="s3cret-pass", role=Role.SUPERVISOR)
    _history()
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="fa-IR")
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "lead")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("form.stack button")
    page.wait_for_url(f"{server}/")
    # when they open Insights from the main menu and choose the last 30 days
    page.get_by_role("link", name="گزارش‌ها").first.click()
    page.locator("select[name=period]").select_option("last30")
    page.get_by_role("button", name="نمایش گزارش").click()
    # then the cards show Persian figures and the charts are drawn
    cards = page.locator(".in-card")
    expect(cards.first).to_contain_text("پیام‌های مشتری")
    expect(cards.first.locator("b")).to_have_text("۱۰")
    expect(page.locator("[data-metric=fcr_rate] b")).to_have_text("۱۰۰٪")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('volume-chart') && Chart.getChart('sentiment-chart')"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # and the page passes axe-core
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
    )
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/ins-overview-e2e-{width}.png", full_page=True)
    # when an impossible range is asked for, the page explains it in Persian, without a chart
    page.goto(f"{server}/insights/?period=custom&from=2026-12-10&to=2026-12-01")
    expect(page.get_by_role("alert")).to_contain_text("جابه‌جا")
    page.close()
