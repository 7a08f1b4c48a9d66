"""Shielding agents from abuse: insults masked everywhere an agent reads them, a logged reveal, routing to a
supervisor, and the calm boundary message sent through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.models import Team, User
from hamdel.accounts.services import api_key_create
from hamdel.coach.shield import services
from hamdel.coach.shield.models import DEFAULT_BOUNDARY_TEXT, ShieldCase
from hamdel.conversations.models import Conversation, ConversationEvent, Delivery, Message
from hamdel.conversations.services import message_reveal
from hamdel.core.errors import ApplicationError, Forbidden
from hamdel.core.permissions import RuleActor
from tests.conftest import ApiClient

INSULT = "احمق‌ها سه هفته است سفارشم نرسیده، ب ی ش ع و ر ها جواب بدید"
POLITE_ANGRY = "خیلی عصبانی‌ام، این افتضاحه، پولمو پس بدید"


@pytest.fixture
def arrive(
    inbound: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> Callable[..., Conversation]:
    """A customer message arrives and is analysed (the listeners run as after a real commit)."""

    def make(text: str, **kwargs: Any) -> Conversation:
        with django_capture_on_commit_callbacks(execute=True):
            result = inbound(text, **kwargs)
        return Conversation.objects.get(pk=result.conversation_id)

    return make


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_insulting_message_is_abusive_and_masked_in_the_api(
    arrive: Callable[..., Conversation], api: ApiClient
) -> None:
    # given an insulting message and an angry but polite one
    rude = arrive(INSULT)
    calm = arrive(POLITE_ANGRY, address="maryam@example.ir")
    # when an integration reads their messages
    rude_msg = api.get(f"/conversations/{rude.pk}/messages").json()["items"][0]
    calm_msg = api.get(f"/conversations/{calm.pk}/messages").json()["items"][0]
    # then only the insult is marked and masked; the text stays as received
    assert rude_msg["analysis"]["abusive"] is True
    assert rude_msg["masked_text"] == "*** سه هفته است سفارشم نرسیده، *** جواب بدید"
    assert rude_msg["analysis"]["masked_text"] == rude_msg["masked_text"]
    assert rude_msg["text"] == INSULT
    assert calm_msg["analysis"]["abusive"] is False
    assert calm_msg["masked_text"] == POLITE_ANGRY
    assert api.get(f"/conversations/{rude.pk}").json()["is_abusive"] is True


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("shoma ahmagh hastid, poolamo pas bedid", "shoma *** hastid, poolamo pas bedid"),  # Finglish
        ("a h m a g h ha, sefaresham koja mond?", "*** ha, sefaresham koja mond?"),  # spaced Finglish
        ("بی شعورا سه روزه منتظرم", "*** سه روزه منتظرم"),  # written apart
        ("احمقققق، پولمو پس بدید", "***، پولمو پس بدید"),  # repeated letters
    ],
)
def test_disguised_insults_are_abusive_and_masked_in_the_api(
    arrive: Callable[..., Conversation], api: ApiClient, text: str, masked: str
) -> None:
    # given an insult in Finglish, spaced out, written apart or stretched
    conv = arrive(text)
    # when an integration reads the message
    msg = api.get(f"/conversations/{conv.pk}/messages").json()["items"][0]
    # then it is abusive and only the insult is masked
    assert msg["analysis"]["abusive"] is True
    assert msg["masked_text"] == masked
    assert msg["text"] == text


@pytest.mark.parametrize(
    "text",
    [
        "این بی‌انصافیه! سه بار زنگ زدم و کسی جواب نداد، واقعاً از خدماتتون ناامیدم",
        "kheili asabaniam, in efteza hast, poolamo pas bedid",
        "ازتون شکایت می‌کنم، منو کشتید با این تاخیر!!!",
    ],
)
def test_angry_polite_complaints_are_not_abusive_in_the_api(
    arrive: Callable[..., Conversation], api: ApiClient, text: str
) -> None:
    # given an angry complaint with no insult (Persian, Finglish, an idiom and a legal threat)
    conv = arrive(text)
    msg = api.get(f"/conversations/{conv.pk}/messages").json()["items"][0]
    # then nothing is marked or masked
    assert msg["analysis"]["abusive"] is False
    assert msg["masked_text"] == text
    assert api.get(f"/conversations/{conv.pk}").json()["is_abusive"] is False


def test_the_inbox_and_the_conversation_show_the_insult_masked(
    arrive: Callable[..., Conversation], agent_client: Client
) -> None:
    conv = arrive(INSULT)
    inbox = agent_client.get("/").content.decode()
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    for html in (inbox, page):
        assert "احمق" not in html and "***" in html
    assert "سه هفته است سفارشم نرسیده" in page
    message = conv.messages.get(direction="in")
    assert f"/c/{conv.number}/messages/{message.pk}/reveal/" in page  # the one-click reveal


def test_reveal_shows_the_original_to_this_agent_once_and_is_logged(
    arrive: Callable[..., Conversation], agent: User, agent_client: Client, lead: User
) -> None:
    conv = arrive(INSULT)
    message = conv.messages.get(direction="in")
    # when the agent clicks "reveal" (htmx swaps the message body)
    response = agent_client.post(f"/c/{conv.number}/messages/{message.pk}/reveal/", HTTP_HX_REQUEST="true")
    # then they read the original words, and the history records who looked
    assert response.status_code == 200
    assert "احمق‌ها" in response.content.decode()
    event = ConversationEvent.objects.get(conversation=conv, type="abuse_revealed")
    assert event.actor_user == agent and event.new == message.pk
    # a supervisor sees the reveal in the timeline, and the message is still masked for them
    page = _client(lead).get(f"/c/{conv.number}/").content.decode()
    assert "احمق" not in page
    assert f'data-event-id="{event.pk}"' in page
    # and the agent's next visit is masked again: nothing is remembered
    assert "احمق" not in agent_client.get(f"/c/{conv.number}/").content.decode()


def test_reveal_without_javascript_draws_the_page_with_that_message_revealed(
    arrive: Callable[..., Conversation], agent_client: Client
) -> None:
    conv = arrive(INSULT)
    message = conv.messages.get(direction="in")
    page = agent_client.post(f"/c/{conv.number}/messages/{message.pk}/reveal/").content.decode()
    assert "احمق‌ها" in page


def test_reveal_is_permission_checked_and_refuses_a_clean_message(
    arrive: Callable[..., Conversation],
) -> None:
    conv = arrive(INSULT)
    message = conv.messages.get(direction="in")
    # an automation rule may do what an agent does, but not read insults without a person
    with pytest.raises(Forbidden):
        message_reveal(message=message, actor=RuleActor(rule_id=1, name="قانون"))
    calm = arrive(POLITE_ANGRY, address="maryam@example.ir").messages.get(direction="in")
    with pytest.raises(ApplicationError) as refused:
        message_reveal(message=calm, actor=None)
    assert refused.value.code == "nothing_masked"
    assert not ConversationEvent.objects.filter(type="abuse_revealed").exists()


def test_an_abusive_conversation_is_routed_once_to_the_supervisor_and_recorded(
    arrive: Callable[..., Conversation], admin: User, lead: User, team: Team
) -> None:
    # given the admin routes abusive conversations to the supervisor in a team
    services.shield_settings_update(
        actor=admin,
        route_team_id=team.pk,
        route_user_id=lead.pk,
        boundary_text="آرام باشید",
        auto_boundary=False,
    )
    # when an insulting message arrives
    conv = arrive(INSULT)
    # then Hamdel assigns it, and the history says so and why
    conv.refresh_from_db()
    assert conv.assignee == lead and conv.team == team
    assigned = conv.events.get(type="assigned")
    assert assigned.actor_kind == "system" and assigned.data["reason"]
    case = ShieldCase.objects.get(conversation=conv)
    assert case.routed_at is not None and "نسرین" in case.routed_to
    # a later insult in the same conversation does not move it again
    conv.assignee = None
    conv.save(update_fields=["assignee"])
    arrive("باز هم می‌گم احمقید", external_id="<again@example.ir>", thread_key=conv.thread_key)
    conv.refresh_from_db()
    assert conv.assignee is None
    assert conv.events.filter(type="assigned").count() == 1


def test_a_polite_angry_complaint_is_not_routed(
    arrive: Callable[..., Conversation], admin: User, lead: User
) -> None:
    services.shield_settings_update(
        actor=admin, route_team_id=None, route_user_id=lead.pk, boundary_text="آرام", auto_boundary=True
    )
    conv = arrive(POLITE_ANGRY)
    conv.refresh_from_db()
    assert conv.assignee is None
    assert not ShieldCase.objects.exists()
    assert not Message.objects.filter(direction="out").exists()


def test_the_agent_sends_the_boundary_message_with_one_click_through_the_outbox(
    arrive: Callable[..., Conversation], agent: User, agent_client: Client
) -> None:
    conv = arrive(INSULT)
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    assert f"/coach/shield/c/{conv.number}/boundary/" in page  # the panel's button
    response = agent_client.post(f"/coach/shield/c/{conv.number}/boundary/")
    assert response.status_code == 302
    sent = Message.objects.get(conversation=conv, direction="out")
    assert sent.text == DEFAULT_BOUNDARY_TEXT and sent.author == agent and sent.meta["shield"] == "boundary"
    assert Delivery.objects.filter(message=sent).exists()  # the outbox row: the deliver task sends it
    assert ShieldCase.objects.get(conversation=conv).boundary_message == sent
    # a double click does not send it twice
    agent_client.post(f"/coach/shield/c/{conv.number}/boundary/")
    assert Message.objects.filter(conversation=conv, direction="out").count() == 1


def test_the_boundary_message_goes_automatically_once_when_switched_on(
    arrive: Callable[..., Conversation], admin: User
) -> None:
    services.shield_settings_update(
        actor=admin,
        route_team_id="",
        route_user_id="",
        boundary_text="لطفاً محترمانه بنویسید.",
        auto_boundary=True,
    )
    conv = arrive(INSULT)
    arrive("خفه شو", external_id="<more@example.ir>", thread_key=conv.thread_key)
    sent = Message.objects.filter(conversation=conv, direction="out")
    assert [m.text for m in sent] == ["لطفاً محترمانه بنویسید."]
    assert sent[0].author is None and Delivery.objects.filter(message=sent[0]).exists()


def test_settings_page_for_admins_names_every_bad_field(admin: User, agent_client: Client) -> None:
    client = _client(admin)
    assert client.get("/coach/shield/settings/").status_code == 200
    assert agent_client.get("/coach/shield/settings/").status_code == 403
    bad = client.post(
        "/coach/shield/settings/", {"route_team": "999", "route_user": "abc", "boundary_text": "  "}
    )
    assert bad.status_code == 400
    with pytest.raises(ApplicationError) as refused:
        services.shield_settings_update(
            actor=admin, route_team_id=999, route_user_id="abc", boundary_text="", auto_boundary=False
        )
    assert set(refused.value.extra) == {"route_team", "route_user", "boundary_text"}
    ok = client.post("/coach/shield/settings/", {"boundary_text": "متن تازه", "auto_boundary": "1"})
    assert ok.status_code == 302
    row = services.shield_settings_get()
    assert row.boundary_text == "متن تازه" and row.auto_boundary


def test_api_boundary_and_settings(arrive: Callable[..., Conversation], api: ApiClient, admin: User) -> None:
    conv = arrive(INSULT)
    sent = api.post(f"/conversations/{conv.pk}/boundary")
    assert sent.status_code == 201 and sent.json()["text"] == DEFAULT_BOUNDARY_TEXT
    again = api.post(f"/conversations/{conv.pk}/boundary")
    assert again.status_code == 400 and again.json()["code"] == "boundary_already_sent"
    assert api.get("/coach/shield/settings").status_code == 403  # an agent's key
    _key, plain = api_key_create(name="admin", user=admin)
    boss = ApiClient(plain)
    changed = boss.client.put(
        "/api/v1/coach/shield/settings",
        '{"boundary_text": "آرام", "auto_boundary": true}',
        content_type="application/json",
        headers=boss.headers,
    )
    assert changed.status_code == 200 and changed.json()["auto_boundary"] is True


def test_an_agent_marking_a_message_abusive_routes_it_like_the_analysis(
    arrive: Callable[..., Conversation],
    admin: User,
    lead: User,
    agent: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from hamdel.conversations.analysis import label_correct

    services.shield_settings_update(
        actor=admin, route_team_id=None, route_user_id=lead.pk, boundary_text="آرام", auto_boundary=False
    )
    conv = arrive("سه بار زنگ زدم و هر بار قطع کردید، واقعاً که")
    assert not ShieldCase.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        label_correct(message=conv.messages.get(direction="in"), field="abusive", value="true", author=agent)
    conv.refresh_from_db()
    assert conv.assignee == lead
