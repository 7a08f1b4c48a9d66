"""An admin sets up the office's week and closes a day on a phone-width screen (375 px), in Persian."""

import datetime as dt

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.core.calendar import calendar_get


def test_admin_edits_hours_and_adds_an_exception_on_a_phone(server, browser):
    # given an admin signed in on a phone and the default calendar
    user_create(username="boss", password="s3cret-pass", role="admin")
    pk = calendar_get().pk
    page = browser.new_page(viewport={"width": 375, "height": 800}, locale="fa-IR")
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("form.stack button")
    page.wait_for_url(f"{server}/")
    # when they open the calendar from the settings hub and give Saturday a lunch break
    page.goto(f"{server}/policies/calendars/")
    page.get_by_role("link", name="ساعات کاری").first.click()
    page.get_by_label("شنبه", exact=True).fill("۰۹:۰۰ تا ۱۲:۰۰، ۱۳:۰۰ تا ۱۷:۰۰")
    page.get_by_role("button", name="ذخیره").click()
    # then the saved hours come back in Persian digits, and nothing scrolls sideways
    expect(page.get_by_label("شنبه", exact=True)).to_have_value("۰۹:۰۰ تا ۱۲:۰۰، ۱۳:۰۰ تا ۱۷:۰۰")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # when they close a Jalali date with a reason
    page.get_by_label("تاریخ", exact=True).fill("۱۴۰۶/۰۲/۰۱")
    page.get_by_label("علت").fill("انبارگردانی")
    page.get_by_role("button", name="افزودن استثنا").click()
    # then it is listed by its Jalali date and the calendar counts it
    expect(page.locator("#exceptions ~ .set-scroll")).to_contain_text("انبارگردانی")
    expect(page.locator("#exceptions ~ .set-scroll")).to_contain_text("۱ اردیبهشت ۱۴۰۶")
    assert not calendar_get(pk).is_working_day(dt.date(2027, 4, 21))
    assert calendar_get(pk).spans_on(dt.date(2027, 4, 24)) == ((540, 720), (780, 1020))  # a Saturday
    page.close()
