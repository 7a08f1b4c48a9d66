"""Remedies within authority through the API: offer, wait for approval, approve or reject, limits.

Amounts are rials. Default limits: an agent refunds up to 5,000,000, a team lead up to 50,000,000, an
admin without limit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations.models import Conversation, ConversationEvent
from hamdel.core import events as bus
from hamdel.customers.models import Order
from hamdel.policies.remedies.events import (
    RemedyApproved,
    RemedyFulfilled,
    RemedyOffered,
    RemedyRejected,
)
from hamdel.policies.remedies.models import AuthorityLimit, Remedy


class Api:
    """A JSON client with a real API key for one user."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {api_key_create(name=user.username, user=user)[1]}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def send(self, method: str, path: str, data: Any = None) -> Any:
        return self.client.generic(
            method, f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=self.headers
        )

    def post(self, path: str, data: Any = None) -> Any:
        return self.send("POST", path, data if data is not None else {})


@pytest.fixture
def conv(inbound: Callable[..., Any]) -> Conversation:
    return Conversation.objects.get(pk=inbound("کالا خراب رسید، پولم را پس بدهید").conversation_id)


@pytest.fixture
def as_agent(agent: User) -> Api:
    return Api(agent)


@pytest.fixture
def as_lead(lead: User) -> Api:
    return Api(lead)


@pytest.fixture
def as_lead2(db: None) -> Api:
    user = user_create(username="lead2", password="s3cret-pass", role=Role.SUPERVISOR, display_name="رضا")
    return Api(user)


@pytest.fixture
def as_admin(db: None) -> Api:
    return Api(user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر"))


class Heard:
    """The typed remedy events published so far, as (name, payload), after running pending on-commit work.

    The test runs inside one transaction that never commits, so the callbacks the actions queued with
    `transaction.on_commit` are run here, each once, as a commit would.
    """

    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, Any]]] = []
        self.start = len(connection.run_on_commit)

    def __call__(self) -> list[tuple[str, dict[str, Any]]]:
        while self.start < len(connection.run_on_commit):
            callback = connection.run_on_commit[self.start][1]
            self.start += 1
            callback()
        return self.log


@pytest.fixture
def heard(db: None) -> Iterator[Heard]:
    recorder = Heard()
    listeners = []
    for cls in (RemedyOffered, RemedyApproved, RemedyRejected, RemedyFulfilled):

        def record(_name: str = cls.name, **payload: Any) -> None:
            recorder.log.append((_name, payload))

        bus.listen(cls, record)
        listeners.append((cls.name, record))
    yield recorder
    for name, record in listeners:
        bus._listeners[name].remove(record)


def _offer(api: Api, conv: Conversation, **body: Any) -> Any:
    return api.post(f"/conversations/{conv.pk}/remedies", {"note": "", **body})


# --- within and above the limit ------------------------------------------------------------------------


def test_an_agents_refund_within_their_limit_is_approved_at_once(as_agent, conv, heard):
    # when an agent refunds 5,000,000 rials (exactly their limit)
    response = _offer(as_agent, conv, kind="refund", amount=5_000_000, note="بازپرداخت به کارت")
    # then it is approved, and the conversation's history and the typed event say so
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {"id": body["id"], "status": "approved"} and isinstance(body["id"], int)
    remedy = as_agent.get(f"/remedies/{body['id']}").json()
    assert remedy["amount"] == 5_000_000 and remedy["offered_by"]["name"] == "سارا"
    event = ConversationEvent.objects.get(conversation=conv, type="remedy_offered")
    assert event.new["status"] == "approved" and event.new["amount"] == 5_000_000
    assert heard()[0][0] == "remedy_offered" and heard()[0][1]["status"] == "approved"


def test_an_agents_refund_above_the_limit_waits_then_a_lead_approves(as_agent, as_lead, conv, heard):
    # given an agent's refund one rial above their limit
    offered = _offer(as_agent, conv, kind="refund", amount=5_000_001)
    assert offered.status_code == 201
    assert offered.json()["status"] == "pending_approval"
    remedy_id = offered.json()["id"]
    # then it is in the supervisors' queue
    queue = as_lead.get("/remedies", status="pending_approval").json()
    assert [r["id"] for r in queue] == [remedy_id]
    # when a team lead approves it with one call
    approved = as_lead.post(f"/remedies/{remedy_id}/approve")
    # then it is approved, by them, and the queue is empty
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"]["name"] == "نسرین" and approved.json()["decided_at"]
    assert as_lead.get("/remedies", status="pending_approval").json() == []
    types = list(ConversationEvent.objects.filter(conversation=conv).values_list("type", flat=True))
    assert types[-2:] == ["remedy_offered", "remedy_approved"]
    assert [name for name, _payload in heard()] == ["remedy_offered", "remedy_approved"]


def test_a_lead_rejects_with_a_reason_the_agent_reads(as_agent, as_lead, conv, heard):
    remedy_id = _offer(as_agent, conv, kind="store_credit", amount=9_000_000).json()["id"]
    rejected = as_lead.post(f"/remedies/{remedy_id}/reject", {"reason": "ارسال رایگان پیشنهاد بده"})
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["reason"] == "ارسال رایگان پیشنهاد بده"
    listed = as_agent.get(f"/conversations/{conv.pk}/remedies").json()
    assert [(r["id"], r["status"]) for r in listed] == [(remedy_id, "rejected")]
    event = ConversationEvent.objects.get(conversation=conv, type="remedy_rejected")
    assert event.data["reason"] == "ارسال رایگان پیشنهاد بده"
    assert heard()[-1] == (
        "remedy_rejected",
        {
            "remedy_id": remedy_id,
            "conversation_id": conv.pk,
            "approver_id": as_lead.user.pk,
            "reason": "ارسال رایگان پیشنهاد بده",
        },
    )


def test_a_rejection_needs_a_reason(as_agent, as_lead, conv):
    remedy_id = _offer(as_agent, conv, kind="refund", amount=6_000_000).json()["id"]
    response = as_lead.post(f"/remedies/{remedy_id}/reject", {"reason": "  "})
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    assert Remedy.objects.get(pk=remedy_id).status == "pending_approval"


def test_an_agent_cannot_approve(as_agent, conv, agent):
    other = Api(user_create(username="kamran", password="s3cret-pass", display_name="کامران"))
    remedy_id = _offer(other, conv, kind="refund", amount=7_000_000).json()["id"]
    response = as_agent.post(f"/remedies/{remedy_id}/approve")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert Remedy.objects.get(pk=remedy_id).status == "pending_approval"


def test_a_lead_cannot_approve_above_their_own_limit_but_an_admin_can(as_agent, as_lead, as_admin, conv):
    # given an agent's refund of 60,000,000 rials: above the team lead's 50,000,000 too
    remedy_id = _offer(as_agent, conv, kind="refund", amount=60_000_000).json()["id"]
    # when the team lead approves, then it is refused (409) and nothing changes
    refused = as_lead.post(f"/remedies/{remedy_id}/approve")
    assert refused.status_code == 409 and refused.json()["code"] == "above_your_authority"
    assert Remedy.objects.get(pk=remedy_id).status == "pending_approval"
    assert not ConversationEvent.objects.filter(type="remedy_approved").exists()
    # when an admin (no limit) approves, then it is approved
    assert as_admin.post(f"/remedies/{remedy_id}/approve").json()["status"] == "approved"


def test_a_lead_does_not_approve_their_own_offer(as_lead, as_lead2, conv):
    remedy_id = _offer(as_lead, conv, kind="refund", amount=51_000_000).json()["id"]
    assert Remedy.objects.get(pk=remedy_id).status == "pending_approval"
    AuthorityLimit.objects.create(role="supervisor", kind="refund", max_amount=None)  # limits raised since
    own = as_lead.post(f"/remedies/{remedy_id}/approve")
    assert own.status_code == 409 and own.json()["code"] == "own_remedy"
    assert as_lead2.post(f"/remedies/{remedy_id}/approve").json()["status"] == "approved"


def test_a_decided_remedy_is_not_decided_again(as_agent, as_lead, conv):
    remedy_id = _offer(as_agent, conv, kind="refund", amount=8_000_000).json()["id"]
    assert as_lead.post(f"/remedies/{remedy_id}/approve").status_code == 200
    again = as_lead.post(f"/remedies/{remedy_id}/reject", {"reason": "اشتباه شد"})
    assert again.status_code == 409 and again.json()["code"] == "not_pending"
    assert Remedy.objects.get(pk=remedy_id).status == "approved"
    within = _offer(as_agent, conv, kind="refund", amount=1_000).json()["id"]
    assert as_lead.post(f"/remedies/{within}/approve").json()["code"] == "not_pending"


def test_a_discount_code_gets_its_code_when_approved(as_agent, as_lead, conv):
    small_id = _offer(as_agent, conv, kind="discount_code", amount=500_000).json()["id"]
    small = as_agent.get(f"/remedies/{small_id}").json()
    assert small["status"] == "approved" and small["discount_code"].startswith("HMD-")
    large = _offer(as_agent, conv, kind="discount_code", amount=2_500_000).json()
    assert large["status"] == "pending_approval"
    assert as_agent.get(f"/remedies/{large['id']}").json()["discount_code"] is None
    approved = as_lead.post(f"/remedies/{large['id']}/approve").json()
    assert approved["discount_code"].startswith("HMD-")
    assert approved["discount_code"] != small["discount_code"]


def test_kinds_without_an_amount_are_within_an_agents_authority(as_agent, conv):
    for kind in ("replacement", "repair", "free_delivery"):
        response = _offer(as_agent, conv, kind=kind)
        assert (response.status_code, response.json()["status"]) == (201, "approved")
        assert Remedy.objects.get(pk=response.json()["id"]).amount is None


def test_a_zero_limit_always_needs_approval(as_agent, as_admin, conv):
    body = [{"role": "agent", "kind": "free_delivery", "max_amount": 0}]
    assert as_admin.send("PUT", "/authority-limits", body).status_code == 200
    assert _offer(as_agent, conv, kind="free_delivery").json()["status"] == "pending_approval"


# --- the limits ------------------------------------------------------------------------------------------


def test_limits_are_read_by_everyone_and_set_by_an_admin(as_agent, as_admin, conv):
    limits = {(r["role"], r["kind"]): r["max_amount"] for r in as_agent.get("/authority-limits").json()}
    assert len(limits) == 18
    assert limits[("agent", "refund")] == 5_000_000
    assert limits[("supervisor", "refund")] == 50_000_000
    assert limits[("admin", "refund")] is None
    # when the admin raises the agents' refund limit to 8,000,000
    body = [{"role": "agent", "kind": "refund", "max_amount": 8_000_000}]
    response = as_admin.send("PUT", "/authority-limits", body)
    assert response.status_code == 200, response.content
    assert {"role": "agent", "kind": "refund", "max_amount": 8_000_000} in response.json()
    # then a 7,000,000 refund is within the agent's authority, and other limits kept their value
    assert _offer(as_agent, conv, kind="refund", amount=7_000_000).json()["status"] == "approved"
    after = {(r["role"], r["kind"]): r["max_amount"] for r in as_agent.get("/authority-limits").json()}
    assert after[("agent", "store_credit")] == 3_000_000


def test_an_agent_and_a_lead_cannot_change_limits(as_agent, as_lead):
    body = [{"role": "agent", "kind": "refund", "max_amount": None}]
    for api in (as_agent, as_lead):
        response = api.send("PUT", "/authority-limits", body)
        assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not AuthorityLimit.objects.exists()


def test_bad_limits_are_all_named_and_nothing_is_saved(as_admin):
    body = [
        {"role": "agent", "kind": "refund", "max_amount": 1_000},
        {"role": "intern", "kind": "refund", "max_amount": 1},
        {"role": "agent", "kind": "cashback", "max_amount": 1},
        {"role": "supervisor", "kind": "refund", "max_amount": -5},
        {"role": "agent", "kind": "refund", "max_amount": 2_000},
    ]
    response = as_admin.send("PUT", "/authority-limits", body)
    assert response.status_code == 400
    fields = {e["field"]: e["code"] for e in response.json()["extra"]["errors"]}
    assert fields == {
        "limits[1].role": "unknown_role",
        "limits[2].kind": "unknown_kind",
        "limits[3].max_amount": "amount_not_positive",
        "limits[4]": "duplicate",
    }
    assert not AuthorityLimit.objects.exists()


# --- bad input --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"kind": "cashback", "amount": 1_000}, "kind", "unknown_kind"),
        ({"kind": "refund", "amount": -1_000}, "amount", "amount_not_positive"),
        ({"kind": "refund", "amount": 0}, "amount", "amount_not_positive"),
        ({"kind": "refund", "amount": 10**15}, "amount", "amount_too_large"),
        ({"kind": "refund"}, "amount", "amount_required"),
        ({"kind": "store_credit", "amount": None}, "amount", "amount_required"),
        ({"kind": "discount_code", "amount": ""}, "amount", "amount_required"),
        ({"kind": "refund", "amount": "پنج میلیون"}, "amount", "amount_invalid"),
        ({"kind": "refund", "amount": 12.5}, "amount", "amount_invalid"),
        ({"kind": "refund", "amount": True}, "amount", "amount_invalid"),
        ({"kind": "refund", "amount": 1_000, "order_id": 999}, "order_id", "unknown_order"),
        ({"kind": "refund", "amount": 1_000, "order_id": "SO-1"}, "order_id", "unknown_order"),
        ({"kind": "repair", "note": "x" * 2001}, "note", "note_too_long"),
    ],
)
def test_bad_input_is_a_persian_400_and_nothing_is_written(as_agent, conv, body, field, code):
    events_before = ConversationEvent.objects.count()
    response = _offer(as_agent, conv, **body)
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["code"] == code
    assert [e["field"] for e in answer["extra"]["errors"]] == [field]
    assert any("\u0600" <= ch <= "\u06ff" for ch in answer["message"])  # Persian
    assert not Remedy.objects.exists()
    assert ConversationEvent.objects.count() == events_before


def test_every_bad_field_is_named_at_once(as_agent, conv):
    response = _offer(as_agent, conv, kind="cashback", amount=-5)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert [e["field"] for e in response.json()["extra"]["errors"]] == ["kind", "amount"]


def test_amounts_typed_with_persian_digits_and_separators_are_read(as_agent, conv):
    response = _offer(as_agent, conv, kind="refund", amount="۴٬۵۰۰٬۰۰۰")
    assert response.status_code == 201
    assert Remedy.objects.get(pk=response.json()["id"]).amount == 4_500_000


def test_unknown_conversation_and_remedy_are_404(as_agent, as_lead):
    assert _offer_path(as_agent, 999_999).status_code == 404
    assert as_lead.post("/remedies/999999/approve").status_code == 404
    assert as_lead.get("/remedies", status="lost").json()["code"] == "unknown_status"


def _offer_path(api: Api, conversation_id: int) -> Any:
    return api.post(f"/conversations/{conversation_id}/remedies", {"kind": "repair", "note": ""})


def test_a_remedy_for_the_customers_own_order(as_agent, conv, inbound):
    # given an order of this conversation's customer, and one of another customer
    own = Order.objects.create(customer=conv.customer, number="SO-1001", total=4_000_000)
    stranger = Conversation.objects.get(
        pk=inbound("سلام", address="maryam@example.ir", customer_name="مریم").conversation_id
    ).customer
    theirs = Order.objects.create(customer=stranger, number="SO-2002")
    # when the agent refunds against the customer's own order, then it is linked
    response = _offer(as_agent, conv, kind="refund", amount=4_000_000, order_id=own.pk)
    assert response.status_code == 201
    assert as_agent.get(f"/remedies/{response.json()['id']}").json()["order_id"] == own.pk
    # when against the other customer's order, then 409 and nothing is written
    events_before = ConversationEvent.objects.count()
    refused = _offer(as_agent, conv, kind="refund", amount=1_000, order_id=theirs.pk)
    assert refused.status_code == 409
    assert refused.json()["code"] == "order_of_another_customer"
    assert refused.json()["extra"]["errors"][0]["field"] == "order_id"
    assert Remedy.objects.count() == 1 and ConversationEvent.objects.count() == events_before
    # with another bad field too, both are named in one 400
    both = _offer(as_agent, conv, kind="refund", amount=-1, order_id=theirs.pk)
    assert both.status_code == 400
    assert [e["field"] for e in both.json()["extra"]["errors"]] == ["amount", "order_id"]


def test_the_api_shapes(as_agent, as_lead, conv):
    created = _offer(as_agent, conv, kind="refund", amount=6_000_000, note="مرجوعی")
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "status"}
    one = as_lead.get(f"/remedies/{body['id']}").json()
    assert one == {
        "id": body["id"],
        "conversation_id": conv.pk,
        "kind": "refund",
        "amount": 6_000_000,
        "order_id": None,
        "note": "مرجوعی",
        "status": "pending_approval",
        "discount_code": None,
        "offered_by": {"id": as_agent.user.pk, "name": "سارا"},
        "offered_at": one["offered_at"],
        "decided_by": None,
        "decided_at": None,
        "reason": "",
        "fulfilled_at": None,
    }


def test_an_approved_remedy_is_marked_as_carried_out_once(as_agent, as_lead, conv, heard):
    # given a refund waiting for approval, then approved
    remedy_id = _offer(as_agent, conv, kind="refund", amount=6_000_000).json()["id"]
    waiting = as_agent.post(f"/remedies/{remedy_id}/fulfil")
    assert waiting.status_code == 409 and waiting.json()["code"] == "not_approved"
    as_lead.post(f"/remedies/{remedy_id}/approve")
    # when the agent has paid it and marks it done
    done = as_agent.post(f"/remedies/{remedy_id}/fulfil")
    # then it is carried out, once, with its history and event
    assert done.status_code == 200 and done.json()["status"] == "fulfilled" and done.json()["fulfilled_at"]
    assert as_agent.post(f"/remedies/{remedy_id}/fulfil").json()["code"] == "not_approved"
    assert ConversationEvent.objects.filter(conversation=conv, type="remedy_fulfilled").count() == 1
    assert heard()[-1] == (
        "remedy_fulfilled",
        {"remedy_id": remedy_id, "conversation_id": conv.pk, "by_id": as_agent.user.pk},
    )
