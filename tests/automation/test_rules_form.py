"""The admins' structured rule form: rows in, a rule out; a bad row is named in Persian next to it; edit
and move up/down. Without JavaScript the page has blank rows, and blank rows are ignored."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hamdel.accounts.models import Team, User
from hamdel.automation.rules.models import Rule
from hamdel.conversations.models import Tag


@pytest.fixture
def admin_client(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def _post(team: Team, **rows: str) -> dict[str, str]:
    return {
        "name": "لغو سفارش",
        "event": "message.received",
        "match": "any",
        "c-0-field": "text",
        "c-0-op": "contains",
        "c-0-value": "لغو، کنسل",
        "c-1-field": "priority",
        "c-1-op": "in",
        "c-1-value": "high، urgent",
        "c-2-field": "",  # a blank row (no JavaScript): ignored
        "a-0-type": "tag",
        "a-0-choice": "tag:لغو-سفارش",
        "a-1-type": "assign_team",
        "a-1-choice": f"team:{team.pk}",
        "a-2-type": "notify",
        "a-2-choice": "notify:supervisors",
        "a-2-text": "درخواست لغو",
        "a-3-type": "",
        "a-3-text": "ignored",
    } | rows


def test_a_rule_is_built_from_rows(admin_client: Client, team: Team) -> None:
    Tag.objects.create(name="لغو-سفارش")
    page = admin_client.get("/automation/rules/new/")
    assert page.status_code == 200 and 'name="c-1-field"' in page.content.decode()  # blank rows, no JS
    response = admin_client.post("/automation/rules/new/", _post(team))
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert rule.conditions == {
        "any": [
            {"field": "text", "op": "contains", "value": ["لغو", "کنسل"]},  # any of them
            {"field": "priority", "op": "in", "value": ["high", "urgent"]},
        ]
    }
    assert rule.actions == [
        {"type": "tag", "value": "لغو-سفارش"},
        {"type": "assign_team", "value": team.pk, "round_robin": False},  # the box was not ticked
        {"type": "notify", "value": {"to": "supervisors", "text": "درخواست لغو"}},
    ]


def test_a_bad_row_is_named_next_to_it_and_nothing_is_saved(admin_client: Client, team: Team) -> None:
    response = admin_client.post(
        "/automation/rules/new/", _post(team, **{"c-0-op": "has", "a-2-text": ""}) | {"a-0-choice": ""}
    )
    assert response.status_code == 400 and not Rule.objects.exists()
    html = response.content.decode()
    rows = re.findall(r'<li class="rule-row rule-bad">(.*?)</li>', html, re.S)
    assert len(rows) == 3  # condition 1 (operator), action 1 (no tag), action 3 (notice text)
    assert 'name="c-0-op"' in rows[0] and "عملگر" in rows[0]  # «This operator does not fit the field.»
    assert "این مورد لازم است" in rows[2]
    assert 'value="لغو سفارش"' in html  # what was typed is kept


def test_edit_shows_the_rule_and_saves_the_change(admin_client: Client, team: Team) -> None:
    Tag.objects.create(name="لغو-سفارش")
    admin_client.post("/automation/rules/new/", _post(team, **{"a-1-rr": "1"}))
    rule = Rule.objects.get()
    page = admin_client.get(f"/automation/rules/{rule.pk}/").content.decode()
    assert (
        'value="لغو، کنسل"' in page
        and 'value="high، urgent"' in page
        and f'value="team:{team.pk}" selected' in page
    )
    assert 'value="notify:supervisors" selected' in page and 'value="درخواست لغو"' in page
    changed = _post(team, **{"a-1-rr": "1", "name": "لغو سفارش (تازه)", "c-1-field": ""})
    assert admin_client.post(f"/automation/rules/{rule.pk}/", changed).status_code == 302
    rule.refresh_from_db()
    assert rule.name == "لغو سفارش (تازه)" and len(rule.conditions["any"]) == 1
    assert rule.actions[1]["round_robin"] is True


def test_move_up_and_down_changes_the_run_order(admin_client: Client, admin: User) -> None:
    from hamdel.automation.rules.services import rule_create

    action = [{"type": "set_priority", "value": "high"}]
    first, _second, third = (
        rule_create(actor=admin, data={"name": n, "event": "message.received", "actions": action})
        for n in ("یک", "دو", "سه")
    )
    admin_client.post(f"/automation/rules/{third.pk}/move/", {"direction": "up"})
    assert list(Rule.objects.order_by("order", "pk").values_list("name", flat=True)) == ["یک", "سه", "دو"]
    admin_client.post(f"/automation/rules/{first.pk}/move/", {"direction": "up"})  # already first
    admin_client.post(f"/automation/rules/{first.pk}/move/", {"direction": "down"})
    assert list(Rule.objects.order_by("order", "pk").values_list("name", flat=True)) == ["سه", "یک", "دو"]
    page = admin_client.get("/automation/rules/").content.decode()
    assert page.index(">سه</a>") < page.index(">یک</a>") < page.index(">دو</a>")
