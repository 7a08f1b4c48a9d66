"""The playbook page for team leads and the playbook panel beside a conversation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import User
from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.conversations.models import Conversation
from tests.coach.playbook_fixtures import load_starter


@pytest.fixture
def starter(lead: User) -> list[dict[str, Any]]:
    return load_starter(lead)


def _lead_client(lead: User) -> Client:
    client = Client()
    client.force_login(lead)
    return client


def test_lead_sees_the_entries_and_searches_as_they_type(lead: User, starter: list[dict[str, Any]]) -> None:
    client = _lead_client(lead)
    page = client.get("/coach/playbook/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "راهنمای اعتراض‌ها" in html
    assert "رقیب ارزان‌تر می‌دهد" in html and "گارانتی کوتاه است" in html
    # typing in the search box asks for the list only (htmx) and gets the matching entries first
    part = client.get("/coach/playbook/", {"q": "گارانتیش کمه"}, headers={"HX-Request": "true"})
    assert part.status_code == 200
    body = part.content.decode()
    assert "<html" not in body
    start = body.index("<tbody>")
    first_row = body[start : body.index("</tr>", start)]
    assert "گارانتی کوتاه است" in first_row
    assert "منطقهٔ ما پوشش ندارد" not in body  # nothing about warranties in it


def test_lead_adds_an_entry_with_the_form(lead: User) -> None:
    client = _lead_client(lead)
    response = client.post(
        "/coach/playbook/",
        {
            "title": "هزینهٔ نگهداری بالاست",
            "phrasings": "خرج نگهداریش زیاده\nسرویسش گرونه",
            "answer": "حق دارید؛ سرویس سالانه در قرارداد است.",
            "product_line": "لوازم خانگی",
            "tags": "قیمت، نگهداشت",
            "active": "on",
        },
    )
    assert response.status_code == 302
    entry = PlaybookEntry.objects.get(title="هزینهٔ نگهداری بالاست")
    assert entry.phrasings == ["خرج نگهداریش زیاده", "سرویسش گرونه"]
    assert entry.tags == ["قیمت", "نگهداشت"]
    assert entry.created_by == lead


def test_a_bad_form_shows_the_error_beside_the_field(lead: User) -> None:
    client = _lead_client(lead)
    response = client.post("/coach/playbook/", {"title": "گران است", "answer": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    # the Persian error sits right under the answer box
    answer_at = html.index('name="answer"')
    error_at = html.index('<p class="error" role="alert">', answer_at)
    assert html.index("</div>", answer_at) > error_at
    assert any("\u0600" <= ch <= "\u06ff" for ch in html[error_at : error_at + 80].split(">", 1)[1][:20])
    assert PlaybookEntry.objects.count() == 0


def test_lead_edits_and_deletes(lead: User, starter: list[dict[str, Any]]) -> None:
    client = _lead_client(lead)
    entry = PlaybookEntry.objects.get(title="گران است", product_line="عمومی")
    page = client.get(f"/coach/playbook/{entry.pk}/")
    assert "قیمتش خیلی بالاست" in page.content.decode()
    data = {
        "title": entry.title,
        "phrasings": "گرونه",
        "answer": "پاسخ بازنویسی‌شده",
        "product_line": entry.product_line,
        "tags": "",
    }  # "active" unticked: the entry leaves the agents' search
    assert client.post(f"/coach/playbook/{entry.pk}/", data).status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "پاسخ بازنویسی‌شده" and entry.active is False
    assert client.post(f"/coach/playbook/{entry.pk}/", {"delete": "1"}).status_code == 302
    assert not PlaybookEntry.objects.filter(pk=entry.pk).exists()


def test_agents_cannot_open_the_page(agent_client: Client) -> None:
    assert agent_client.get("/coach/playbook/").status_code == 403


def _conversation_page(client: Client, conversation_id: int) -> str:
    number = Conversation.objects.get(pk=conversation_id).number
    response = client.get(f"/c/{number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_panel_suggests_the_objection_the_customer_just_voiced(
    agent_client: Client, starter: list[dict[str, Any]], inbound: Callable[..., Any]
) -> None:
    # given a customer who hesitates over the price in their own words
    result = inbound("سلام، محصولتون خوبه ولی راستش قیمتش خیلی بالاست برام")
    # when the agent opens the conversation
    html = _conversation_page(agent_client, result.conversation_id)
    # then the playbook panel offers «گران است» at its top, with its answer ready to insert
    panel = html[html.index('id="playbook"') :]
    suggestion = panel[panel.index("pb-suggestion") : panel.index("pb-search")]
    assert "گران است" in suggestion
    assert "pb-insert" in suggestion
    answer = PlaybookEntry.objects.get(title="گران است").answer
    assert answer[:30] in suggestion


def test_panel_suggests_nothing_for_an_unrelated_message(
    agent_client: Client, starter: list[dict[str, Any]], inbound: Callable[..., Any]
) -> None:
    result = inbound("سلام، کد رهگیری مرسوله‌ام را لطفاً بفرستید")
    html = _conversation_page(agent_client, result.conversation_id)
    assert 'id="playbook"' in html  # the search is there
    assert "pb-suggestion" not in html  # but nothing is pushed at the agent


def test_the_lead_finds_a_switched_off_entry_agents_no_longer_see(lead: User, agent_client: Client) -> None:
    from hamdel.coach.playbook.services import playbook_entry_create

    playbook_entry_create(
        actor=lead, data={"title": "گارانتی کوتاه است", "answer": "۱۸ ماه", "active": False}
    )
    page = _lead_client(lead).get("/coach/playbook/", {"q": "گارانتی"}, headers={"HX-Request": "true"})
    assert "گارانتی کوتاه است" in page.content.decode()
    assert agent_client.get("/api/v1/playbook/search", {"q": "گارانتی"}).json() == []
