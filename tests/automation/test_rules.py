"""Automation rules: a matching inbound message is tagged and assigned, a non-matching one is not; the
loop guard; a deleted team switches a rule off with a reason; the dry run; whole validation in Persian."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from hamdel.accounts.models import Team, User
from hamdel.accounts.services import api_key_create
from hamdel.automation.rules.models import Rule, RuleRun
from hamdel.automation.rules.runner import run_rules
from hamdel.conversations.models import ActorKind, Conversation, ConversationEvent, EventType, Tag
from tests.conftest import ApiClient


def _conv(result: Any) -> Conversation:
    return Conversation.objects.get(pk=result.conversation_id)


CANCEL_RULE: dict[str, Any] = {
    "name": "لغو سفارش به تیم نگهداشت",
    "event": "message.received",
    "conditions": {"all": [{"field": "text", "op": "contains", "value": "لغو"}]},
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`committed(fn, ...)`: call an action and run its listeners (rules included) as after its commit."""

    def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return call


@pytest.fixture
def message(inbound: Any, committed: Any) -> Any:
    """Ingest a customer message, let the rules run, answer its conversation."""

    def make(text: str, **kwargs: Any) -> Conversation:
        return _conv(committed(inbound, text, **kwargs))

    return make


@pytest.fixture
def admin_api(admin: User) -> ApiClient:
    _key, plain = api_key_create(name="admin", user=admin)
    return ApiClient(plain)


@pytest.fixture
def cancel_rule(admin_api: ApiClient, team: Team) -> int:
    Tag.objects.create(name="لغو-سفارش")
    body = CANCEL_RULE | {
        "actions": [
            {"type": "tag", "value": "لغو-سفارش"},
            {"type": "assign_team", "value": team.pk},
            {"type": "set_priority", "value": "high"},
        ]
    }
    response = admin_api.post("/rules", body)
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def test_a_matching_inbound_message_is_tagged_and_assigned(
    cancel_rule: int, message: Any, agent: User
) -> None:
    # «لغو» typed with Arabic kaf/yeh variants elsewhere in the text must not matter: normalised both sides.
    conv = message("سلام، لطفاً سفارشم را لغو كنيد")
    conv.refresh_from_db()
    assert list(conv.tags.values_list("name", flat=True)) == ["لغو-سفارش"]
    assert conv.team is not None and conv.assignee == agent  # round-robin inside the team
    assert conv.priority == "high"
    by_rule = ConversationEvent.objects.filter(conversation=conv, actor_kind=ActorKind.RULE)
    assert {e.actor_name for e in by_rule} == {"لغو سفارش به تیم نگهداشت"}
    assert by_rule.filter(type=EventType.TAGGED).exists()


def test_a_message_that_does_not_match_is_left_alone(cancel_rule: int, message: Any) -> None:
    conv = message("سفارشم کی می‌رسد؟")
    conv.refresh_from_db()
    assert not conv.tags.exists() and conv.team is None and conv.priority != "high"
    assert not ConversationEvent.objects.filter(conversation=conv, actor_kind=ActorKind.RULE).exists()


def test_a_rules_own_change_does_not_run_rules_again(
    admin_api: ApiClient, message: Any, committed: Any
) -> None:
    Tag.objects.create(name="بازبینی")
    # Runs on every conversation change: without the guard, its own tagging would run it again.
    response = admin_api.post(
        "/rules",
        {
            "name": "هر تغییر",
            "event": "conversation.updated",
            "conditions": {},
            "actions": [{"type": "tag", "value": "بازبینی"}],
        },
    )
    assert response.status_code == 201
    conv = message("سلام")
    from hamdel.conversations.services import conversation_set_priority

    RuleRun.objects.all().delete()
    committed(conversation_set_priority, conversation=conv, priority="urgent", actor=None)
    assert RuleRun.objects.filter(conversation_id=conv.pk).count() == 1


@override_settings(HAMDEL_RULE_ACTIONS_PER_MINUTE=3)
def test_at_most_n_rule_actions_per_conversation_per_minute(admin_api: ApiClient, message: Any) -> None:
    for name in ("الف", "ب"):
        Tag.objects.create(name=name)
    admin_api.post(
        "/rules",
        CANCEL_RULE | {"actions": [{"type": "tag", "value": "الف"}, {"type": "tag", "value": "ب"}]},
    )
    conv = message("لغو")
    assert RuleRun.objects.filter(conversation_id=conv.pk).count() == 2
    run_rules("message.received", conv.pk)  # a third and fourth action inside the same minute
    assert RuleRun.objects.filter(conversation_id=conv.pk).count() == 3


def test_a_rule_naming_a_deleted_team_is_disabled_with_a_reason(cancel_rule: int, message: Any) -> None:
    Team.objects.all().delete()
    conv = message("لغو کنید")  # the pipeline goes on
    rule = Rule.objects.get(pk=cancel_rule)
    assert not rule.enabled and rule.disabled_reason
    conv.refresh_from_db()
    assert not conv.tags.exists()


def test_dry_run_shows_what_would_have_happened_and_changes_nothing(
    cancel_rule: int, admin_api: ApiClient, message: Any
) -> None:
    Rule.objects.update(enabled=False)
    hit = message("می‌خواهم لغو کنم", address="a@example.ir")
    message("ممنون از شما", address="b@example.ir")
    response = admin_api.post(f"/rules/{cancel_rule}/dry-run")
    assert response.status_code == 200
    body = response.json()
    assert body["checked"] == 2 and body["matched"] == 1
    assert body["matches"][0]["conversation_id"] == hit.pk
    hit.refresh_from_db()
    assert not hit.tags.exists()


def test_a_bad_rule_names_every_bad_part_in_persian(admin_api: ApiClient) -> None:
    response = admin_api.post(
        "/rules",
        {
            "name": "بد",
            "event": "message.flew",
            "conditions": {"all": [{"field": "colour", "op": "is", "value": "x"}]},
            "actions": [{"type": "explode", "value": 1}],
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["extra"]) == {"event", "conditions[0].field", "actions[0].type"}
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])
    missing = admin_api.post(
        "/rules",
        CANCEL_RULE | {"actions": [{"type": "tag", "value": "نیست"}, {"type": "assign_team", "value": 999}]},
    )
    assert missing.status_code == 400
    assert missing.json()["extra"] == {"actions[1].value": "unknown_team"}  # a new tag is made with the rule
    assert not Rule.objects.exists() and not Tag.objects.filter(name="نیست").exists()


def test_only_admins_manage_rules(api: ApiClient, admin_api: ApiClient, cancel_rule: int) -> None:
    assert api.get("/rules").status_code == 403
    assert api.post("/rules", CANCEL_RULE).status_code == 403
    listed = admin_api.get("/rules").json()
    assert [r["id"] for r in listed] == [cancel_rule]
    changed = admin_api.patch(f"/rules/{cancel_rule}", {"enabled": False, "order": 5})
    assert changed.status_code == 200 and changed.json()["enabled"] is False


def test_pending_for_n_business_hours_closes_once(admin_api: ApiClient, message: Any, committed: Any) -> None:
    import datetime as dt

    from hamdel.automation.rules.runner import run_pending_rules
    from hamdel.conversations.services import conversation_set_status

    response = admin_api.post(
        "/rules",
        {
            "name": "بستن پس از انتظار",
            "event": "conversation.pending",
            "conditions": {"all": [{"field": "pending_business_hours", "op": "gte", "value": 24}]},
            "actions": [
                {"type": "add_note", "value": "بسته شد: پاسخی نیامد"},
                {"type": "set_status", "value": "closed"},
            ],
        },
    )
    assert response.status_code == 201, response.content
    conv = message("سلام")
    committed(conversation_set_status, conversation=conv, status="pending", actor=None)
    start = conv.last_message_at
    assert run_pending_rules(now=start + dt.timedelta(hours=2)) == []  # two hours: not yet
    assert run_pending_rules(now=start + dt.timedelta(days=10)) == [(int(response.json()["id"]), conv.pk)]
    conv.refresh_from_db()
    assert conv.status == "closed"
    by_rule = ConversationEvent.objects.get(
        conversation=conv, type=EventType.STATUS_CHANGED, actor_kind=ActorKind.RULE
    )
    assert by_rule.actor_name == "بستن پس از انتظار"
    assert run_pending_rules(now=start + dt.timedelta(days=11)) == []


def test_a_pending_condition_needs_the_pending_event(admin_api: ApiClient) -> None:
    response = admin_api.post(
        "/rules",
        CANCEL_RULE
        | {
            "conditions": {"all": [{"field": "pending_business_hours", "op": "gte", "value": 3}]},
            "actions": [{"type": "set_status", "value": "closed"}],
        },
    )
    assert response.status_code == 400
    assert response.json()["extra"] == {"conditions": "pending_hours_needs_pending_event"}


def test_the_rules_page_shows_why_a_rule_was_switched_off(
    admin: User, cancel_rule: int, message: Any
) -> None:
    from django.test import Client

    Team.objects.all().delete()
    message("لغو کنید")
    client = Client()
    client.force_login(admin)
    page = client.get("/automation/rules/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "لغو سفارش به تیم نگهداشت" in text and Rule.objects.get(pk=cancel_rule).disabled_reason in text
    dry = client.post(f"/automation/rules/{cancel_rule}/dry-run/")
    assert dry.status_code == 200


def test_the_event_catalogue_in_the_docs_is_the_declared_one(db: None) -> None:
    from pathlib import Path

    from hamdel.automation.rules.catalog import event_catalogue_markdown

    doc = (Path(__file__).parents[2] / "docs" / "automation.md").read_text(encoding="utf-8")
    between = doc.split("<!-- events:start -->\n")[1].split("<!-- events:end -->")[0]
    assert between == event_catalogue_markdown()


def test_a_resolution_made_by_a_rule_does_not_run_resolved_rules(
    admin_api: ApiClient, message: Any, committed: Any
) -> None:
    from hamdel.conversations.services import conversation_set_status

    Tag.objects.create(name="حل‌شده")
    for body in (
        CANCEL_RULE | {"actions": [{"type": "set_status", "value": "resolved"}]},
        {
            "name": "پس از حل",
            "event": "conversation.resolved",
            "actions": [{"type": "tag", "value": "حل‌شده"}],
        },
    ):
        assert admin_api.post("/rules", body).status_code == 201
    by_rule = message("لغو")
    assert by_rule.status == "resolved" and not by_rule.tags.exists()
    by_person = message("سلام", address="other@example.ir")
    committed(conversation_set_status, conversation=by_person, status="resolved", actor=None)
    assert list(by_person.tags.values_list("name", flat=True)) == ["حل‌شده"]
