"""A visitor chats through the widget on a shop's page while an agent answers from the inbox, live."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation, Message


@pytest.fixture
def hamdel(server):
    """The real ASGI app (config.asgi routes the visitor's chat socket beside the agents' live socket)."""
    return server


@pytest.fixture
def shop_page(hamdel):
    """Somebody else's website with the one-line snippet on it."""
    inbox = Inbox.objects.create(name="فروشگاه نمونه", kind="chat", greeting="سلام! چطور کمکتان کنیم؟")
    html = (
        '<!doctype html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>فروشگاه</title>'
        "<body><h1>فروشگاه نمونه</h1>"
        f'<script src="{hamdel}/static/connectors/widget.js" data-inbox="{inbox.key}" async></script>'
        "</body></html>"
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", inbox
    httpd.shutdown()


def test_visitor_and_agent_talk_both_ways(hamdel, shop_page, browser):
    url, _inbox = shop_page
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    visitor = browser.new_context(viewport={"width": 375, "height": 740})
    agent = browser.new_context(viewport={"width": 1280, "height": 800})

    # the visitor opens the widget on the shop's page and writes
    page = visitor.new_page()
    page.goto(url)
    page.click(".hamdel-chat-btn")
    chat = page.frame_locator(".hamdel-chat-frame")
    expect(chat.locator("html")).to_have_attribute("dir", "rtl")
    expect(chat.locator(".chat-status")).to_contain_text("آنلاین")
    expect(chat.locator("#chat")).to_have_attribute("data-live", "on", timeout=10_000)
    chat.locator("#chat-text").fill("سلام، سفارش ۵۵۱ کی می‌رسد؟")
    chat.locator(".chat-send").click()
    expect(chat.locator(".bubble.mine:not(.sending)")).to_contain_text("سفارش ۵۵۱")

    # the agent sees it in the inbox and answers
    desk = agent.new_page()
    desk.goto(f"{hamdel}/accounts/login/")
    desk.fill("input[name=username]", "sara")
    desk.fill("input[name=password]", "s3cret-pass")
    desk.click("button.btn-primary")
    expect(desk.locator("#conv-list")).to_contain_text("سفارش ۵۵۱")
    desk.locator(".conv-link", has_text="سفارش ۵۵۱").click()
    # Ctrl+Enter is wired by the page's script: wait until the page is live, as an agent would see it
    expect(desk.locator("#timeline")).to_be_visible()
    expect(desk.locator("body")).to_have_attribute("data-live", "on", timeout=10_000)
    desk.fill("#composer-text", "سلام! فردا صبح به دستتان می‌رسد.")
    desk.keyboard.press("Control+Enter")
    expect(desk.locator("#timeline")).to_contain_text("فردا صبح", timeout=10_000)

    # the answer appears in the visitor's widget without a reload
    expect(chat.locator(".bubble.theirs")).to_contain_text("فردا صبح به دستتان می‌رسد", timeout=10_000)
    expect(chat.locator(".bubble.theirs .who")).to_contain_text("سارا")

    # the visitor writes again; it joins the same conversation, and comes back recognised
    chat.locator("#chat-text").fill("ممنون 🌷")
    chat.locator("#chat-text").press("Enter")
    expect(desk.locator("#timeline")).to_contain_text("ممنون", timeout=10_000)
    assert Conversation.objects.filter(channel="chat").count() == 1
    page.reload()
    page.click(".hamdel-chat-btn")
    expect(chat.locator(".bubble.theirs")).to_contain_text("فردا صبح")
    assert Message.objects.filter(channel="chat", direction="in").count() == 2
    visitor.close()
    agent.close()


def test_when_nobody_is_online_the_widget_asks_for_contact_details(hamdel, shop_page, browser):
    url, _inbox = shop_page
    user = user_create(username="sara", password="s3cret-pass")
    user.is_available = False
    user.save()
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(url)
    page.click(".hamdel-chat-btn")
    chat = page.frame_locator(".hamdel-chat-frame")
    expect(chat.locator(".chat-status")).to_contain_text("کسی آنلاین نیست")
    chat.locator("#chat-name").fill("لیلا")
    chat.locator("#chat-contact").fill("09351234567")
    chat.locator("#chat-text").fill("لطفا با من تماس بگیرید")
    chat.locator(".chat-send").click()
    expect(chat.locator(".bubble.mine:not(.sending)")).to_contain_text("تماس بگیرید")
    conv = Conversation.objects.get(channel="chat")
    assert conv.customer.name == "لیلا"
    assert conv.customer.identities.filter(kind="phone", address="+989351234567").exists()
