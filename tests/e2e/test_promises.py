"""Promises in the browser: a vague promise is flagged under the composer with a rewording; the panel.

Set HAMDEL_SCREENSHOTS=dir to save the screens (laptop and phone).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

AXE = Path(settings.REPO_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("HAMDEL_SCREENSHOTS", "")
JALALI = re.compile(r"^[۰-۹]+ \S+ [۰-۹]{4}، [۰-۹]{2}:[۰-۹]{2}$")  # «۸ آذر ۱۴۰۵، ۱۳:۰۰»
REWORDED = re.compile(r"^سلام\. تا \S+ ساعت ۱۲ بررسی می‌کنیم\.$")


@pytest.fixture
def seeded(server):
    from django.utils import timezone

    from hamdel.accounts.models import Role
    from hamdel.accounts.services import user_create
    from hamdel.demo.promises import load_promises
    from hamdel.policies.promises.models import Promise

    agent = user_create(username="sara", password="s3cret-pass", display_name="سارا")
    lead = user_create(username="lead", password="s3cret-pass", role=Role.SUPERVISOR, display_name="نسرین")
    load_promises(agent, lead, timezone.now())
    conv = Promise.objects.get(conversation__customer__name="رضا نوروزی").conversation
    return server, conv


@pytest.mark.parametrize("width", [1280, 375])
def test_a_vague_promise_is_flagged_and_reworded_before_sending(browser, seeded, width):
    url, conv = seeded
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
    page = ctx.new_page()
    try:
        page.goto(f"{url}/accounts/login/")
        page.fill("input[name=username]", "sara")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("form.stack button")
        page.wait_for_url(f"{url}/")
        page.goto(f"{url}/c/{conv.number}/")
        # the panel lists the open promise with its Jalali due time in Persian digits
        panel = page.locator("#promises")
        expect(panel).to_contain_text("ظرف ۴۸ ساعت کاری")
        expect(panel.locator("time")).to_have_text(
            __import__("re").compile(r"^[۰-۹]+ \S+ [۰-۹]{4}، [۰-۹]{2}:[۰-۹]{2}$")
        )
        # when the agent writes a promise without a time
        page.fill("#composer-text", "")
        page.locator("#composer-text").press_sequentially("سلام. در اولین فرصت بررسی می‌کنیم.", delay=5)
        # (the reply coach may add remarks of its own: the promise's is the one about the time)
        finding = page.locator("#draft-findings .draft-finding[data-code=vague_promise]")
        # then a remark appears under the composer, with a concrete rewording
        expect(finding).to_have_count(1)
        expect(finding).to_contain_text("در اولین فرصت")
        expect(page.locator("#send")).to_be_enabled()  # advice, never a block
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        )
        assert not violations, [v["id"] for v in violations]
        if SHOTS:
            page.locator("#composer").scroll_into_view_if_needed()
            page.screenshot(path=f"{SHOTS}/promises-vague-flag-{width}.png", full_page=width > 400)
            if width > 400:
                page.screenshot(path=f"{SHOTS}/promises-panel-{width}.png", full_page=True)
            else:  # a phone's full page repeats the sticky top bar: the panel alone
                panel.screenshot(path=f"{SHOTS}/promises-panel-{width}.png")
        # when the agent takes the suggestion, the draft says when, and the remark goes away
        finding.locator(".draft-finding-use").click()
        expect(page.locator("#composer-text")).to_have_value(
            __import__("re").compile(r"^سلام\. تا \S+ ساعت ۱۲ بررسی می‌کنیم\.$")
        )
        expect(finding).to_have_count(0)
    finally:
        ctx.close()
