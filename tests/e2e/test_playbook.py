"""The playbook in the browser: the suggested objection and a search from the panel put an answer into the
reply box; a team lead searches the playbook page as they type. Laptop and phone.

Set HAMDEL_SCREENSHOTS=dir to save the screens.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("HAMDEL_SCREENSHOTS", "")


@pytest.fixture
def seeded(server):
    from hamdel.accounts.models import Role
    from hamdel.accounts.services import user_create
    from hamdel.conversations.models import Conversation
    from hamdel.demo.playbook import load_playbook

    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    lead = user_create(username="lead", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")
    load_playbook(lead=lead)
    conv = Conversation.objects.get(customer__name="کامران یزدانی")
    return server, conv


def _login(browser, url: str, who: str, width: int):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
    page = ctx.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", "s3cret-pass")
    page.click("form.stack button")
    page.wait_for_url(f"{url}/")
    return ctx, page


@pytest.mark.parametrize("width", [1280, 375])
def test_agent_inserts_the_suggested_and_a_searched_answer(browser, seeded, width):
    url, conv = seeded
    ctx, page = _login(browser, url, "sara", width)
    try:
        page.goto(f"{url}/c/{conv.number}/")
        panel = page.locator("#playbook")
        # the customer's «هزینهٔ اشتراک زیاده» is recognised: the software price objection is offered first
        suggestion = panel.locator(".pb-suggestion")
        expect(suggestion).to_contain_text("نرم‌افزار حسابداری گران است")
        if SHOTS:
            panel.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -80)")  # clear of the sticky header
            panel.screenshot(path=f"{SHOTS}/playbook-panel-{width}.png")
        suggestion.locator(".pb-insert").click()
        expect(page.locator("#composer-text")).to_have_value(__import__("re").compile("یک فنجان چای"))
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/playbook-conversation-{width}.png", full_page=True)
        # the agent searches another objection the way customers write it
        page.fill("#composer-text", "")
        panel.locator("#pb-panel-q").press_sequentially("گارانتیش کمه", delay=10)
        first = panel.locator("#pb-results .pb-hit").first
        expect(first).to_contain_text("گارانتی کوتاه است")
        if SHOTS:
            panel.screenshot(path=f"{SHOTS}/playbook-panel-search-{width}.png")
        first.locator(".pb-insert").click()
        expect(page.locator("#composer-text")).to_have_value(__import__("re").compile("گارانتی رسمی ۱۸ ماه"))
        # nothing was sent: inserting only fills the reply box
        assert not conv.messages.filter(direction="out").exists()
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_lead_searches_the_playbook_page_as_they_type(browser, seeded, width):
    url, _conv = seeded
    ctx, page = _login(browser, url, "lead", width)
    try:
        page.goto(f"{url}/coach/playbook/")
        rows = page.locator("#pb-entries tbody tr")
        expect(rows).to_have_count(33)
        page.locator("#pb-q").press_sequentially("رقيب", delay=20)  # Arabic yeh, as some keyboards type
        expect(rows.first).to_contain_text("رقیب ارزان‌تر می‌دهد")
        expect(page.locator("#pb-entries")).not_to_contain_text("منطقهٔ ما پوشش ندارد")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/playbook-page-{width}.png", full_page=True)
    finally:
        ctx.close()
