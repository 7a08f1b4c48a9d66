"""The public web form and the channel settings read well right-to-left, on a laptop and on a phone."""

from __future__ import annotations

import os

from playwright.sync_api import expect

from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.connectors.models import Inbox

SHOTS = os.environ.get("HAMDEL_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_web_form_and_settings_on_laptop_and_phone(server, browser):
    form = Inbox.objects.create(name="فرم پشتیبانی فروشگاه", kind="web_form")
    Inbox.objects.create(name="ربات تلگرام", kind="telegram", bot_token="x")
    Inbox.objects.create(name="ایمیل پشتیبانی", kind="email", email_addresses="support@shop.ir")
    user_create(username="admin", password="s3cret-pass", role=Role.ADMIN, display_name="نسرین")
    for width in (1280, 375):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{server}/channels/form/{form.key}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.click("#add-question")
        expect(page.locator(".question")).to_have_count(2)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        _shot(page, f"form-{width}.png")
        page.goto(f"{server}/accounts/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("button.btn-primary")
        page.goto(f"{server}/channels/settings/")
        expect(page.locator("h1")).to_have_text("کانال‌ها")
        expect(page.locator(".ch-card")).to_have_count(3)
        _shot(page, f"settings-{width}.png")
        page.close()
