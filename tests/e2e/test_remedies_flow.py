"""An agent's refund above their authority, approved by the team lead in one click, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.policies.remedies.models import Remedy

PASSWORD = "s3cret-pass"


def _sign_in(browser, url: str, username: str, width: int):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
    page = ctx.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button")
    page.wait_for_url(f"{url}/")
    return ctx, page


@pytest.mark.parametrize("width", [1280, 375])
def test_a_refund_above_the_agents_limit_waits_and_the_lead_approves_it(server, browser, width):
    # given an agent, a team lead and a customer's conversation
    user_create(username="sara", password=PASSWORD, display_name="سارا")
    user_create(username="lead", password=PASSWORD, role="supervisor", display_name="نسرین")
    result = ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="ali@example.ir",
            customer_name="علی",
            text="کالا شکسته رسید؛ پولم را پس بدهید",
            external_id="<r-1@example.ir>",
        )
    )
    number = Conversation.objects.get(pk=result.conversation_id).number
    # when the agent types a refund of 7,500,000 rials in Persian digits
    ctx, page = _sign_in(browser, server, "sara", width)
    page.goto(f"{server}/c/{number}/")
    panel = page.locator("#remedies")
    panel.locator("select[name=kind]").select_option("refund")
    amount = panel.locator("input[name=amount]")
    amount.press_sequentially("۷۵۰۰۰۰۰")
    # then the box groups the thousands as they type
    expect(amount).to_have_value("۷٬۵۰۰٬۰۰۰")
    panel.locator("textarea[name=note]").fill("بازپرداخت کامل")
    panel.get_by_role("button", name="ثبت پیشنهاد").click()
    # and, above their 5,000,000-rial limit, it waits for approval
    expect(page.locator(".flash")).to_contain_text("منتظر تأیید سرپرست")
    expect(page.locator("#remedies .rem-status")).to_have_text("در انتظار تأیید")
    expect(page.locator("#remedies")).to_contain_text("۷٬۵۰۰٬۰۰۰ ریال")
    ctx.close()
    # when the team lead follows the count in the menu and approves with one click
    ctx, page = _sign_in(browser, server, "lead", width)
    page.get_by_role("link", name="تأییدها (۱)").click()
    page.get_by_role("button", name="تأیید", exact=True).click()
    # then it is approved, and nothing waits any more
    expect(page.locator(".flash")).to_contain_text("جبران تأیید شد")
    expect(page.get_by_role("link", name="تأییدها", exact=True)).to_be_visible()
    assert Remedy.objects.get().status == "approved"
    ctx.close()
