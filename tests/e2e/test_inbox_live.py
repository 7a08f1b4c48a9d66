"""An agent logs in, opens the inbox, replies, and sees a new customer message arrive without reloading."""

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Delivery, Message
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage


def _customer_writes(text: str, external_id: str) -> None:
    ingest(
        InboundMessage(
            channel="api",
            identity_kind="handle",
            address="crm-9",
            customer_name="پریسا",
            text=text,
            external_id=external_id,
            thread_key="crm-thread-9",
        )
    )


def test_agent_replies_and_sees_new_message_live(server, browser):
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    _customer_writes("سلام، کد تخفیفم کار نمی‌کند", "e2e-1")

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    expect(page.locator("#conv-list")).to_contain_text("کد تخفیفم کار نمی‌کند")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # the inbox updates live when another customer writes
    expect(page.locator("body")).to_have_attribute("data-live", "on")
    ingest(
        InboundMessage(
            channel="sms",
            identity_kind="phone",
            address="09125550000",
            customer_name="کیان",
            text="بستهٔ من کجاست؟",
            external_id="e2e-sms",
        )
    )
    expect(page.locator("#conv-list")).to_contain_text("بستهٔ من کجاست؟", timeout=10_000)

    page.locator(".conv-link", has_text="کد تخفیفم").click()
    page.fill("#composer-text", "سلام پریسا جان، کد تازه برایتان فرستادم.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#timeline")).to_contain_text("کد تازه برایتان فرستادم")
    assert Delivery.objects.get(message__text__contains="کد تازه").status == "sent"

    # the customer answers; the message appears in the open conversation without a reload
    expect(page.locator("body")).to_have_attribute("data-live", "on")
    url_before = page.url
    _customer_writes("ممنون، درست شد!", "e2e-2")
    expect(page.locator("#timeline")).to_contain_text("ممنون، درست شد!", timeout=10_000)
    assert page.url == url_before
    assert Message.objects.filter(text="ممنون، درست شد!").count() == 1


def test_inbox_is_usable_on_a_phone(server, browser):
    user_create(username="sara", password="s3cret-pass")
    _customer_writes("سلام از موبایل", "e2e-m")
    page = browser.new_page(viewport={"width": 375, "height": 812})
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    expect(page.locator("#conv-list")).to_contain_text("سلام از موبایل")
    # nothing runs off the side of a phone screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_agents_see_each_other_on_the_same_conversation(server, browser):
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    user_create(username="kaveh", password="s3cret-pass", display_name="کاوه")
    _customer_writes("سلام، فاکتورم اشتباه است", "e2e-c1")
    conv_url = None
    pages = {}
    for name in ("sara", "kaveh"):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(f"{server}/accounts/login/")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", "s3cret-pass")
        page.click("button.btn-primary")
        conv_url = conv_url or server + page.locator(".conv-link").first.get_attribute("href")
        page.goto(conv_url)
        expect(page.locator("body")).to_have_attribute("data-live", "on")
        pages[name] = page
    expect(pages["sara"].locator("#presence")).to_contain_text("کاوه هم این گفتگو را باز کرده است")
    expect(pages["kaveh"].locator("#presence")).to_contain_text("سارا هم این گفتگو را باز کرده است")
    pages["kaveh"].fill("#composer-text", "")
    pages["kaveh"].type("#composer-text", "سلام")
    expect(pages["sara"].locator("#presence")).to_contain_text("کاوه در حال نوشتن پاسخ است")
