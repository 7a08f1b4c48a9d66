"""Every staff and public page passes axe-core (WCAG 2.1 AA) on a laptop and on a phone, with demo data.

axe-core is read at test time from the npm package (node_modules/axe-core/axe.min.js); it is never copied
into the repository. One browser, one server and one demo load serve the whole module.
Set HAMDEL_SCREENSHOTS=dir to also save a screenshot of every page checked.
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
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [1280, 375]
SHOTS = os.environ.get("HAMDEL_SCREENSHOTS", "")
ADMIN, PASSWORD = "admin", "hamdel-demo"

STAFF = [
    ("inbox", "/"),
    ("inbox-by-sla", "/?sort=sla"),
    ("conversation", "/c/{conversation}/"),
    ("conversation-promises", "/c/{promises}/"),
    ("customers", "/customers/"),
    ("customer", "/customers/{customer}/"),
    ("customer-erase", "/customers/{customer}/erase/"),
    ("audit-log", "/settings/audit/"),
    ("feedback", "/feedback/"),
    ("survey-builder", "/feedback/surveys/new/"),
    ("survey-edit", "/feedback/surveys/{survey}/edit/"),
    ("survey-results", "/feedback/surveys/{survey}/"),
    ("cards", "/feedback/cards/"),
    ("calls", "/feedback/calls/"),
    ("ideas-admin", "/feedback/board/"),
    ("idea-admin", "/feedback/board/{idea}/"),
    ("listening", "/feedback/listening/"),
    ("audits", "/feedback/audits/"),
    ("focus-groups", "/feedback/focus-groups/"),
    ("returns", "/policies/returns/"),
    ("conversation-with-return", "/c/{return_conversation}/"),
    ("customer-with-orders", "/customers/{return_customer}/"),
    ("channels", "/channels/settings/"),
    ("channel-edit", "/channels/settings/{inbox}/"),
    ("password", "/accounts/password/"),
    ("canned-replies", "/settings/canned-replies/?q=سفارش"),
    ("canned-reply-preview", "/settings/canned-replies/{canned}/?conversation={conversation}"),
    ("calendars", "/policies/calendars/"),
    ("calendar-edit", "/policies/calendars/{calendar}/"),
    ("calendar-holidays", "/policies/calendars/{calendar}/holidays/?year=1406"),
    ("sla-policies", "/policies/sla/"),
    ("sla-policy", "/policies/sla/{sla_policy}/"),
    ("automation-rules", "/automation/rules/"),
    ("automation-rule-form", "/automation/rules/new/"),
    ("remedy-conversation", "/c/{remedy_conversation}/"),
    ("remedy-approvals", "/policies/remedies/"),
    ("remedy-customer", "/customers/{remedy_customer}/"),
    ("authority-limits", "/policies/remedies/limits/"),
    ("shield-conversation", "/c/{shield_conversation}/"),
    ("shield-settings", "/coach/shield/settings/"),
    ("system-status", "/settings/status/"),
    ("bot-settings", "/settings/bot/"),
    ("webhooks", "/automation/webhooks/"),
    ("webhook", "/automation/webhooks/{webhook}/"),
    ("notifications", "/notifications/"),
    ("coaching", "/coach/review/"),
    ("coaching-team", "/coach/review/team/{coach_team}/"),
    ("playbook", "/coach/playbook/"),
    ("playbook-search", "/coach/playbook/?q=گرونه"),
    ("playbook-entry", "/coach/playbook/{playbook_entry}/"),
    ("conversation-playbook", "/c/{playbook_conversation}/"),
    ("kb-list", "/kb/"),
    ("kb-search", "/kb/?q=میخوام کالا رو پس بدم"),
    ("kb-article", "/kb/{kb_article}/"),
    ("kb-edit", "/kb/{kb_article}/edit/"),
    ("kb-misses", "/kb/misses/"),
    ("kb-categories", "/kb/categories/"),
    ("insights", "/insights/"),
    ("insights-teams", "/insights/teams/"),
    ("insights-channels", "/insights/channels/"),
    ("insights-surveys", "/insights/surveys/"),
    ("problems", "/insights/problems/"),
    ("problem", "/insights/problems/{problem}/"),
    ("journey", "/insights/journey/?period=last30&stage=delivery&emotion=anger"),
    ("journey-stage", "/insights/journey/stages/{journey_stage}/"),
    ("loyalty", "/insights/loyalty/?period=last30"),
    ("admin-index", "/admin/"),
    ("admin-conversations", "/admin/conversations/conversation/"),
    ("admin-conversation", "/admin/conversations/conversation/{conversation_pk}/change/"),
    ("admin-users", "/admin/accounts/user/"),
    ("admin-user", "/admin/accounts/user/{user_pk}/change/"),
    ("admin-customer", "/admin/customers/customer/{customer}/change/"),
    ("admin-survey", "/admin/feedback/survey/{survey}/change/"),
    ("admin-deliveries", "/admin/conversations/delivery/"),
    ("admin-responses", "/admin/feedback/response/"),
]
PUBLIC = [
    ("login", "/accounts/login/"),
    ("survey", "/feedback/l/{survey_key}/"),
    ("survey-card", "/feedback/c/{card_key}/"),
    ("ideas", "/feedback/ideas/"),
    ("idea", "/feedback/ideas/{idea}/"),
    ("web-form", "/channels/form/{form_key}/"),
    ("form-tracking", "{tracking}"),
    ("chat-widget", "/channels/chat/{chat_key}/"),
    ("help-centre", "/help/"),
    ("help-results", "/help/?q=میخوام کالا رو پس بدم"),
    ("help-nothing-found", "/help/?q=ارسال به کیش"),
    ("help-category", "/help/c/{kb_category}/"),
    ("help-article", "/help/a/{kb_slug}/"),
]


def _seed() -> dict[str, object]:
    """The demo, smaller: every kind of row the pages show (notes, deliveries, analysis, surveys, ideas)."""
    from django.db.models import Count

    from hamdel.automation.webhooks.models import WebhookSubscription
    from hamdel.coach.playbook.models import PlaybookEntry
    from hamdel.coach.review.models import CoachDecision
    from hamdel.connectors.models import Inbox
    from hamdel.conversations.models import CannedReply, Conversation, Message
    from hamdel.core.models import Calendar
    from hamdel.demo.loader import load_demo
    from hamdel.feedback.models import Idea, Location, Survey
    from hamdel.insights.problems.models import JourneyStage, Problem
    from hamdel.knowledge.models import Article
    from hamdel.policies.promises.models import Promise
    from hamdel.policies.remedies.models import Remedy
    from hamdel.policies.sla.models import SlaPolicy

    load_demo(conversations=40, customers=12)
    note = Message.objects.filter(kind="note").select_related("conversation").first()
    conv = note.conversation
    survey = Survey.objects.first()
    card = Location.objects.create(branch="شعبهٔ ونک", counter="باجهٔ ۲", survey=survey)
    from hamdel.policies.returns.models import Return

    ret = Return.objects.filter(conversation__isnull=False).select_related("conversation").first()
    return {
        "return_conversation": ret.conversation.number,
        "return_customer": ret.customer_id,
        "conversation": conv.number,
        "conversation_pk": conv.pk,
        "user_pk": conv.assignee_id or note.author_id,
        "customer": conv.customer_id,
        "survey": survey.pk,
        "survey_key": survey.public_key,
        "card_key": card.key,
        "idea": Idea.objects.order_by("-pk").first().pk,
        "inbox": Inbox.objects.first().pk,
        "form_key": Inbox.objects.get(kind="web_form").key,
        "chat_key": Inbox.objects.get(kind="chat").key,
        "calendar": Calendar.objects.get(is_default=True).pk,
        "canned": CannedReply.objects.get(shortcut="order", owner__isnull=True).pk,
        "sla_policy": SlaPolicy.objects.first().pk,
        "webhook": WebhookSubscription.objects.first().pk,
        "promises": Promise.objects.filter(status="open")
        .select_related("conversation")
        .first()
        .conversation.number,
        # an abusive customer: masked words, the reveal button, the shield panel
        "shield_conversation": Conversation.objects.get(thread_key="demo-shield-1").number,
        # a conversation with a remedy waiting: the panel shows approve and reject to the admin
        "remedy_conversation": Remedy.objects.get(status="pending_approval").conversation.number,
        "remedy_customer": Remedy.objects.get(status="pending_approval").conversation.customer_id,
        # the team with the most coach decisions: its per-person page has rows
        "coach_team": (
            CoachDecision.objects.exclude(team=None)
            .values("team_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
            or {"team_id": 0}  # no decisions: the page of conversations without a team
        )["team_id"],
        # the demo customer who hesitates over the price: the playbook panel suggests an entry
        "playbook_entry": PlaybookEntry.objects.first().pk,
        # a public demo article with related articles and votes
        "kb_article": Article.objects.get(title="شرایط بازگشت کالا").pk,
        "kb_slug": Article.objects.get(title="شرایط بازگشت کالا").slug,
        "kb_category": Article.objects.get(title="شرایط بازگشت کالا").category.slug,
        # the demo's growing complaint (swollen batteries) and a journey stage to edit
        "problem": Problem.objects.order_by("pk").first().pk,
        "journey_stage": JourneyStage.objects.get(key="delivery").pk,
        "playbook_conversation": conv.__class__.objects.get(customer__name="کامران یزدانی").number,
    }


@pytest.fixture(scope="module")
def site(module_server, browser):
    """The demo site, plus a web-form request sent by a customer (for its tracking page)."""
    ids = _seed()
    page = browser.new_page()
    page.goto(f"{module_server}/channels/form/{ids['form_key']}/")
    page.fill("#id_name", "لیلا کاظمی")
    page.fill("#id_phone", "09121234567")
    page.select_option("#id_problem_type", index=1)
    page.fill("#q0", "کتری آبی سفارش دادم، قرمز رسید. لطفاً عوضش کنید.")
    page.click("#guided-form button[type=submit]")
    ids["tracking"] = page.locator("a[href*='/form/t/']").first.get_attribute("href")
    page.close()
    return module_server, ids


@pytest.fixture(scope="module")
def contexts(site, browser):
    """A signed-in admin and an anonymous visitor at each width, reused by every page check."""
    url, _ids = site
    made = {}
    for width in WIDTHS:
        for who in ("staff", "public"):
            ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
            if who == "staff":
                page = ctx.new_page()
                page.goto(f"{url}/accounts/login/")
                page.fill("input[name=username]", ADMIN)
                page.fill("input[name=password]", PASSWORD)
                page.click("form.stack button")
                page.wait_for_url(f"{url}/")
                page.close()
            made[(who, width)] = ctx
    yield made
    for ctx in made.values():
        ctx.close()


def _axe(page) -> list[dict]:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (axe-core is an npm dependency in package.json)"
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        TAGS,
    )


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


def _check(contexts, site, who: str, name: str, path: str, width: int) -> None:
    url, ids = site
    page = contexts[(who, width)].new_page()
    try:
        page.goto(url + path.format(**ids), wait_until="load")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        violations = _axe(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/a11y-{name}-{width}.png", full_page=True)
        assert not violations, f"{name} at {width}px:\n{_report(violations)}"
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), STAFF, ids=[n for n, _p in STAFF])
def test_staff_page_has_no_axe_violations(contexts, site, name, path, width):
    _check(contexts, site, "staff", name, path, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path"), PUBLIC, ids=[n for n, _p in PUBLIC])
def test_public_page_has_no_axe_violations(contexts, site, name, path, width):
    _check(contexts, site, "public", name, path, width)


def _focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return e.tagName + (e.id ? '#' + e.id : '') "
        "+ (e.dataset.id ? '[' + e.dataset.id + ']' : ''); }"
    )


def test_focus_follows_the_agent_through_a_conversation(contexts, site):
    # given an agent on the inbox, using the keyboard
    url, ids = site
    page = contexts[("staff", 1280)].new_page()
    page.goto(f"{url}/c/{ids['conversation']}/")
    # when the conversation opens, then focus is on its heading, not lost on the page body
    assert _focused(page).startswith("H1")
    page.keyboard.press("r")
    assert _focused(page) == "TEXTAREA#composer-text"
    # when the agent sends a reply
    page.keyboard.type("سلام، سفارشتان را پیگیری کردم.")
    page.keyboard.press("Control+Enter")
    page.wait_for_load_state("load")
    # then focus lands on the new message, and the confirmation is announced
    last = page.locator("#timeline .msg-out").last
    expect(last).to_be_focused()
    expect(last).to_contain_text("سفارشتان را پیگیری کردم")
    flash = page.locator(".flash").inner_text().strip()
    assert flash
    expect(page.locator("#announcer[aria-live=polite]")).to_have_text(flash)
    page.close()


def test_every_admin_list_has_no_axe_violations(contexts, site):
    # given every model an admin can open, when each list is shown on a laptop, then axe finds nothing
    from django.contrib import admin

    url, _ids = site
    page = contexts[("staff", 1280)].new_page()
    found = []
    for model in admin.site._registry:
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = page.goto(url + path)
        if response.status != 200:
            found.append(f"{path}: HTTP {response.status}")
        elif violations := _axe(page):
            found.append(f"{path}:\n{_report(violations)}")
    page.close()
    assert not found, "\n".join(found)


def test_the_canned_picker_finds_inserts_and_passes_axe(contexts, site):
    # given an agent writing in a conversation, on a phone
    url, ids = site
    page = contexts[("staff", 375)].new_page()
    page.goto(f"{url}/c/{ids['conversation']}/")
    # when they search the canned replies with a spelling of their own and the list is open
    page.fill("#canned-q", "پيگيري")  # Arabic ي: still found
    option = page.locator("#canned-results [role=option]").first
    expect(option).to_contain_text("پیگیری سفارش")
    expect(page.locator("#canned-q")).to_have_attribute("aria-expanded", "true")
    violations = _axe(page)
    assert not violations, _report(violations)
    # a search that finds nothing says so, and the list is still valid
    page.fill("#canned-q", "واژه‌ای-که-نیست")
    expect(page.locator("#canned-results .none")).to_be_visible()
    violations = _axe(page)
    assert not violations, _report(violations)
    page.fill("#canned-q", "پيگيري")
    expect(option).to_contain_text("پیگیری سفارش")
    # then the arrow keys and Enter insert the reply, filled for this conversation
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    text = page.locator("#composer-text")
    expect(text).to_be_focused()
    expect(text).to_have_value(re.compile("پیگیری کردم"))
    filled = text.input_value()
    assert str(ids["conversation"]) in filled and "{{" not in filled and "  " not in filled
    page.close()
