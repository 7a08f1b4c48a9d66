"""Every API operation and every staff page, called by an agent, a supervisor and an admin.

The answer must follow the permission table (docs/permissions.md, `core.permissions.MATRIX`): 403 with
code `forbidden` exactly when the role lacks the operation's permission, never a 500, and a refused
request leaves every table as it was. A new operation or page fails `test_every_*_is_classified` until
it is added below with the permission it needs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.config.api import api as ninja_api
from hamdel.conversations.models import Conversation, Message
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.core.permissions import MATRIX, Perm
from hamdel.core.permissions import Role as MatrixRole

ANY = None  # any signed-in staff member (or API key)


@dataclass
class World:
    conversation: Conversation
    message: Message
    customer_id: int
    team: Team
    survey_id: int
    key_id: int
    other_user: User
    inbox_id: int


@dataclass(frozen=True)
class Op:
    perm: Perm | None
    body: Callable[[World], Any] | None = None
    multipart: bool = False


def _survey_body(world: World) -> dict[str, Any]:
    return {"name": "رضایت", "questions": [{"key": "csat", "type": "csat", "text": "راضی بودید؟"}]}


API: dict[tuple[str, str], Op] = {
    ("POST", "/inbound"): Op(
        ANY,
        lambda w: {
            "channel": "api",
            "external_id": "m-1",
            "customer": {"handle": "crm-9"},
            "text": "سلام",
        },
    ),
    # Channel intake, like /inbound: a phone system or a social listening tool posts with its own key.
    ("POST", "/calls"): Op(ANY, lambda w: {"caller": "09120000001", "call_id": "c-1"}),
    ("POST", "/mentions"): Op(ANY, lambda w: {"platform": "instagram", "author": "x", "text": "عالی"}),
    ("POST", "/mentions/import"): Op(ANY, multipart=True),
    # Channel set-up holds credentials: admins only (the list of channel kinds is public knowledge).
    ("GET", "/inboxes/kinds"): Op(ANY),
    ("GET", "/inboxes"): Op(Perm.INBOX_MANAGE),
    ("POST", "/inboxes"): Op(Perm.INBOX_MANAGE, lambda w: {"kind": "chat", "name": "گفتگو"}),
    ("GET", "/inboxes/{inbox_id}"): Op(Perm.INBOX_MANAGE),
    ("PATCH", "/inboxes/{inbox_id}"): Op(Perm.INBOX_MANAGE, lambda w: {"name": "ربات فروش"}),
    ("DELETE", "/inboxes/{inbox_id}"): Op(Perm.INBOX_MANAGE),
    ("POST", "/inboxes/{inbox_id}/webhook-secret"): Op(Perm.INBOX_MANAGE),
    ("GET", "/conversations"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/conversations/bulk"): Op(
        Perm.CONVERSATION_BULK, lambda w: {"ids": [w.conversation.pk], "action": "resolve"}
    ),
    ("GET", "/conversations/{conversation_id}"): Op(Perm.CONVERSATION_VIEW),
    ("PATCH", "/conversations/{conversation_id}"): Op(
        Perm.CONVERSATION_UPDATE, lambda w: {"priority": "high"}
    ),
    ("GET", "/conversations/{conversation_id}/events"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/conversations/{conversation_id}/messages"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/conversations/{conversation_id}/reply"): Op(
        Perm.CONVERSATION_REPLY, lambda w: {"text": "سلام"}
    ),
    ("POST", "/conversations/{conversation_id}/notes"): Op(
        Perm.CONVERSATION_NOTE, lambda w: {"text": "یادداشت"}
    ),
    ("GET", "/tags"): Op(ANY),
    ("POST", "/tags"): Op(Perm.TAG_CREATE, lambda w: {"name": "تازه"}),
    ("GET", "/canned-replies"): Op(ANY),
    ("POST", "/canned-replies"): Op(
        Perm.CANNED_MANAGE, lambda w: {"title": "سلام", "shortcut": "hi", "text": "سلام {customer_name}"}
    ),
    ("POST", "/analyze"): Op(ANY, lambda w: {"texts": ["خیلی ممنون"]}),
    ("PATCH", "/messages/{message_id}/labels"): Op(
        Perm.LABEL_CORRECT, lambda w: {"field": "sentiment", "value": "positive"}
    ),
    ("GET", "/customers"): Op(Perm.CUSTOMER_VIEW),
    ("POST", "/customers"): Op(
        Perm.CUSTOMER_EDIT, lambda w: {"name": "رضا", "identities": [{"kind": "email", "address": "r@x.ir"}]}
    ),
    ("GET", "/customers/{customer_id}"): Op(Perm.CUSTOMER_VIEW),
    ("PATCH", "/customers/{customer_id}"): Op(Perm.CUSTOMER_EDIT, lambda w: {"name": "رضا"}),
    ("POST", "/customers/{customer_id}/notes"): Op(Perm.CUSTOMER_EDIT, lambda w: {"text": "فقط عصرها"}),
    ("GET", "/users"): Op(ANY),
    ("POST", "/users"): Op(
        Perm.USER_MANAGE, lambda w: {"username": "neda", "password": "a-Long-pass-99", "role": "agent"}
    ),
    ("PATCH", "/users/{user_id}"): Op(Perm.USER_MANAGE, lambda w: {"display_name": "ندا"}),
    ("GET", "/teams"): Op(ANY),
    ("POST", "/teams"): Op(Perm.TEAM_MANAGE, lambda w: {"name": "پشتیبانی"}),
    ("PATCH", "/teams/{team_id}"): Op(Perm.TEAM_MANAGE, lambda w: {"name": "فروش ویژه"}),
    ("GET", "/api-keys"): Op(Perm.API_KEY_MANAGE),
    ("POST", "/api-keys"): Op(Perm.API_KEY_MANAGE, lambda w: {"name": "CRM", "user_id": w.other_user.pk}),
    ("DELETE", "/api-keys/{key_id}"): Op(Perm.API_KEY_MANAGE),
    ("GET", "/surveys"): Op(ANY),
    ("POST", "/surveys"): Op(Perm.SURVEY_MANAGE, _survey_body),
    ("GET", "/surveys/{survey_id}"): Op(ANY),
    ("POST", "/surveys/{survey_id}/invitations"): Op(
        Perm.SURVEY_SEND, lambda w: {"customer_id": w.customer_id, "send": False}
    ),
    ("POST", "/surveys/{survey_id}/responses"): Op(
        Perm.FEEDBACK_RECORD, lambda w: {"answers": {"csat": 5}, "customer_id": w.customer_id}
    ),
    ("GET", "/surveys/{survey_id}/summary"): Op(ANY),
    ("POST", "/feedback-items"): Op(Perm.FEEDBACK_RECORD, lambda w: {"source": "review", "text": "خوب بود"}),
    ("GET", "/feedback-items"): Op(ANY),
    ("GET", "/ideas"): Op(ANY),
    ("POST", "/ideas"): Op(Perm.FEEDBACK_RECORD, lambda w: {"title": "پرداخت اقساطی"}),
}

ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


@pytest.fixture
def world(db: None) -> World:
    from hamdel.connectors.models import Inbox
    from hamdel.feedback.models import Survey

    result = ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="ali@example.ir",
            customer_name="علی",
            text="سلام، سفارشم نرسیده",
            external_id="<w-1@example.ir>",
        )
    )
    conversation = Conversation.objects.get(pk=result.conversation_id)
    other = user_create(username="other", password="s3cret-pass", display_name="دیگری")
    team = Team.objects.create(name="فروش")
    key, _plain = api_key_create(name="old", user=other)
    survey = Survey.objects.create(name="پس از گفتگو")
    survey.questions.create(key="csat", type="csat", text="راضی بودید؟", position=0)
    return World(
        conversation=conversation,
        message=Message.objects.get(pk=result.message_id),
        customer_id=conversation.customer_id,
        team=team,
        survey_id=survey.pk,
        key_id=key.pk,
        other_user=other,
        inbox_id=Inbox.objects.create(name="ربات", kind="telegram", bot_token="1:x").pk,
    )


def _key_for(role: str) -> str:
    user = user_create(username=f"as-{role}", password="s3cret-pass", role=role)
    return api_key_create(name=role, user=user)[1]


def _path(template: str, world: World) -> str:
    return template.format(
        conversation_id=world.conversation.pk,
        message_id=world.message.pk,
        customer_id=world.customer_id,
        user_id=world.other_user.pk,
        team_id=world.team.pk,
        key_id=world.key_id,
        survey_id=world.survey_id,
        inbox_id=world.inbox_id,
    )


_VOLATILE = {"last_used_at", "last_login", "updated_at"}


def fingerprint() -> str:
    """Every row of every Hamdel table (and users), so a refused request can be shown to change nothing."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if not model._meta.label.startswith(
            ("accounts.", "customers.", "conversations.", "connectors.")
        ) and (model._meta.app_label not in {"feedback", "core"}):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in _VOLATILE]
        rows = list(model.objects.order_by("pk").values_list(*fields))
        digest.update(model._meta.label.encode())
        digest.update(json.dumps(rows, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def _allowed(perm: Perm | None, role: str) -> bool:
    return perm is None or perm in MATRIX[MatrixRole(role)]


def _call(client: Client, method: str, url: str, op: Op, world: World, key: str) -> Any:
    headers = {"Authorization": f"Bearer {key}"}
    if op.multipart:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("m.csv", "platform,author,text\ninstagram,x,عالی\n".encode(), "text/csv")
        return client.post(url, {"file": upload}, headers=headers)
    body = json.dumps(op.body(world)) if op.body else None
    if method == "GET":
        return client.get(url, headers=headers)
    return client.generic(method, url, body or "", content_type="application/json", headers=headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template"), list(API), ids=[f"{m} {p}" for m, p in API])
def test_api_operation_follows_the_table(world: World, role: str, method: str, template: str) -> None:
    # given a user of this role and their API key
    key = _key_for(role)
    op = API[(method, template)]
    before = fingerprint()
    # when they call the operation with a valid request
    response = _call(Client(), method, f"/api/v1{_path(template, world)}", op, world, key)
    # then it is refused exactly when the table says so, and a refusal changes nothing
    assert response.status_code < 500, response.content
    if _allowed(op.perm, role):
        assert response.status_code not in (401, 403), response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "forbidden"
        assert fingerprint() == before


def test_every_api_operation_is_classified() -> None:
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in schema["paths"].items()
        for method in ops
    }
    assert operations == set(API)


# --- staff pages -----------------------------------------------------------------------------------------

PAGES: dict[str, Perm | None] = {}  # filled in below, by URL name


def _staff_url_names() -> set[str]:
    """Every named, argument-free or world-resolvable GET page outside the public and API areas."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names
