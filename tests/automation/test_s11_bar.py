"""The issue's acceptance walk ("S11-automation", rules half), through the public API only, as an
integration would call it: the issue's example rule, a matching inbound message on the generic channel is
tagged and assigned, one that does not match is left alone. Real commits (transactional database), so the
typed events reach the rules exactly as in production. The webhook half: tests/automation/test_webhooks_*.
"""

from __future__ import annotations

from typing import Any

import pytest

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db(transaction=True)

# The example of issue 16, word for word, plus an assignment.
EXAMPLE: dict[str, Any] = {
    "name": "لغو سفارش",
    "event": "message.received",
    "conditions": {"all": [{"field": "text", "op": "contains", "value": "لغو"}]},
    "actions": [{"type": "tag", "value": "لغو-سفارش"}, {"type": "set_priority", "value": "high"}],
}


@pytest.fixture
def admin_api() -> ApiClient:
    admin = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
    return ApiClient(api_key_create(name="shop", user=admin)[1])


def _inbound(api: ApiClient, external_id: str, phone: str, text: str) -> int:
    response = api.post(
        "/inbound",
        {
            "channel": "telegram",
            "external_id": external_id,
            "customer": {"name": "مشتری", "phone": phone},
            "text": text,
        },
    )
    assert response.status_code == 201, response.content
    return int(response.json()["conversation_id"])


def _conversation(api: ApiClient, conversation_id: int) -> dict[str, Any]:
    response = api.get(f"/conversations/{conversation_id}")
    assert response.status_code == 200, response.content
    return dict(response.json())


@pytest.mark.parametrize("assign", ["team", "agent"])
def test_a_rule_tags_and_assigns_a_matching_inbound_message_and_not_another(
    admin_api: ApiClient, assign: str
) -> None:
    agent = admin_api.post(
        "/users", {"username": "sara", "password": "s3cret-pass-1", "role": "agent", "display_name": "سارا"}
    )
    assert agent.status_code == 201, agent.content
    agent_id = int(agent.json()["id"])
    team = admin_api.post("/teams", {"name": "نگهداشت مشتری", "member_ids": [agent_id]})
    assert team.status_code == 201, team.content
    team_id = int(team.json()["id"])
    assignment = (
        {"type": "assign_team", "value": team_id}
        if assign == "team"
        else {"type": "assign_agent", "value": agent_id}
    )
    created = admin_api.post("/rules", EXAMPLE | {"actions": [*EXAMPLE["actions"], assignment]})
    assert created.status_code == 201, created.content
    rule_id = int(created.json()["id"])
    assert set(created.json()) == {"id"}

    # «لغو» with an Arabic kaf in «كنيد»: the text is normalised on both sides
    matching = _inbound(admin_api, "tg-1", "09121110001", "سلام، لطفاً سفارش ۱۲۳ را لغو كنيد")
    conv = _conversation(admin_api, matching)
    assert conv["tags"] == ["لغو-سفارش"]
    assert conv["priority"] == "high"
    assert conv["assignee_id"] == agent_id  # the team round-robins to its only member
    if assign == "team":
        assert conv["team_id"] == team_id
    history = admin_api.get(f"/conversations/{matching}/events").json()
    by_rule = [e for e in history if e["actor"]["kind"] == "rule"]
    assert by_rule and all(
        e["actor"] == {"kind": "rule", "id": rule_id, "name": "لغو سفارش"} for e in by_rule
    )

    other = _inbound(admin_api, "tg-2", "09121110002", "سفارشم کی می‌رسد؟")
    conv = _conversation(admin_api, other)
    assert conv["tags"] == [] and conv["priority"] != "high"
    assert conv["assignee_id"] is None and conv["team_id"] is None
    assert not [
        e for e in admin_api.get(f"/conversations/{other}/events").json() if e["actor"]["kind"] == "rule"
    ]
