"""The knowledge base in the browser: a customer on a phone searches the help centre as they type, reads and
rates an article, and asks for a person with their search carried over; an agent inserts an article's link
into a reply and turns a reply into a draft article.

Set HAMDEL_SCREENSHOTS=dir to save the screens.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("HAMDEL_SCREENSHOTS", "")


@pytest.fixture
def seeded(server):
    from hamdel.accounts.models import Role
    from hamdel.accounts.services import user_create
    from hamdel.connectors.models import Inbox
    from hamdel.demo.knowledge import load_knowledge

    agent = user_create(username="sara", password="s3cret-pass", display_name="سارا")
    lead = user_create(username="lead", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")
    load_knowledge(lead=lead, agent=agent)
    form = Inbox.objects.create(name="فرم تماس", kind="web_form")
    return server, form, agent


def test_a_customer_on_a_phone_finds_rates_and_asks_with_the_search_carried(browser, seeded):
    from hamdel.knowledge.models import Article, SearchMiss

    url, _form, _agent = seeded
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, locale="fa-IR")
    page = ctx.new_page()
    try:
        page.goto(f"{url}/help/")
        # the page fits the phone: nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # typing as people type (no half-space, spoken form) finds the article as they type
        page.locator("#help-q").press_sequentially("میخوام کالا رو پس بدم", delay=15)
        first = page.locator("#help-live li a").first
        expect(first).to_have_text("شرایط بازگشت کالا")
        # the internal guide on the same subject never shows
        expect(page.locator("#help-live")).not_to_contain_text("راهنمای داخلی")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/kb-help-typing-375.png")
        first.click()
        expect(page.locator("h1")).to_have_text("شرایط بازگشت کالا")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # "was this helpful?" with a reason
        page.fill("#help-reason", "برای کالای دیجیتال چیزی نگفته")
        page.get_by_role("button", name="نه").click()
        expect(page.locator(".help-vote")).to_contain_text("سپاس")
        article = Article.objects.get(title="شرایط بازگشت کالا")
        assert article.votes.filter(helpful=False, reason="برای کالای دیجیتال چیزی نگفته").exists()
        # a search that finds nothing, then "still need help?" opens the form with the text in it
        page.goto(f"{url}/help/")
        page.locator("#help-q").press_sequentially("اشتراک طلایی ویژه", delay=15)
        expect(page.locator("#help-live")).to_contain_text("چیزی پیدا نشد")
        page.get_by_role("button", name="فرستادن پیام").click()
        expect(page.locator("#q0")).to_have_value("اشتراک طلایی ویژه")
        miss = SearchMiss.objects.get(key="اشتراک طلایی ویژه")
        assert (miss.misses, miss.contacts) == (1, 1)
    finally:
        ctx.close()


def test_an_agent_inserts_an_article_link_and_turns_a_reply_into_a_draft(browser, seeded):
    from hamdel.conversations.models import Conversation
    from hamdel.conversations.services import ingest
    from hamdel.conversations.services.replies import reply
    from hamdel.conversations.types import InboundMessage
    from hamdel.knowledge.models import Article

    url, _form, agent = seeded
    result = ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="neda@example.ir",
            customer_name="ندا",
            text="سلام، هزینه ارسال به شیراز چقدره؟",
            external_id="<kb-e2e@example.ir>",
        )
    )
    conv = Conversation.objects.get(pk=result.conversation_id)
    reply(conversation=conv, author=agent, text="برای شیراز ۶۵ هزار تومان است و بالای یک میلیون رایگان.")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = ctx.new_page()
    try:
        page.goto(f"{url}/accounts/login/")
        page.fill("input[name=username]", "sara")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("form.stack button")
        page.wait_for_url(f"{url}/")
        page.goto(f"{url}/c/{conv.number}/")
        panel = page.locator("#kb-panel")
        # the customer's question already offers the shipping-cost article
        offered = panel.locator(".kb-hit").first
        expect(offered).to_contain_text("هزینهٔ ارسال چقدر است؟")
        offered.locator(".kb-insert-link").click()
        expect(page.locator("#composer-text")).to_have_value(
            re.compile(r"هزینهٔ ارسال چقدر است؟: http://.*/help/a/")
        )
        # a search from the panel, and the article's text instead of its link
        page.fill("#composer-text", "")
        panel.locator("#kb-panel-q").press_sequentially("فاکتور رسمی", delay=10)
        hit = panel.locator("#kb-results .kb-hit").first
        expect(hit).to_contain_text("فاکتور رسمی با کد اقتصادی")
        if SHOTS:
            panel.screenshot(path=f"{SHOTS}/kb-composer-panel-1280.png")
        hit.locator(".kb-insert-text").click()
        expect(page.locator("#composer-text")).to_have_value(re.compile("کد اقتصادی را وارد کنید"))
        assert conv.messages.filter(direction="out").count() == 1  # inserting never sends
        # the agent's earlier reply becomes a draft article, opened for checking
        page.locator("li.msg-out .kb-to-draft").first.click()
        page.wait_for_url(re.compile(r"/kb/\d+/edit/"))
        draft = Article.objects.get(title="سلام، هزینه ارسال به شیراز چقدره؟")
        assert draft.visibility == "draft" and "۶۵ هزار" in draft.body
    finally:
        ctx.close()
