"""Canned replies: found however a Persian word is spelt, seen only by those they are for, refused cleanly."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations import services
from hamdel.conversations.models import CannedReply, Conversation
from hamdel.core.audit import AuditLog
from hamdel.core.errors import ApplicationError, Forbidden, NotFound
from tests.conftest import ApiClient


def _api(user: User) -> ApiClient:
    return ApiClient(api_key_create(name=f"k-{user.username}", user=user)[1])


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["title"] for c in response.json()]


@pytest.fixture
def lead_api(lead: User) -> ApiClient:
    return _api(lead)


@pytest.fixture
def other_agent(db: None) -> User:
    return user_create(username="reza", password="s3cret-pass", display_name="رضا")


def _snapshot() -> list[tuple[Any, ...]]:
    return list(
        CannedReply.objects.order_by("pk").values_list("pk", "title", "shortcut", "text", "team", "owner")
    )


# --- search --------------------------------------------------------------------------------------------


def test_search_finds_any_spelling_of_the_title_and_text(lead: User, api: ApiClient) -> None:
    # given replies written with ZWNJ, Arabic ي/ك and Persian digits
    services.canned_reply_create(
        actor=lead, title="پیگیری سفارش", shortcut="track", text="می‌خواهم وضعیت سفارش شما را بررسی کنم."
    )
    services.canned_reply_create(actor=lead, title="كد تخفيف", shortcut="code", text="کد ۱۲۳ برای شماست.")
    services.canned_reply_create(actor=lead, title="خداحافظی", shortcut="bye", text="روز خوبی داشته باشید.")
    # then the picker's search finds them however the agent types
    assert _titles(api.get("/canned", q="میخواهم")) == ["پیگیری سفارش"]
    assert _titles(api.get("/canned", q="می خواهم سفارش")) == ["پیگیری سفارش"]
    assert _titles(api.get("/canned-replies", q="کد تخفیف")) == ["كد تخفيف"]
    assert _titles(api.get("/canned", q="123")) == ["كد تخفيف"]
    assert _titles(api.get("/canned", q="TRACK")) == ["پیگیری سفارش"]
    assert _titles(api.get("/canned", q="سفارش ناموجود")) == []  # every word must match
    assert len(_titles(api.get("/canned", q=""))) == 3


def test_search_does_not_match_variable_names(lead: User, api: ApiClient) -> None:
    services.canned_reply_create(
        actor=lead, title="سلام", shortcut="hi", text="سلام {{customer.first_name}} عزیز"
    )
    assert _titles(api.get("/canned", q="customer")) == []


# --- who sees what -------------------------------------------------------------------------------------


def test_each_person_lists_only_the_replies_they_may_use(
    lead: User, agent: User, other_agent: User, team: Team
) -> None:
    # given a shared reply, one for the sales team (agent is a member), and two personal replies
    services.canned_reply_create(actor=lead, title="همه", shortcut="all", text="سلام")
    services.canned_reply_create(actor=lead, title="فروش", shortcut="sales", text="سلام", team_id=team.pk)
    services.canned_reply_create(actor=agent, title="مال سارا", shortcut="mine", text="سلام", personal=True)
    services.canned_reply_create(
        actor=other_agent, title="مال رضا", shortcut="mine", text="سلام", personal=True
    )
    # then each lists what is theirs to use
    assert _titles(_api(agent).get("/canned-replies")) == ["فروش", "مال سارا", "همه"]
    assert _titles(_api(other_agent).get("/canned-replies")) == ["مال رضا", "همه"]
    assert _titles(_api(lead).get("/canned-replies")) == ["همه"]  # not in the team, no personal ones
    # the lead still finds the team's reply where replies are managed, never someone's personal one
    page = Client()
    page.force_login(lead)
    listing = page.get("/settings/canned-replies/").content.decode()
    assert "فروش" in listing and "مال سارا" not in listing and "مال رضا" not in listing


def test_someone_elses_personal_reply_is_not_found_anywhere(
    agent: User, other_agent: User, inbound: Any
) -> None:
    canned = services.canned_reply_create(
        actor=other_agent, title="خصوصی", shortcut="p", text="سلام", personal=True
    )
    conv = Conversation.objects.get(pk=inbound().conversation_id)
    api, client = _api(agent), Client()
    client.force_login(agent)
    assert api.get(f"/canned-replies/{canned.pk}").status_code == 404
    assert api.get(f"/canned-replies/{canned.pk}/preview", conversation_id=conv.pk).status_code == 404
    assert api.patch(f"/canned-replies/{canned.pk}", {"title": "دزدی"}).status_code == 404
    assert client.get(f"/c/{conv.number}/canned/{canned.pk}/").status_code == 404
    assert client.get(f"/settings/canned-replies/{canned.pk}/").status_code == 404
    assert client.post(f"/settings/canned-replies/{canned.pk}/", {"delete": "1"}).status_code == 404
    with pytest.raises(NotFound):
        services.canned_reply_delete(canned=canned, actor=agent)
    assert CannedReply.objects.get(pk=canned.pk).title == "خصوصی"


def test_a_team_reply_is_not_offered_outside_the_team(
    lead: User, other_agent: User, team: Team, inbound: Any
) -> None:
    canned = services.canned_reply_create(
        actor=lead, title="فروش", shortcut="s", text="سلام", team_id=team.pk
    )
    conv = Conversation.objects.get(pk=inbound().conversation_id)
    client = Client()
    client.force_login(other_agent)
    assert client.get(f"/c/{conv.number}/canned/{canned.pk}/").status_code == 404


# --- permissions; a refused request changes nothing ----------------------------------------------------


def test_agents_write_personal_replies_and_leads_the_shared_ones(
    api: ApiClient, lead_api: ApiClient, team: Team
) -> None:
    body = {"title": "خوش‌آمد", "shortcut": "hi", "text": "سلام {{customer.first_name|مشتری}}"}
    # an agent may not write for everyone or for a team
    for refused_body in (body, {**body, "team_id": team.pk}):
        refused = api.post("/canned-replies", refused_body)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert not CannedReply.objects.exists()
    # but may keep their own
    mine = api.post("/canned-replies", {**body, "personal": True})
    assert mine.status_code == 201, mine.content
    assert mine.json()["scope"] == "personal" and mine.json()["owner_id"] is not None
    # a lead writes for a team; the same shortcut may be a personal one and a shared one
    shared = lead_api.post("/canned-replies", {**body, "team_id": team.pk})
    assert (
        shared.status_code == 201 and shared.json()["scope"] == "team" and shared.json()["team_id"] == team.pk
    )
    assert lead_api.post("/canned-replies", body).status_code == 409  # one shared «hi» at a time


def test_an_agent_cannot_change_or_delete_a_shared_reply(lead: User, agent: User, api: ApiClient) -> None:
    canned = services.canned_reply_create(actor=lead, title="همه", shortcut="all", text="سلام")
    before = _snapshot()
    assert api.patch(f"/canned-replies/{canned.pk}", {"title": "عوض"}).status_code == 403
    assert api.patch(f"/canned-replies/{canned.pk}", {"personal": True}).status_code == 403
    assert api.client.delete(f"/api/v1/canned-replies/{canned.pk}", headers=api.headers).status_code == 403
    with pytest.raises(Forbidden):
        services.canned_reply_update(canned=canned, actor=agent, text="x")
    assert _snapshot() == before
    assert not AuditLog.objects.filter(action__in=["canned_reply.update", "canned_reply.delete"]).exists()


def test_making_a_personal_reply_shared_needs_a_lead(lead: User, agent: User) -> None:
    mine = services.canned_reply_create(actor=agent, title="مال من", shortcut="m", text="سلام", personal=True)
    with pytest.raises(Forbidden):
        services.canned_reply_update(canned=mine, actor=agent, personal=False)
    assert CannedReply.objects.get(pk=mine.pk).owner == agent
    leads = services.canned_reply_create(
        actor=lead, title="مال سرپرست", shortcut="l", text="سلام", personal=True
    )
    services.canned_reply_update(canned=leads, actor=lead, personal=False)
    assert CannedReply.objects.get(pk=leads.pk).scope == "shared"


def test_an_unknown_variable_is_refused_with_its_name_and_nothing_is_saved(
    lead_api: ApiClient, api: ApiClient
) -> None:
    # when a lead saves a reply with a typo in a variable
    response = lead_api.post(
        "/canned-replies", {"title": "سلام", "shortcut": "hi", "text": "سلام {{customer.firstname}} عزیز"}
    )
    # then it is a 400 in Persian that names the variable, and nothing is stored
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_variable"
    assert "{{customer.firstname}}" in body["message"] and "متغیر" in body["message"]
    assert body["extra"]["variables"] == ["customer.firstname"]
    assert not CannedReply.objects.exists()
    # a personal reply is checked the same way, an unclosed one too
    unclosed = api.post(
        "/canned-replies", {"title": "س", "shortcut": "s", "text": "سلام {{agent.name", "personal": True}
    )
    assert unclosed.status_code == 400 and unclosed.json()["code"] == "unclosed_variable"
    assert not CannedReply.objects.exists()


def test_every_bad_field_is_named_at_once(lead_api: ApiClient, team: Team) -> None:
    response = lead_api.post(
        "/canned-replies",
        {"title": "x", "shortcut": "with space", "text": "سلام", "team_id": 99999, "personal": True},
    )
    assert response.status_code == 400
    extra = response.json()["extra"]
    assert {"shortcut", "team_id"} <= set(extra)
    assert not CannedReply.objects.exists()


def test_an_update_refused_for_a_bad_variable_keeps_the_stored_text(lead: User, lead_api: ApiClient) -> None:
    canned = services.canned_reply_create(actor=lead, title="سلام", shortcut="hi", text="سلام {{agent.name}}")
    refused = lead_api.patch(f"/canned-replies/{canned.pk}", {"text": "سلام {{agnet.name}}"})
    assert refused.status_code == 400 and refused.json()["extra"]["variables"] == ["agnet.name"]
    canned.refresh_from_db()
    assert canned.text == "سلام {{agent.name}}"
    with pytest.raises(ApplicationError):
        services.canned_reply_update(canned=canned, actor=lead, text="{{x}}")
    assert canned.text == "سلام {{agent.name}}"  # the caller's object is not left holding the refused text


def test_patch_and_delete_a_personal_reply(api: ApiClient) -> None:
    created = api.post(
        "/canned-replies", {"title": "من", "shortcut": "me", "text": "سلام", "personal": True}
    ).json()
    changed = api.patch(
        f"/canned-replies/{created['id']}", {"text": "سلام {{customer.first_name|دوست}} عزیز"}
    )
    assert changed.status_code == 200 and changed.json()["text"].startswith("سلام {{")
    assert _titles(api.get("/canned", q="دوست")) == ["من"]  # the search follows the change
    assert (
        api.client.delete(f"/api/v1/canned-replies/{created['id']}", headers=api.headers).status_code == 204
    )
    assert not CannedReply.objects.exists()


# --- preview and insertion -----------------------------------------------------------------------------


def test_preview_shows_the_text_for_a_chosen_conversation(lead: User, api: ApiClient, inbound: Any) -> None:
    canned = services.canned_reply_create(
        actor=lead,
        title="سلام",
        shortcut="hi",
        text="سلام {{customer.first_name}} عزیز، {{agent.name}} هستم.",
    )
    named = Conversation.objects.get(pk=inbound(customer_name="مریم احمدی", address="m@x.ir").conversation_id)
    nameless = Conversation.objects.get(pk=inbound(customer_name="", address="n@x.ir").conversation_id)
    first = api.get(f"/canned-replies/{canned.pk}/preview", conversation_id=named.pk).json()
    assert (first["text"], first["missing"]) == ("سلام مریم عزیز، سارا هستم.", [])
    second = api.get(f"/canned-replies/{canned.pk}/preview", conversation_id=nameless.pk).json()
    assert (second["text"], second["missing"]) == ("سلام، سارا هستم.", ["customer.first_name"])
    assert api.get(f"/canned-replies/{canned.pk}/preview", conversation_id=424242).status_code == 404


def test_the_settings_page_previews_a_reply_for_a_conversation(lead: User, agent: User, inbound: Any) -> None:
    canned = services.canned_reply_create(
        actor=lead, title="سلام", shortcut="hi", text="سلام {{customer.first_name}} جان، خوش آمدید"
    )
    conv = Conversation.objects.get(pk=inbound(customer_name="").conversation_id)
    client = Client()
    client.force_login(agent)  # an agent may read and preview a shared reply, not change it
    page = client.get(
        f"/settings/canned-replies/{canned.pk}/", {"conversation": conv.number}
    ).content.decode()
    assert "سلام، خوش آمدید" in page and "customer.first_name" in page
    assert 'name="delete"' not in page


def test_the_composer_inserts_a_reply_filled_for_this_conversation(
    agent: User, inbound: Any, lead: User
) -> None:
    canned = services.canned_reply_create(
        actor=lead, title="سلام", shortcut="hi", text="سلام {{customer.name}} گرامی"
    )
    conv = Conversation.objects.get(pk=inbound(customer_name="").conversation_id)
    client = Client()
    client.force_login(agent)
    page = client.get(f"/c/{conv.number}/").content.decode()
    assert 'id="canned-q"' in page and 'role="combobox"' in page
    assert client.get(f"/c/{conv.number}/canned/{canned.pk}/").content.decode() == "سلام"


def test_a_lead_edits_the_scope_on_the_settings_page(lead: User, team: Team, agent: User) -> None:
    client = Client()
    client.force_login(lead)
    body = {"title": "فروش", "shortcut": "s", "text": "سلام", "scope": f"team:{team.pk}"}
    assert client.post("/settings/canned-replies/", body).status_code == 302
    canned = CannedReply.objects.get()
    assert canned.team == team
    assert (
        client.post(f"/settings/canned-replies/{canned.pk}/", {**body, "scope": "shared"}).status_code == 302
    )
    canned.refresh_from_db()
    assert canned.scope == "shared"
    bad = client.post(f"/settings/canned-replies/{canned.pk}/", {**body, "text": "سلام {{نام}}"})
    assert bad.status_code == 400 and "{{نام}}" in bad.content.decode()
    canned.refresh_from_db()
    assert canned.text == "سلام"


def test_supervisor_role_is_what_unlocks_shared_replies(db: None) -> None:
    supervisor = user_create(username="sup", password="s3cret-pass", role=Role.SUPERVISOR)
    admin = user_create(username="adm", password="s3cret-pass", role=Role.ADMIN)
    for person in (supervisor, admin):
        services.canned_reply_create(
            actor=person, title=person.username, shortcut=person.username, text="سلام"
        )
    assert CannedReply.objects.filter(owner__isnull=True).count() == 2


def test_an_automation_rule_cannot_send_someones_personal_reply(agent: User, db: None) -> None:
    from hamdel.automation.rules.services import rule_create
    from hamdel.core.permissions import SYSTEM

    mine = services.canned_reply_create(actor=agent, title="مال من", shortcut="m", text="سلام", personal=True)
    data = {
        "name": "خوش‌آمد",
        "event": "message.received",
        "actions": [{"type": "send_canned", "value": mine.pk}],
    }
    with pytest.raises(ApplicationError) as refused:
        rule_create(actor=SYSTEM, data=data)
    assert refused.value.extra["actions[0].value"] == "unknown_canned"


def test_the_reply_whose_shortcut_was_typed_comes_first(lead: User, api: ApiClient) -> None:
    services.canned_reply_create(actor=lead, title="الف پیگیری", shortcut="x", text="وضعیت order شما")
    services.canned_reply_create(actor=lead, title="ی سفارش", shortcut="order", text="سفارش")
    assert _titles(api.get("/canned", q="order")) == ["ی سفارش", "الف پیگیری"]


def test_a_team_reply_made_personal_leaves_its_team(lead: User, team: Team, lead_api: ApiClient) -> None:
    canned = services.canned_reply_create(
        actor=lead, title="فروش", shortcut="s", text="سلام", team_id=team.pk
    )
    moved = lead_api.patch(f"/canned-replies/{canned.pk}", {"personal": True}).json()
    assert moved["scope"] == "personal" and moved["team_id"] is None


def test_odd_queries_get_a_clear_answer(lead: User, api: ApiClient) -> None:
    services.canned_reply_create(actor=lead, title="سلام", shortcut="hi", text="سلام")
    assert _titles(api.get("/canned", q="🙂🙂")) == ["سلام"]  # no word to match: everything
    assert _titles(api.get("/canned", q="سلام " * 2000)) == ["سلام"]
    assert _titles(api.get("/canned", q="%_\\'\"")) == []


def test_the_picker_asks_for_a_few(lead: User, api: ApiClient) -> None:
    for i in range(3):
        services.canned_reply_create(actor=lead, title=f"پاسخ {i}", shortcut=f"r{i}", text="سلام")
    assert _titles(api.get("/canned", q="سلام", limit=2)) == ["پاسخ 0", "پاسخ 1"]
    assert api.get("/canned", limit=0).status_code == 422


def test_an_edit_without_a_scope_keeps_the_reply_where_it_was(lead: User, team: Team) -> None:
    canned = services.canned_reply_create(
        actor=lead, title="فروش", shortcut="s", text="سلام", team_id=team.pk
    )
    client = Client()
    client.force_login(lead)
    body = {"title": "فروش ویژه", "shortcut": "s", "text": "سلام"}
    assert client.post(f"/settings/canned-replies/{canned.pk}/", body).status_code == 302
    canned.refresh_from_db()
    assert canned.title == "فروش ویژه" and canned.team == team


def test_the_preview_carries_the_draft_checks_remarks(lead: User, api: ApiClient, inbound: Any) -> None:
    # given a shared reply with a vague promise, the kind the composer's checks flag
    canned = services.canned_reply_create(
        actor=lead,
        title="تماس",
        shortcut="call",
        text="سلام {{customer.first_name}}، به‌زودی با شما تماس می‌گیریم.",
    )
    conv = Conversation.objects.get(pk=inbound().conversation_id)
    # when it is previewed for a conversation
    body = api.get(f"/canned-replies/{canned.pk}/preview", conversation_id=conv.pk).json()
    # then the remarks come with the filled text, as they would in the composer
    assert "vague_promise" in [f["code"] for f in body["findings"]]
    client = Client()
    client.force_login(lead)
    page = client.get(
        f"/settings/canned-replies/{canned.pk}/", {"conversation": conv.number}
    ).content.decode()
    assert "canned-findings" in page
