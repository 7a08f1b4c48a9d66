"""Under the Content-Security-Policy the pages still work: the inline handlers moved to behaviours.js."""

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage


def test_changing_the_status_submits_and_nothing_is_blocked_by_the_policy(server, browser):
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    result = ingest(
        InboundMessage(
            channel="api",
            identity_kind="handle",
            address="crm-7",
            customer_name="پریسا",
            text="سفارشم کجاست؟",
            external_id="csp-1",
        )
    )
    number = Conversation.objects.get(pk=result.conversation_id).number
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    page.goto(f"{server}/c/{number}/")
    assert page.evaluate("document.querySelector('[data-autosubmit]') !== null")
    # changing the status select submits its form (data-autosubmit), with no inline handler
    page.locator("select[name=status][data-autosubmit]").select_option("pending")
    expect(page.locator("select[name=status][data-autosubmit]")).to_have_value("pending")
    page.wait_for_load_state("networkidle")
    assert Conversation.objects.get(number=number).status == "pending"
    assert blocked == []
