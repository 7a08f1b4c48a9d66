"""An admin builds a rule on a phone (375 px): adds a condition and an action row with the form's script,
removes one, picks values that fit the action, saves — in Persian, nothing scrolls sideways."""

from playwright.sync_api import expect

from hamdel.accounts.models import Team
from hamdel.accounts.services import user_create
from hamdel.automation.rules.models import Rule


def test_admin_builds_a_rule_with_added_rows_on_a_phone(server, browser):
    # given an admin signed in on a phone and a team
    user_create(username="boss", password="s3cret-pass", role="admin")
    team = Team.objects.create(name="نگهداشت")
    page = browser.new_page(viewport={"width": 375, "height": 800}, locale="fa-IR")
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "boss")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("form.stack button")
    page.wait_for_url(f"{server}/")
    # when they open a new rule: one blank row each (the script removed the spare no-JS rows)
    page.goto(f"{server}/automation/rules/new/")
    expect(page.locator('.rule-rows[data-prefix="c"] > li')).to_have_count(1)
    page.get_by_label("نام").fill("لغو سفارش")
    page.locator("select[name=c-0-field]").select_option("text")
    page.locator("input[name=c-0-value]").fill("لغو")
    # two more action rows, then the middle one removed: names stay a-0, a-1
    page.get_by_role("button", name="افزودن کار").click()
    page.get_by_role("button", name="افزودن کار").click()
    page.locator('.rule-rows[data-prefix="a"] > li').nth(1).get_by_role("button", name="حذف").click()
    expect(page.locator('.rule-rows[data-prefix="a"] > li')).to_have_count(2)
    page.locator("select[name=a-0-type]").select_option("assign_team")
    # only the teams are offered for a team action, and the text box is hidden
    expect(page.locator("select[name=a-0-choice] optgroup:not([hidden])")).to_have_count(1)
    expect(page.locator("input[name=a-0-text]")).to_be_hidden()
    page.locator("select[name=a-0-choice]").select_option(f"team:{team.pk}")
    page.locator("select[name=a-1-type]").select_option("add_note")
    expect(page.locator("select[name=a-1-choice]")).to_be_hidden()
    page.locator("input[name=a-1-text]").fill("مشتری می‌خواهد لغو کند")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="ذخیره‌ی قاعده").click()
    # then the rule is listed and saved as built
    expect(page.locator("table")).to_contain_text("لغو سفارش")
    rule = Rule.objects.get()
    assert rule.conditions == {"all": [{"field": "text", "op": "contains", "value": "لغو"}]}
    assert rule.actions == [
        {"type": "assign_team", "value": team.pk, "round_robin": True},
        {"type": "add_note", "value": "مشتری می‌خواهد لغو کند"},
    ]
    page.close()
