"""Remedies on the staff pages: the conversation panel, deciding in place, the approvals queue, the limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.core import money
from hamdel.policies.remedies import services
from hamdel.policies.remedies.models import AuthorityLimit, Remedy


@pytest.fixture
def conv(inbound: Callable[..., Any]) -> Conversation:
    return Conversation.objects.get(pk=inbound("گوشی خراب رسید").conversation_id)


@pytest.fixture
def lead_client(lead: User) -> Client:
    client = Client()
    client.force_login(lead)
    return client


@pytest.fixture
def admin_client(db: None) -> Client:
    client = Client()
    client.force_login(user_create(username="boss", password="s3cret-pass", role=Role.ADMIN))
    return client


def _page(client: Client, conv: Conversation) -> str:
    response = client.get(f"/c/{conv.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_agent_offers_a_refund_typed_with_persian_digits(agent_client, conv):
    # given the conversation page shows the remedies panel with its form
    html = _page(agent_client, conv)
    assert "پیشنهاد جبران" in html and "مبلغ (ریال)" in html
    # when the agent offers a refund of «۴٬۵۰۰٬۰۰۰» rials (within their 5,000,000 limit)
    response = agent_client.post(
        f"/policies/remedies/c/{conv.number}/offer/",
        {"kind": "refund", "amount": "۴٬۵۰۰٬۰۰۰", "note": "بازپرداخت هزینهٔ ارسال"},
        follow=True,
    )
    # then it is approved, and the panel and the timeline show it with Persian digits
    html = response.content.decode()
    assert "جبران تأیید شد" in html
    remedy = Remedy.objects.get()
    assert (remedy.amount, remedy.status) == (4_500_000, "approved")
    assert "۴٬۵۰۰٬۰۰۰ ریال" in html
    assert "تأییدشده" in html
    assert "سارا «بازپرداخت وجه ۴٬۵۰۰٬۰۰۰ ریال» را پیشنهاد داد" in html


def test_a_refused_offer_says_why_and_writes_nothing(agent_client, conv):
    response = agent_client.post(
        f"/policies/remedies/c/{conv.number}/offer/", {"kind": "refund", "amount": "-۵"}, follow=True
    )
    assert "مبلغ باید بیشتر از صفر باشد" in response.content.decode()
    assert not Remedy.objects.exists()


def test_above_the_limit_the_lead_sees_a_count_and_approves_in_place(agent, agent_client, lead_client, conv):
    # given an agent's refund above their limit
    response = agent_client.post(
        f"/policies/remedies/c/{conv.number}/offer/", {"kind": "refund", "amount": "12,000,000"}, follow=True
    )
    assert "منتظر تأیید سرپرست" in response.content.decode()
    remedy = Remedy.objects.get()
    assert remedy.status == "pending_approval"
    # then the agent sees it waiting, with no approve button
    html = _page(agent_client, conv)
    assert "در انتظار تأیید" in html and f"/policies/remedies/{remedy.pk}/decide/" not in html
    # and the team lead's menu counts it, the queue lists it, and the conversation offers the decision
    queue = lead_client.get("/policies/remedies/").content.decode()
    assert "تأییدها (۱)" in queue
    assert "۱۲٬۰۰۰٬۰۰۰ ریال" in queue and f"#{conv.number}" in queue.replace("#۱", "#1")
    assert f"/policies/remedies/{remedy.pk}/decide/" in _page(lead_client, conv)
    # when the lead approves with one click from the conversation
    response = lead_client.post(
        f"/policies/remedies/{remedy.pk}/decide/",
        {"decision": "approve", "next": f"/c/{conv.number}/#remedies"},
    )
    # then they are back on the conversation, it is approved, and nothing waits any more
    assert response.status_code == 302 and response["Location"] == f"/c/{conv.number}/#remedies"
    remedy.refresh_from_db()
    assert remedy.status == "approved" and remedy.decided_by is not None
    html = _page(lead_client, conv)
    assert "نسرین «بازپرداخت وجه ۱۲٬۰۰۰٬۰۰۰ ریال» را تأیید کرد" in html
    assert "تأییدها (" not in html


def test_the_lead_rejects_from_the_queue_with_a_reason(agent, lead_client, conv):
    remedy = services.remedy_offer(actor=agent, conversation=conv, kind="store_credit", amount=4_000_000)
    response = lead_client.post(
        f"/policies/remedies/{remedy.pk}/decide/",
        {"decision": "reject", "reason": "کد تخفیف بدهید", "next": "/policies/remedies/"},
        follow=True,
    )
    html = response.content.decode()
    assert "جبران رد شد" in html and "کد تخفیف بدهید" in html
    remedy.refresh_from_db()
    assert remedy.status == "rejected"


def test_an_agent_cannot_open_the_queue_or_decide(agent, agent_client, conv):
    other = user_create(username="kamran", password="s3cret-pass")
    remedy = services.remedy_offer(actor=other, conversation=conv, kind="refund", amount=9_000_000)
    assert agent_client.get("/policies/remedies/").status_code == 403
    decided = agent_client.post(f"/policies/remedies/{remedy.pk}/decide/", {"decision": "approve"})
    assert decided.status_code == 403
    assert "تأییدها" not in _page(agent_client, conv)
    remedy.refresh_from_db()
    assert remedy.status == "pending_approval"


def test_the_admin_edits_limits_on_the_settings_page(admin_client, lead_client):
    # given the limits page shows the defaults with Persian digits
    html = admin_client.get("/policies/remedies/limits/").content.decode()
    assert 'value="۵٬۰۰۰٬۰۰۰"' in html and "سقف‌های اختیار" in html
    # when the admin sets the agents' refund limit to «۸٬۰۰۰٬۰۰۰» and store credit to 0
    form = {
        f"limit-{role}-{kind}": ""
        for role in ("agent", "supervisor", "admin")
        for kind in ("refund", "replacement", "repair", "discount_code", "store_credit", "free_delivery")
    }
    form.update({"limit-agent-refund": "۸٬۰۰۰٬۰۰۰", "limit-agent-store_credit": "0"})
    response = admin_client.post("/policies/remedies/limits/", form, follow=True)
    # then it is saved, and the page shows the new values
    assert "سقف‌های اختیار ذخیره شد" in response.content.decode()
    saved = {(r.role, r.kind): r.max_amount for r in AuthorityLimit.objects.all()}
    assert saved[("agent", "refund")] == 8_000_000
    assert saved[("agent", "store_credit")] == 0
    assert saved[("supervisor", "refund")] is None  # the box was left empty: no limit
    # a team lead may not open the page
    assert lead_client.get("/policies/remedies/limits/").status_code == 403


def test_a_bad_limit_is_named_beside_its_box_and_nothing_is_saved(admin_client):
    response = admin_client.post(
        "/policies/remedies/limits/", {"limit-agent-refund": "پنج", "limit-agent-repair": "-1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('role="alert"') == 2 and 'value="پنج"' in html
    assert not AuthorityLimit.objects.exists()


def test_amounts_show_and_are_typed_in_toman_when_the_company_prefers(agent_client, conv, settings):
    settings.HAMDEL_CURRENCY_DISPLAY = "toman"
    assert "مبلغ (تومان)" in _page(agent_client, conv)
    agent_client.post(f"/policies/remedies/c/{conv.number}/offer/", {"kind": "refund", "amount": "۴۵۰٬۰۰۰"})
    assert Remedy.objects.get().amount == 4_500_000  # stored in rials
    assert "۴۵۰٬۰۰۰ تومان" in _page(agent_client, conv)


@pytest.mark.parametrize(
    ("rials", "unit", "persian", "shown"),
    [
        (5_000_000, "rial", True, "۵٬۰۰۰٬۰۰۰ ریال"),
        (5_000_000, "toman", True, "۵۰۰٬۰۰۰ تومان"),
        (125, "toman", True, "۱۲٫۵ تومان"),
        (999, "rial", True, "۹۹۹ ریال"),
        (0, "rial", True, "۰ ریال"),
        (5_000_000, "rial", False, "5,000,000 rials"),
        (1_234_560, "toman", False, "123,456 toman"),
    ],
)
def test_money_is_shown_with_persian_digits_and_separators(rials, unit, persian, shown):
    assert money.format_amount(rials, unit=unit, persian=persian) == shown


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("۵٬۰۰۰٬۰۰۰", 5_000_000),
        ("5,000,000", 5_000_000),
        ("٥٠٠٠", 5000),
        (" ۱۲ ۰۰۰ ", 12_000),
        ("-۵", -5),
        (7, 7),
    ],
)
def test_amounts_are_read_in_any_digits(typed, value):
    assert money.parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["", "پنج", "12.5.0", "1e6", True, None, 2.5, "۵-"])
def test_what_is_not_a_whole_number_is_refused(typed):
    with pytest.raises(ValueError):
        money.parse_amount(typed)


def test_the_customer_page_lists_every_remedy_the_customer_was_offered(agent, agent_client, conv):
    services.remedy_offer(actor=agent, conversation=conv, kind="refund", amount=2_000_000)
    services.remedy_offer(actor=agent, conversation=conv, kind="store_credit", amount=9_000_000)  # waits
    html = agent_client.get(f"/customers/{conv.customer_id}/").content.decode()
    assert "جبران‌ها" in html
    assert "تاکنون برای این مشتری تأیید شده: ۲٬۰۰۰٬۰۰۰ ریال" in html
    assert "۹٬۰۰۰٬۰۰۰ ریال" in html and "در انتظار تأیید" in html


def test_the_agent_marks_an_approved_remedy_as_done_in_the_panel(agent, agent_client, conv):
    remedy = services.remedy_offer(actor=agent, conversation=conv, kind="free_delivery")
    assert "انجام شد" in _page(agent_client, conv)
    response = agent_client.post(f"/policies/remedies/{remedy.pk}/done/", follow=True)
    html = response.content.decode()
    assert "جبران انجام‌شده ثبت شد" in html and "انجام‌شده به دست سارا" in html
    assert "سارا «ارسال رایگان» را انجام داد" in html
    remedy.refresh_from_db()
    assert remedy.status == "fulfilled"
