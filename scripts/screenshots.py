"""Take screenshots of the main pages at laptop and phone widths (for docs and review)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
USER, PASSWORD = "agent", "hamdel-demo"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for label, width, height in (("laptop", 1280, 800), ("phone", 375, 812)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{BASE}/accounts/login/")
            page.fill("input[name=username]", USER)
            page.fill("input[name=password]", PASSWORD)
            page.click("button.btn-primary")
            page.wait_for_url(f"{BASE}/")
            page.screenshot(path=OUT / f"inbox-{label}.png", full_page=False)
            href = page.locator(".conv-link").first.get_attribute("href")
            page.goto(BASE + href)
            page.screenshot(path=OUT / f"conversation-{label}.png", full_page=label == "phone")
            page.locator(".thread-head a[href*='/customers/']").first.click()
            page.screenshot(path=OUT / f"customer-{label}.png", full_page=False)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
