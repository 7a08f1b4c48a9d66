"""On a phone (375 px) the reply box stays in reach, tabs are whole, a long link does not widen the page."""

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage

LONG_LINK = "https://pay.shop.example.ir/receipt/verify?ref=" + "A7F3C9D2E1B04F6A8C3D5E7F9" * 4


def _long_conversation() -> Conversation:
    """A customer who wrote twenty times, once with a long bank link and a card number."""
    for i in range(20):
        text = f"پیام شمارهٔ {i}: سفارشم هنوز نرسیده و نگرانم." * 3
        if i == 10:
            text = f"رسید پرداخت: {LONG_LINK} کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵۶۶۷۷۸۸۹۹"
        result = ingest(
            InboundMessage(
                channel="chat",
                identity_kind="chat",
                address="visitor-375",
                customer_name="نیلوفر",
                text=text,
                external_id=f"phone-{i}",
                thread_key="phone-thread",
            )
        )
    return Conversation.objects.get(pk=result.conversation_id)


def _phone_page(browser, server):
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    page.wait_for_url(f"{server}/")
    return page


def _page_is_not_wider_than_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_phone_composer_stays_on_screen_over_a_long_history(server, browser):
    conv = _long_conversation()
    page = _phone_page(browser, server)
    page.goto(f"{server}/c/{conv.number}/")
    composer = page.locator("#composer-text")
    # at the top of a long history the reply box is already on screen (not below twenty messages)
    expect(composer).to_be_in_viewport()
    first = page.locator("#timeline li").first
    expect(first).to_be_in_viewport()
    page.mouse.wheel(0, 1500)
    expect(composer).to_be_in_viewport()
    _page_is_not_wider_than_the_screen(page)
    # the file picker speaks Persian: a labelled button, and the chosen file names under it
    attach = page.locator("label.attach")
    expect(attach).to_contain_text("پیوست فایل")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "رسید.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
    )
    expect(page.locator("#attach-list")).to_contain_text("رسید.pdf")


def test_phone_inbox_tabs_are_whole_and_a_long_subject_does_not_widen_it(server, browser):
    ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="long@example.ir",
            customer_name="بهرام",
            text=LONG_LINK,
            subject=f"پرداخت شد ولی ثبت نشد {LONG_LINK}",
            external_id="long-subject",
        )
    )
    page = _phone_page(browser, server)
    _page_is_not_wider_than_the_screen(page)
    for tab in page.locator(".sidebar .views a").all():
        box = tab.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, tab.inner_text()
