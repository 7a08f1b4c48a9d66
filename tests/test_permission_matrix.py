"""Every API operation and every staff page, called by an agent, a supervisor and an admin.

The answer must follow the permission table (docs/permissions.md, `core.permissions.MATRIX`): 403 with
code `forbidden` exactly when the role lacks the operation's permission, never a 500, and a refused
request leaves every table as it was. A new operation or page fails `test_every_*_is_classified` until
it is added below with the permission it needs.
"""

from __future__ import annotations

import datetime as dt
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
from hamdel.automation.rules.models import Rule
from hamdel.config.api import api as ninja_api
from hamdel.conversations.models import CannedReply, Conversation, Message
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
    calendar_id: int = 0
    sla_policy_id: int = 0
    promise_id: int = 0
    order_id: int = 0
    return_id: int = 0
    remedy_id: int = 0
    webhook_id: int = 0
    delivery_uuid: str = ""
    rule_id: int = 0
    notification_id: int = 0
    canned_id: int = 0
    playbook_entry_id: int = 0
    article_id: int = 0
    category_id: int = 0
    problem_id: int = 0
    stage_id: int = 0


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
    ("POST", "/inbound/batch"): Op(
        ANY,
        lambda w: {
            "messages": [
                {"channel": "api", "external_id": "b-1", "customer": {"handle": "crm-9"}, "text": "سلام"}
            ]
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
    ("POST", "/conversations/{conversation_id}/draft-check"): Op(
        Perm.CONVERSATION_VIEW, lambda w: {"draft": "به‌زودی تماس می‌گیریم"}
    ),
    ("GET", "/conversations/{conversation_id}/promises"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/conversations/{conversation_id}/promises"): Op(
        Perm.PROMISE_EDIT, lambda w: {"text": "تماس", "due": "2099-01-01T10:00:00+03:30"}
    ),
    ("PATCH", "/promises/{promise_id}"): Op(Perm.PROMISE_EDIT, lambda w: {"status": "kept"}),
    ("GET", "/tags"): Op(ANY),
    ("POST", "/tags"): Op(Perm.TAG_CREATE, lambda w: {"name": "تازه"}),
    ("GET", "/canned-replies"): Op(ANY),
    ("GET", "/canned"): Op(ANY),  # the picker's search: each person gets the replies they may use
    ("POST", "/canned-replies"): Op(
        Perm.CANNED_MANAGE, lambda w: {"title": "سلام", "shortcut": "hi", "text": "سلام {customer_name}"}
    ),
    # World's reply is shared: anyone may read and preview it; changing it is for supervisors. Personal
    # replies (canned.personal) are checked per owner in tests/conversations/test_canned.py.
    ("GET", "/canned-replies/{canned_id}"): Op(ANY),
    ("PATCH", "/canned-replies/{canned_id}"): Op(Perm.CANNED_MANAGE, lambda w: {"title": "تازه"}),
    ("DELETE", "/canned-replies/{canned_id}"): Op(Perm.CANNED_MANAGE),
    ("GET", "/canned-replies/{canned_id}/preview"): Op(Perm.CONVERSATION_VIEW),
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
    # the notification centre: one's own notices (someone else's answers 404, never 403)
    ("GET", "/notifications"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/notifications/read-all"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/notifications/{notification_id}/read"): Op(Perm.CONVERSATION_VIEW),
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
    ("GET", "/insights/summary"): Op(Perm.REPORTS_VIEW),
    ("POST", "/feedback-items"): Op(Perm.FEEDBACK_RECORD, lambda w: {"source": "review", "text": "خوب بود"}),
    ("GET", "/feedback-items"): Op(ANY),
    ("GET", "/ideas"): Op(ANY),
    ("POST", "/ideas"): Op(Perm.FEEDBACK_RECORD, lambda w: {"title": "پرداخت اقساطی"}),
    # Business calendars: every staff member reads them (due times), admins change them.
    ("POST", "/calendars"): Op(Perm.CALENDAR_MANAGE, lambda w: {"name": "دفتر مرکزی"}),
    ("GET", "/calendars"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/calendars/{calendar_id}"): Op(Perm.CONVERSATION_VIEW),
    ("PATCH", "/calendars/{calendar_id}"): Op(Perm.CALENDAR_MANAGE, lambda w: {"name": "دفتر شمال"}),
    ("GET", "/calendars/{calendar_id}/add"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/calendars/{calendar_id}/holidays"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/calendars/{calendar_id}/holidays/import"): Op(Perm.CALENDAR_MANAGE, multipart=True),
    ("GET", "/calendars/{calendar_id}/exceptions"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/calendars/{calendar_id}/exceptions"): Op(
        Perm.CALENDAR_MANAGE, lambda w: {"date": "1406-01-05", "spans": []}
    ),
    ("DELETE", "/calendars/{calendar_id}/exceptions/{date}"): Op(Perm.CALENDAR_MANAGE),
    # SLA policies are company set-up: admins only (agents and supervisors see the clocks, not the rules).
    ("GET", "/sla-policies"): Op(Perm.SLA_MANAGE),
    ("POST", "/sla-policies"): Op(
        Perm.SLA_MANAGE, lambda w: {"name": "فوری", "targets": {"first_response": 30}}
    ),
    ("POST", "/sla-policies/order"): Op(Perm.SLA_MANAGE, lambda w: {"ids": [w.sla_policy_id]}),
    ("GET", "/sla-policies/{sla_policy_id}"): Op(Perm.SLA_MANAGE),
    ("PATCH", "/sla-policies/{sla_policy_id}"): Op(Perm.SLA_MANAGE, lambda w: {"warning_percent": 70}),
    # automation rules are company set-up: admins only
    ("GET", "/rules"): Op(Perm.RULE_MANAGE),
    ("POST", "/rules"): Op(
        Perm.RULE_MANAGE,
        lambda w: {
            "name": "فوری",
            "event": "message.received",
            "actions": [{"type": "set_priority", "value": "high"}],
        },
    ),
    ("GET", "/rules/{rule_id}"): Op(Perm.RULE_MANAGE),
    ("PATCH", "/rules/{rule_id}"): Op(Perm.RULE_MANAGE, lambda w: {"order": 3}),
    ("POST", "/rules/{rule_id}/dry-run"): Op(Perm.RULE_MANAGE),
    # orders (customers) and returns (policies): a shop writes orders with a supervisor's or admin's key
    ("POST", "/orders"): Op(
        Perm.ORDER_MANAGE,
        lambda w: {
            "external_id": "N-1",
            "customer": {"email": "new@example.ir"},
            "channel": "online",
            "ordered_at": "2026-11-20T10:00:00+03:30",
            "items": [{"sku": "B", "name": "کتاب", "quantity": 1, "unit_price": 1000}],
        },
    ),
    ("POST", "/orders/import"): Op(Perm.ORDER_MANAGE, multipart=True),
    ("GET", "/orders"): Op(Perm.CUSTOMER_VIEW),
    ("GET", "/orders/{order_id}"): Op(Perm.CUSTOMER_VIEW),
    ("PATCH", "/orders/{order_id}"): Op(
        Perm.ORDER_MANAGE, lambda w: {"delivered_at": "2026-11-22T10:00:00+03:30"}
    ),
    ("GET", "/orders/{order_id}/withdrawal"): Op(Perm.CUSTOMER_VIEW),
    ("POST", "/returns"): Op(
        Perm.RETURN_MANAGE,
        lambda w: {"order_id": w.order_id, "kind": "defect", "items": [{"sku": "A", "quantity": 1}]},
    ),
    ("GET", "/returns"): Op(Perm.CUSTOMER_VIEW),
    ("GET", "/returns/{return_id}"): Op(Perm.CUSTOMER_VIEW),
    ("POST", "/returns/{return_id}/status"): Op(Perm.RETURN_MANAGE, lambda w: {"status": "approved"}),
    # remedies: an agent offers within authority; a team lead decides; the limits are company settings
    ("POST", "/conversations/{conversation_id}/remedies"): Op(
        Perm.REMEDY_OFFER, lambda w: {"kind": "refund", "amount": 1_000_000, "note": ""}
    ),
    ("GET", "/conversations/{conversation_id}/remedies"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/remedies"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/remedies/{remedy_id}"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/remedies/{remedy_id}/approve"): Op(Perm.REMEDY_APPROVE),
    ("POST", "/remedies/{remedy_id}/reject"): Op(Perm.REMEDY_APPROVE, lambda w: {"reason": "نه"}),
    ("POST", "/remedies/{remedy_id}/fulfil"): Op(Perm.REMEDY_OFFER),
    ("GET", "/authority-limits"): Op(ANY),
    ("PUT", "/authority-limits"): Op(
        Perm.SETTINGS_MANAGE, lambda w: [{"role": "agent", "kind": "refund", "max_amount": 6_000_000}]
    ),
    # the abuse shield: any agent may set the boundary; where abusive conversations go is company set-up
    ("POST", "/conversations/{conversation_id}/boundary"): Op(Perm.CONVERSATION_REPLY),
    ("GET", "/coach/shield/settings"): Op(Perm.SETTINGS_MANAGE),
    ("PUT", "/coach/shield/settings"): Op(
        Perm.SETTINGS_MANAGE, lambda w: {"boundary_text": "لطفاً محترمانه", "auto_boundary": True}
    ),
    # webhooks: an integration's address and secret are company set-up (admins only)
    ("GET", "/webhooks/events"): Op(Perm.WEBHOOK_MANAGE),
    ("GET", "/webhooks"): Op(Perm.WEBHOOK_MANAGE),
    ("POST", "/webhooks"): Op(
        Perm.WEBHOOK_MANAGE, lambda w: {"url": "https://93.184.216.34/h", "events": ["sla.breached"]}
    ),
    ("GET", "/webhooks/{webhook_id}"): Op(Perm.WEBHOOK_MANAGE),
    ("PATCH", "/webhooks/{webhook_id}"): Op(Perm.WEBHOOK_MANAGE, lambda w: {"description": "CRM"}),
    ("DELETE", "/webhooks/{webhook_id}"): Op(Perm.WEBHOOK_MANAGE),
    ("POST", "/webhooks/{webhook_id}/secret"): Op(Perm.WEBHOOK_MANAGE),
    ("GET", "/webhooks/{webhook_id}/deliveries"): Op(Perm.WEBHOOK_MANAGE),
    # the reply coach: anyone who replies may have a draft reviewed and tell the coach what they did with it
    ("POST", "/coach/review"): Op(
        Perm.CONVERSATION_REPLY, lambda w: {"draft": "بررسی می‌کنیم", "conversation_id": w.conversation.pk}
    ),
    ("POST", "/coach/decisions"): Op(
        Perm.CONVERSATION_REPLY,
        lambda w: {"conversation_id": w.conversation.pk, "code": "missing_greeting", "decision": "ignored"},
    ),
    ("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): Op(Perm.WEBHOOK_MANAGE),
    # objection playbook (coach): every agent reads and searches, team leads write
    ("GET", "/playbook/search"): Op(Perm.CONVERSATION_VIEW),
    ("GET", "/playbook"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/playbook"): Op(
        Perm.PLAYBOOK_MANAGE, lambda w: {"title": "باید فکر کنم", "answer": "حتماً؛ فردا ساعت ۱۱ تماس می‌گیرم."}
    ),
    ("GET", "/playbook/{playbook_entry_id}"): Op(Perm.CONVERSATION_VIEW),
    ("PATCH", "/playbook/{playbook_entry_id}"): Op(Perm.PLAYBOOK_MANAGE, lambda w: {"active": False}),
    ("DELETE", "/playbook/{playbook_entry_id}"): Op(Perm.PLAYBOOK_MANAGE),
    # knowledge base (issue 12): agents write drafts; the world's article is public, so changing it publishes
    ("POST", "/kb/articles"): Op(Perm.KB_WRITE, lambda w: {"title": "ساعت کاری", "body": "۹ تا ۱۷"}),
    ("POST", "/kb/articles/from-message"): Op(Perm.KB_WRITE, lambda w: {"message_id": w.message.pk}),
    ("GET", "/kb/articles/{article_id}"): Op(Perm.CONVERSATION_VIEW),
    ("PATCH", "/kb/articles/{article_id}"): Op(Perm.KB_PUBLISH, lambda w: {"body": "متن تازه"}),
    ("GET", "/kb/search"): Op(Perm.CONVERSATION_VIEW),
    ("DELETE", "/kb/articles/{article_id}"): Op(Perm.KB_PUBLISH),  # not theirs: a publisher's (409: archive)
    ("GET", "/kb/categories"): Op(Perm.CONVERSATION_VIEW),
    ("POST", "/kb/categories"): Op(Perm.KB_PUBLISH, lambda w: {"name": "پرداخت"}),
    ("PATCH", "/kb/categories/{category_id}"): Op(Perm.KB_PUBLISH, lambda w: {"order": 3}),
    ("DELETE", "/kb/categories/{category_id}"): Op(Perm.KB_PUBLISH),
    # the bot's answer (issue 12): read-only, for integrations with any staff key
    ("POST", "/bot/answer"): Op(Perm.CONVERSATION_VIEW, lambda w: {"text": "ساعت کاری شما چیست؟"}),
    # recurring problems (insights.problems): team leads read and change them
    ("GET", "/insights/problems"): Op(Perm.REPORTS_VIEW),
    ("POST", "/insights/problems/{problem_id}/name"): Op(Perm.PROBLEM_MANAGE, lambda w: {"name": "باتری"}),
    ("POST", "/insights/problems/{problem_id}/merge"): Op(
        Perm.PROBLEM_MANAGE, lambda w: {"into_id": w.problem_id}
    ),
    ("POST", "/insights/problems/{problem_id}/split"): Op(Perm.PROBLEM_MANAGE),
    ("POST", "/insights/problems/{problem_id}/fixed"): Op(Perm.PROBLEM_MANAGE, lambda w: {"fixed": True}),
}

ROLES = (Role.AGENT, Role.SUPERVISOR, Role.ADMIN)


@pytest.fixture
def world(db: None) -> World:
    from hamdel.automation.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
    from hamdel.coach.playbook.models import PlaybookEntry
    from hamdel.connectors.models import Inbox
    from hamdel.core.models import Calendar
    from hamdel.feedback.models import Survey
    from hamdel.insights.problems.models import JourneyStage, Problem
    from hamdel.knowledge.models import Category
    from hamdel.knowledge.services import article_create
    from hamdel.policies.promises.models import Promise
    from hamdel.policies.remedies.services import remedy_offer
    from hamdel.policies.sla.models import SlaPolicy

    # A given-up delivery to redeliver (nothing is sent: on-commit work does not run in these tests).
    hook = WebhookSubscription.objects.create(
        url="https://93.184.216.34/h", events=["sla.breached"], secret="s"
    )
    done = WebhookDelivery.objects.create(
        subscription=hook, event="sla.breached", body="{}", state=DeliveryState.FAILED
    )
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
    from hamdel.core.permissions import SYSTEM
    from hamdel.customers.orders import OrderIn, OrderItemIn, order_create
    from hamdel.policies.returns.services import ReturnItemIn, return_open

    order = order_create(
        actor=SYSTEM,
        data=OrderIn(
            external_id="W-1",
            channel="online",
            ordered_at="2026-11-20T10:00:00+03:30",
            customer_email="ali@example.ir",
            items=[OrderItemIn(sku="A", name="کتری", quantity=3, unit_price=1000)],
        ),
    ).order
    ret = return_open(actor=SYSTEM, order=order, kind="defect", items=[ReturnItemIn(sku="A", quantity=1)])
    from hamdel.accounts.models import Notification

    return World(
        notification_id=Notification.objects.create(user=other, text="برای دیگری").pk,
        playbook_entry_id=PlaybookEntry.objects.create(title="گران است", answer="حق دارید.").pk,
        article_id=article_create(
            actor=SYSTEM, data={"title": "هزینه ارسال", "body": "رایگان", "visibility": "public"}
        ).pk,
        category_id=Category.objects.create(name="ارسال", slug="ersal").pk,
        problem_id=Problem.objects.create(label="باتری، باد", centroid={"باتری": 1.0}).pk,
        stage_id=JourneyStage.objects.get(key="delivery").pk,
        webhook_id=hook.pk,
        delivery_uuid=str(done.uuid),
        order_id=order.pk,
        return_id=ret.pk,
        conversation=conversation,
        message=Message.objects.get(pk=result.message_id),
        customer_id=conversation.customer_id,
        team=team,
        survey_id=survey.pk,
        key_id=key.pk,
        other_user=other,
        inbox_id=Inbox.objects.create(name="ربات", kind="telegram", bot_token="1:x").pk,
        calendar_id=Calendar.objects.create(name="ساعات کاری").pk,
        sla_policy_id=SlaPolicy.objects.create(name="عادی", first_response_minutes=240).pk,
        canned_id=CannedReply.objects.create(title="خوش‌آمد", shortcut="welcome", text="سلام").pk,
        rule_id=Rule.objects.create(
            name="برچسب", event="message.received", actions=[{"type": "set_priority", "value": "high"}]
        ).pk,
        promise_id=Promise.objects.create(
            conversation=conversation,
            text="تماس",
            due=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
            source="manual",
        ).pk,
        remedy_id=remedy_offer(
            actor=other, conversation=conversation, kind="refund", amount=9_000_000
        ).pk,  # waits for approval: the other user's refund is above an agent's limit
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
        calendar_id=world.calendar_id,
        date="2027-03-25",
        sla_policy_id=world.sla_policy_id,
        promise_id=world.promise_id,
        order_id=world.order_id,
        return_id=world.return_id,
        remedy_id=world.remedy_id,
        webhook_id=world.webhook_id,
        delivery_id=world.delivery_uuid,
        rule_id=world.rule_id,
        notification_id=world.notification_id,
        canned_id=world.canned_id,
        playbook_entry_id=world.playbook_entry_id,
        article_id=world.article_id,
        category_id=world.category_id,
        problem_id=world.problem_id,
    )


_VOLATILE = {"last_used_at", "last_login", "updated_at"}
HAMDEL_APPS = {
    "accounts",
    "customers",
    "conversations",
    "connectors",
    "feedback",
    "core",
    "policies",
    "coach",
    "automation",
    "knowledge",
    "bot",
    "insights",
    "problems",
}


def fingerprint() -> str:
    """Every row of every Hamdel table (and users), so a refused request can be shown to change nothing."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.app_label not in HAMDEL_APPS:
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

# Every named URL is one of: a staff page (GET, with the permission it needs), a staff action (POST only,
# checked by its service, like the API), a public page (customers, channels' webhooks, log-in) or the API.
PAGES: dict[str, Perm | None] = {
    "conversations:inbox": Perm.CONVERSATION_VIEW,
    "conversations:conversation": Perm.CONVERSATION_VIEW,
    "conversations:conversation_timeline": Perm.CONVERSATION_VIEW,
    "conversations:canned_render": Perm.CONVERSATION_VIEW,
    "conversations:attachment": Perm.CONVERSATION_VIEW,
    # Everyone keeps their own replies there (canned.personal); the shared ones are read-only for agents.
    "conversations:canned_list": Perm.CANNED_PERSONAL,
    "conversations:canned_edit": Perm.CANNED_PERSONAL,
    "conversations:tag_list": Perm.TAG_CREATE,
    "conversations:tag_edit": Perm.TAG_CREATE,
    "customers:customers": Perm.CUSTOMER_VIEW,
    "customers:customer": Perm.CUSTOMER_VIEW,
    "customers:customer_export": Perm.CUSTOMER_EXPORT,
    "customers:customer_erase": Perm.CUSTOMER_ERASE,  # GET: the confirm step; POST erases
    "audit_log": Perm.AUDIT_VIEW,
    "settings": None,  # the hub: redirects to the first section the person may manage (403 if none)
    "accounts:password": ANY,
    "accounts:password_done": ANY,
    "accounts:users": Perm.USER_MANAGE,
    "accounts:user_new": Perm.USER_MANAGE,
    "accounts:user_edit": Perm.USER_MANAGE,
    "accounts:teams": Perm.TEAM_MANAGE,
    "accounts:team_edit": Perm.TEAM_MANAGE,
    "accounts:api_keys": Perm.API_KEY_MANAGE,
    "connectors:settings": Perm.INBOX_MANAGE,
    "system_status": Perm.SETTINGS_MANAGE,  # crash recovery figures (hamdel doctor)
    "connectors:settings_new": Perm.INBOX_MANAGE,
    "connectors:settings_edit": Perm.INBOX_MANAGE,
    "feedback:home": Perm.CUSTOMER_VIEW,
    "feedback:survey_new": Perm.SURVEY_MANAGE,
    "feedback:results": Perm.CUSTOMER_VIEW,
    "feedback:survey_edit": Perm.SURVEY_MANAGE,
    "feedback:export": Perm.REPORTS_VIEW,
    "feedback:survey_qr": Perm.CUSTOMER_VIEW,
    "feedback:cards": Perm.CUSTOMER_VIEW,
    "feedback:card_print": Perm.CUSTOMER_VIEW,
    "feedback:card_qr": Perm.CUSTOMER_VIEW,
    "feedback:calls": Perm.CUSTOMER_VIEW,
    "feedback:call": Perm.CUSTOMER_VIEW,
    "feedback:ideas_admin": Perm.CUSTOMER_VIEW,
    "feedback:idea_admin": Perm.CUSTOMER_VIEW,
    "feedback:listening": Perm.CUSTOMER_VIEW,
    "feedback:audits": Perm.CUSTOMER_VIEW,
    "feedback:focus_groups": Perm.CUSTOMER_VIEW,
    "policies:calendar_list": Perm.CALENDAR_MANAGE,
    "policies:calendar_edit": Perm.CALENDAR_MANAGE,
    "policies:calendar_holidays": Perm.CALENDAR_MANAGE,
    "policies:sla_list": Perm.SLA_MANAGE,
    "policies:sla_edit": Perm.SLA_MANAGE,
    "automation:rules_list": Perm.RULE_MANAGE,
    "automation:rules_new": Perm.RULE_MANAGE,
    "automation:rules_edit": Perm.RULE_MANAGE,
    "policies:returns_list": Perm.CUSTOMER_VIEW,
    "policies:remedy_queue": Perm.REMEDY_APPROVE,
    "policies:remedy_limits": Perm.SETTINGS_MANAGE,
    "automation:webhook_list": Perm.WEBHOOK_MANAGE,
    "automation:webhook_detail": Perm.WEBHOOK_MANAGE,
    "accounts:notifications": Perm.CONVERSATION_VIEW,
    "coach:shield_settings": Perm.SETTINGS_MANAGE,
    "bot:settings": Perm.SETTINGS_MANAGE,
    "coach:review_report": Perm.COACH_REPORT,
    "coach:review_team": Perm.COACH_REPORT,
    "coach:review_export": Perm.COACH_REPORT,
    "coach:playbook_list": Perm.PLAYBOOK_MANAGE,
    "coach:playbook_edit": Perm.PLAYBOOK_MANAGE,
    "knowledge:list": Perm.CONVERSATION_VIEW,
    "knowledge:article": Perm.CONVERSATION_VIEW,
    "knowledge:misses": Perm.CONVERSATION_VIEW,
    "knowledge:new": Perm.KB_WRITE,
    "knowledge:edit": Perm.KB_WRITE,
    "knowledge:categories": Perm.CONVERSATION_VIEW,
    "insights:overview": Perm.REPORTS_VIEW,
    "insights:teams": Perm.REPORTS_VIEW,
    "insights:channels": Perm.REPORTS_VIEW,
    "insights:surveys": Perm.REPORTS_VIEW,
    "insights:export": Perm.REPORTS_VIEW,
    "problems:list": Perm.REPORTS_VIEW,
    "problems:detail": Perm.REPORTS_VIEW,
    "problems:journey": Perm.REPORTS_VIEW,
    "problems:journey_stage": Perm.PROBLEM_MANAGE,
    "problems:loyalty": Perm.REPORTS_VIEW,
    "problems:loyalty_export": Perm.REPORTS_VIEW,
}
ACTIONS = {
    "automation:rules_toggle",
    "automation:rules_dry_run",
    "automation:rules_move",
    "conversations:inbox_bulk",
    "conversations:conversation_reply",
    "conversations:conversation_update",
    "conversations:delivery_retry",
    "conversations:label_correct",
    "conversations:message_reveal",
    "conversations:message_redact",
    "coach:shield_boundary",
    "customers:customer_note",
    "customers:customer_edit",
    "accounts:api_key_revoke",
    "accounts:notification_read",
    "accounts:notification_read_all",
    "accounts:logout",
    "connectors:settings_action",
    "connectors:customer_call",
    "connectors:customer_walk_in",
    "feedback:survey_invite",
    "feedback:idea_from_conversation",
    "policies:promise_add",
    "coach:review_context",
    "problems:act",
    "policies:promise_edit",
    "policies:remedy_offer",
    "policies:remedy_decide",
    "policies:remedy_fulfil",
    "web:availability",
    "policies:sla_move",
    "policies:return_open",
    "policies:return_status",
    "set_language",
    "knowledge:preview",
    "knowledge:publish",
    "knowledge:from_message",
    "knowledge:delete",
    "knowledge:category_edit",
    "knowledge:category_delete",
}
PUBLIC = {
    "accounts:login",
    "connectors:webhook",
    "connectors:bot_webhook",
    "connectors:sms_inbound",
    "connectors:sms_status",
    "connectors:chat",
    "connectors:chat_history",
    "connectors:chat_send",
    "connectors:form",
    "connectors:form_track",
    "connectors:form_track_answer",
    "conversations:attachment_shared",  # a signed link that expires, given to the customer who sent the file
    "feedback:answer",
    "feedback:link",
    "feedback:card",
    "feedback:thanks",
    "feedback:ideas",
    "feedback:idea",
    "feedback:idea_vote",
    "feedback:idea_comment",
    "help:home",
    "help:search",
    "help:contact",
    "help:category",
    "help:article",
    "help:vote",
}


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "")
    return {n for n in names if not n.startswith(("admin:", "api:"))}


def test_every_page_is_classified() -> None:
    assert _url_names() == set(PAGES) | ACTIONS | PUBLIC


@pytest.fixture
def places(world: World) -> dict[str, list[Any]]:
    """The URL arguments of each page, made from real rows."""
    from django.core.files.base import ContentFile

    from hamdel.connectors.models import Inbox
    from hamdel.conversations.models import Attachment, Tag
    from hamdel.feedback.models import FollowUpCall, Idea, Location, Survey

    survey = Survey.objects.get(pk=world.survey_id)
    number = world.conversation.number
    canned = CannedReply.objects.create(title="سلام", shortcut="hi", text="سلام {customer_name}")
    tag = Tag.objects.create(name="مالی")
    location = Location.objects.create(branch="شعبهٔ مرکزی", survey=survey)
    idea = Idea.objects.create(title="پرداخت اقساطی")
    call = FollowUpCall.objects.create(
        survey=survey,
        customer_id=world.customer_id,
        reason="ناراضی",
        due_on=world.conversation.created_at.date(),
    )
    inbox = Inbox.objects.create(name="پشتیبانی", kind="email")
    attachment = Attachment(
        message=world.conversation.messages.first(), name="a.txt", content_type="text/plain", size=2
    )
    attachment.file.save("a.txt", ContentFile(b"hi"), save=True)
    return {
        "conversations:attachment": [attachment.pk],
        "conversations:conversation": [number],
        "conversations:conversation_timeline": [number],
        "conversations:canned_render": [number, canned.pk],
        "conversations:canned_edit": [canned.pk],
        "conversations:tag_edit": [tag.pk],
        "customers:customer": [world.customer_id],
        "customers:customer_export": [world.customer_id],
        "customers:customer_erase": [world.customer_id],
        "accounts:user_edit": [world.other_user.pk],
        "accounts:team_edit": [world.team.pk],
        "connectors:settings_edit": [inbox.pk],
        "feedback:results": [survey.pk],
        "feedback:survey_edit": [survey.pk],
        "feedback:export": [survey.pk],
        "feedback:survey_qr": [survey.pk, "svg"],
        "feedback:card_print": [location.pk],
        "feedback:card_qr": [location.pk, "svg"],
        "feedback:call": [call.pk],
        "feedback:idea_admin": [idea.pk],
        "policies:calendar_edit": [world.calendar_id],
        "policies:calendar_holidays": [world.calendar_id],
        "policies:sla_edit": [world.sla_policy_id],
        "automation:webhook_detail": [world.webhook_id],
        "automation:rules_edit": [world.rule_id],
        "coach:review_team": [world.team.pk],
        "coach:playbook_edit": [world.playbook_entry_id],
        "knowledge:article": [world.article_id],
        "knowledge:edit": [world.article_id],
        "insights:export": ["csv"],
        "problems:detail": [world.problem_id],
        "problems:journey_stage": [world.stage_id],
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(PAGES))
def test_staff_page_follows_the_table(places: dict[str, list[Any]], role: str, name: str) -> None:
    from django.urls import reverse

    # given a signed-in staff member of this role
    user = user_create(username=f"as-{role}", password="s3cret-pass", role=role)
    client = Client()
    client.force_login(user)
    # when they open the page
    query = {"connectors:settings_new": "?kind=email"}.get(name, "")  # the new-inbox form is per channel
    response = client.get(reverse(name, args=places.get(name, [])) + query)
    # then it opens (or redirects to where it belongs) exactly when the table allows it
    perm = PAGES[name]
    if name == "settings":
        allowed = any(
            p in MATRIX[MatrixRole(role)]
            for p in (Perm.USER_MANAGE, Perm.CANNED_MANAGE, Perm.CANNED_PERSONAL, Perm.TAG_CREATE)
        )
    else:
        allowed = _allowed(perm, role)
    assert response.status_code < 500
    if allowed:
        assert response.status_code == (302 if name == "settings" else 200), (name, response.status_code)
    else:
        assert response.status_code == 403, (name, response.status_code)
        assert "اجازه" in response.content.decode()  # the Persian 403 page


def test_the_foundation_bar(world: World) -> None:
    """An agent's key is refused surveys and users; an admin's creates both (201)."""
    agent, admin = Client(), Client()
    agent_key, admin_key = _key_for(Role.AGENT), _key_for(Role.ADMIN)
    survey, user = _survey_body(world), {"username": "neda", "password": "a-Long-pass-99", "role": "agent"}
    for body, path in ((survey, "/api/v1/surveys"), (user, "/api/v1/users")):
        refused = agent.post(
            path,
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {agent_key}"},
        )
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
        created = admin.post(
            path,
            json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {admin_key}"},
        )
        assert created.status_code == 201, created.content


def test_an_account_without_a_known_role_reads_nothing_through_the_api(world: World) -> None:
    stray = user_create(username="stray", password="s3cret-pass")
    User.objects.filter(pk=stray.pk).update(role="guest")
    key = api_key_create(name="stray", user=stray)[1]
    for path in ("/api/v1/users", "/api/v1/tags", "/api/v1/surveys", "/api/v1/conversations"):
        response = Client().get(path, headers={"Authorization": f"Bearer {key}"})
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), path
