"""Returns and the withdrawal right: the hand-checked window table, the API contract, statuses, refusals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations.models import Conversation, ConversationEvent, Direction, Message
from hamdel.core.permissions import SYSTEM
from hamdel.core.persian import TEHRAN
from hamdel.customers.models import Order
from hamdel.customers.orders import OrderIn, OrderItemIn, order_create
from hamdel.policies.returns.models import Return
from hamdel.policies.returns.withdrawal import withdrawal_verdict
from tests.conftest import ApiClient


def tehran(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TEHRAN)


def make_order(
    number: str = "DK-1",
    *,
    channel: str = "online",
    delivered: dt.datetime | None = None,
    email: str = "ali@example.ir",
    ordered: dt.datetime | None = None,
) -> Order:
    ordered = ordered or (delivered - dt.timedelta(days=2) if delivered else timezone.now())
    return order_create(
        actor=SYSTEM,
        data=OrderIn(
            external_id=number,
            channel=channel,
            ordered_at=ordered,
            delivered_at=delivered,
            customer_email=email,
            customer_name="علی رضایی",
            items=[
                OrderItemIn(sku="KTL-1", name="کتری برقی", quantity=1, unit_price=12_500_000),
                OrderItemIn(sku="CUP-6", name="لیوان", quantity=6, unit_price=450_000),
            ],
        ),
    ).order


# --- the window, checked by hand ----------------------------------------------------------------------
# Default calendar (Sat–Wed, Thursday half day, Friday closed, Iran's holidays); window 14 days, at least 7
# working days. Delivered Monday 23 Nov 2026 (2 Azar 1405): day 14 is 7 Dec (16 Azar); the 7th working day
# is 1 Dec, earlier, so 7 Dec counts. Delivered Thursday 18 Mar 2027 (27 Esfand 1405): day 14 is 1 Apr
# (12 Farvardin 1406, a holiday); 7 working days skip Friday, Esfand 29, Nowruz 1–4, Friday, Farvardin
# 12–13 and 14 Farvardin (Imam Sadiq's martyrdom, an estimated Islamic date), and end on Sunday 4 Apr
# (15 Farvardin), later than day 14, so 4 Apr counts.
WINDOW_TABLE = [
    # delivered, now, eligible, deadline
    (tehran(2026, 11, 23, 16, 30), tehran(2026, 11, 24, 9, 0), True, dt.date(2026, 12, 7)),
    (tehran(2026, 11, 23, 16, 30), tehran(2026, 12, 7, 23, 59), True, dt.date(2026, 12, 7)),
    (tehran(2026, 11, 23, 16, 30), tehran(2026, 12, 8, 0, 1), False, dt.date(2026, 12, 7)),
    (tehran(2026, 11, 23, 0, 10), tehran(2026, 12, 8, 0, 1), False, dt.date(2026, 12, 7)),  # 22 Nov 20:40 UTC
    (tehran(2027, 3, 18, 12, 0), tehran(2027, 4, 2, 10, 0), True, dt.date(2027, 4, 4)),
    (tehran(2027, 3, 18, 12, 0), tehran(2027, 4, 4, 18, 0), True, dt.date(2027, 4, 4)),
    (tehran(2027, 3, 18, 12, 0), tehran(2027, 4, 5, 8, 0), False, dt.date(2027, 4, 4)),
]


@pytest.mark.parametrize(("delivered", "now", "eligible", "deadline"), WINDOW_TABLE)
def test_the_withdrawal_window_follows_the_hand_checked_table(
    db: None, delivered: dt.datetime, now: dt.datetime, eligible: bool, deadline: dt.date
) -> None:
    order = make_order(delivered=delivered)
    verdict = withdrawal_verdict(order, now=now)
    assert (verdict.applicable, verdict.eligible, verdict.deadline) == (True, eligible, deadline)
    assert verdict.reason_required is (not eligible)


def test_across_nowruz_seven_working_days_outlast_fourteen_calendar_days(db: None) -> None:
    order = make_order(delivered=tehran(2027, 3, 18, 12, 0))
    verdict = withdrawal_verdict(order, now=tehran(2027, 4, 2, 10, 0))
    assert verdict.deadline == dt.date(2027, 4, 4) > dt.date(2027, 3, 18) + dt.timedelta(days=14)
    assert "۱۵ فروردین ۱۴۰۶" in verdict.explanation


def test_a_short_company_window_never_goes_below_seven_working_days(db: None, settings: Any) -> None:
    # given a company policy of 3 days, delivered Wednesday 25 Nov 2026
    settings.HAMDEL_WITHDRAWAL_DAYS = 3
    order = make_order(delivered=tehran(2026, 11, 25, 11, 0))
    # then the legal 7 working days win: Thu 26, Sat 28, Sun 29, Mon 30, Tue 1, Wed 2, Thu 3 Dec
    verdict = withdrawal_verdict(order, now=tehran(2026, 12, 3, 12, 0))
    assert verdict.eligible and verdict.deadline == dt.date(2026, 12, 3)
    assert not withdrawal_verdict(order, now=tehran(2026, 12, 5, 9, 0)).eligible


def test_outside_the_window_the_explanation_says_why_and_which_day_passed(db: None) -> None:
    order = make_order(delivered=tehran(2026, 11, 23, 16, 30))
    verdict = withdrawal_verdict(order, now=tehran(2026, 12, 20, 9, 0))
    assert not verdict.eligible and verdict.applicable
    assert "۱۶ آذر ۱۴۰۵" in verdict.explanation and "گذشته" in verdict.explanation


def test_an_in_store_sale_has_no_withdrawal_right(db: None) -> None:
    order = make_order(channel="store", delivered=tehran(2026, 11, 23, 16, 30))
    verdict = withdrawal_verdict(order, now=tehran(2026, 11, 24, 9, 0))
    assert (verdict.applicable, verdict.eligible, verdict.deadline) == (False, False, None)
    assert "حضوری" in verdict.explanation


def test_not_delivered_yet_the_window_has_not_started(db: None) -> None:
    verdict = withdrawal_verdict(make_order(delivered=None))
    assert (verdict.applicable, verdict.eligible, verdict.deadline, verdict.reason_required) == (
        True,
        True,
        None,
        False,
    )
    assert "تحویل" in verdict.explanation


# --- the API -------------------------------------------------------------------------------------------


@pytest.fixture
def lead_api(lead: Any) -> ApiClient:
    return ApiClient(api_key_create(name="lead", user=lead)[1])


@pytest.fixture
def conversation(inbound: Any) -> Conversation:
    """Ali wrote to us by e-mail; his orders use the same address, so they are his."""
    return Conversation.objects.get(pk=inbound("می‌خواهم کتری را پس بدهم").conversation_id)


def _recent(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_a_withdrawal_inside_the_window_needs_no_reason_and_the_customer_is_told(
    api: ApiClient, conversation: Conversation
) -> None:
    # given an online order delivered three days ago
    order = make_order(delivered=_recent(3))
    # when the agent opens a withdrawal from the conversation, without a reason
    response = api.post(
        "/returns", {"order_id": order.pk, "kind": "withdrawal", "conversation_id": conversation.pk}
    )
    # then it is open, eligible, and the customer got a Persian message on the conversation's channel
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "requested"
    assert body["withdrawal"]["eligible"] is True and body["withdrawal"]["reason_required"] is False
    assert (
        body["withdrawal"]["deadline"]
        == (order.delivered_at.astimezone(TEHRAN).date() + dt.timedelta(days=14)).isoformat()
    )
    told = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).get()
    assert "DK-1" in told.text and "دلیل" in told.text and told.author is None
    event = ConversationEvent.objects.get(conversation=conversation, type="return_updated")
    assert event.new == "requested"
    shown = api.get(f"/returns/{body['id']}").json()
    assert [(i["sku"], i["quantity"]) for i in shown["items"]] == [("KTL-1", 1), ("CUP-6", 6)]
    assert [r["id"] for r in api.get("/returns", order_id=order.pk).json()] == [body["id"]]


def test_a_withdrawal_outside_the_window_is_refused_but_a_defect_return_can_be_opened(api: ApiClient) -> None:
    order = make_order(delivered=_recent(30))
    refused = api.post("/returns", {"order_id": order.pk, "kind": "withdrawal"})
    assert refused.status_code == 400 and refused.json()["code"] == "withdrawal_window_passed"
    verdict = refused.json()["withdrawal"]
    assert verdict == refused.json()["extra"]["withdrawal"]
    assert verdict["eligible"] is False and verdict["applicable"] is True and verdict["deadline"]
    assert "گذشته" in refused.json()["message"]
    assert Return.objects.count() == 0
    defect = api.post("/returns", {"order_id": order.pk, "kind": "defect", "reason": "کتری نشتی دارد"})
    assert defect.status_code == 201 and defect.json()["withdrawal"]["eligible"] is False


def test_an_in_store_sale_cannot_be_withdrawn_but_a_wrong_item_can_be_returned(api: ApiClient) -> None:
    order = make_order(channel="store", delivered=_recent(1))
    refused = api.post("/returns", {"order_id": order.pk, "kind": "withdrawal"})
    assert refused.status_code == 400 and refused.json()["code"] == "withdrawal_not_applicable"
    assert refused.json()["extra"]["withdrawal"]["applicable"] is False
    wrong = api.post("/returns", {"order_id": order.pk, "kind": "wrong_item", "items": ["CUP-6"]})
    assert wrong.status_code == 201
    assert wrong.json()["withdrawal"] == {**refused.json()["extra"]["withdrawal"]}


def test_a_return_for_another_customers_order_or_the_same_items_twice_writes_nothing(
    api: ApiClient, conversation: Conversation
) -> None:
    # given an order of somebody else, and one of Ali's
    theirs = make_order("DK-9", delivered=_recent(2), email="someone@example.ir")
    mine = make_order("DK-1", delivered=_recent(2))
    # when the agent opens returns from Ali's conversation
    other = api.post(
        "/returns", {"order_id": theirs.pk, "kind": "withdrawal", "conversation_id": conversation.pk}
    )
    first = api.post(
        "/returns", {"order_id": mine.pk, "kind": "withdrawal", "items": [{"sku": "CUP-6", "quantity": 2}]}
    )
    rest = api.post(
        "/returns", {"order_id": mine.pk, "kind": "defect", "items": [{"sku": "CUP-6", "quantity": 4}]}
    )
    twice = api.post(
        "/returns", {"order_id": mine.pk, "kind": "defect", "items": [{"sku": "CUP-6", "quantity": 1}]}
    )
    # then
    assert other.status_code == 409 and other.json()["code"] == "order_of_another_customer"
    assert first.status_code == 201 and rest.status_code == 201
    assert twice.status_code == 409 and twice.json()["code"] == "already_returned"
    assert Return.objects.count() == 2


def test_bad_return_requests_name_every_field(api: ApiClient) -> None:
    order = make_order(delivered=_recent(2))
    response = api.post(
        "/returns",
        {"order_id": order.pk, "kind": "lost", "items": [{"sku": "NOPE"}, {"sku": "KTL-1", "quantity": 5}]},
    )
    assert response.status_code == 400
    assert {f["field"] for f in response.json()["extra"]["fields"]} == {
        "kind",
        "items.0.sku",
        "items.1.quantity",
    }
    assert Return.objects.count() == 0


def test_a_return_moves_through_its_statuses_with_events_and_notifications(
    api: ApiClient, conversation: Conversation
) -> None:
    order = make_order(delivered=_recent(2))
    rid = api.post(
        "/returns", {"order_id": order.pk, "kind": "defect", "conversation_id": conversation.pk}
    ).json()["id"]
    skipped = api.post(f"/returns/{rid}/status", {"status": "refunded"})
    steps = [
        api.post(f"/returns/{rid}/status", {"status": s}) for s in ("approved", "item_received", "refunded")
    ]
    assert skipped.status_code == 409 and skipped.json()["code"] == "invalid_transition"
    assert [s.status_code for s in steps] == [200, 200, 200] and steps[-1].json()["status"] == "refunded"
    events = ConversationEvent.objects.filter(conversation=conversation, type="return_updated").order_by("pk")
    assert [(e.old, e.new) for e in events] == [
        (None, "requested"),
        ("requested", "approved"),
        ("approved", "item_received"),
        ("item_received", "refunded"),
    ]
    assert Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).count() == 4


def test_refusing_needs_the_right_a_reason_and_respects_an_eligible_withdrawal(
    api: ApiClient, lead_api: ApiClient, conversation: Conversation
) -> None:
    order = make_order(delivered=_recent(2))
    withdrawal = api.post(
        "/returns", {"order_id": order.pk, "kind": "withdrawal", "items": ["KTL-1"]}
    ).json()["id"]
    defect = api.post(
        "/returns",
        {"order_id": order.pk, "kind": "defect", "items": ["CUP-6"], "conversation_id": conversation.pk},
    ).json()["id"]
    by_agent = api.post(f"/returns/{defect}/status", {"status": "refused", "reason": "سالم است"})
    no_reason = lead_api.post(f"/returns/{defect}/status", {"status": "refused"})
    a_right = lead_api.post(f"/returns/{withdrawal}/status", {"status": "refused", "reason": "نمی‌خواهیم"})
    refused = lead_api.post(
        f"/returns/{defect}/status", {"status": "refused", "reason": "لیوان‌ها سالم بودند"}
    )
    assert by_agent.status_code == 403 and by_agent.json()["code"] == "forbidden"
    assert no_reason.status_code == 400
    assert a_right.status_code == 409 and a_right.json()["code"] == "withdrawal_is_a_right"
    assert refused.status_code == 200 and refused.json()["refusal_reason"] == "لیوان‌ها سالم بودند"
    last = Message.objects.filter(conversation=conversation, direction=Direction.OUTBOUND).latest("pk")
    assert "لیوان‌ها سالم بودند" in last.text
    # the refused items may be returned again
    again = api.post(
        "/returns", {"order_id": order.pk, "kind": "defect", "items": ["CUP-6"], "reason": "ترک دارد"}
    )
    assert again.status_code == 201


def test_the_verdict_is_shown_before_opening_and_the_page_form_opens_a_return(
    agent_client: Any, api: ApiClient, conversation: Conversation
) -> None:
    order = make_order(delivered=_recent(3))
    preview = api.get(f"/orders/{order.pk}/withdrawal").json()
    page = agent_client.get(f"/c/{conversation.number}/").content.decode()
    assert preview["eligible"] is True
    assert "DK-1" in page and preview["explanation"] in page
    agent_client.post(
        f"/policies/returns/from-conversation/{conversation.number}/",
        {"order": order.pk, "kind": "withdrawal", "sku": ["KTL-1"]},
    )
    ret = Return.objects.get()
    assert (ret.kind, ret.conversation, ret.status) == ("withdrawal", conversation, "requested")
    assert [(i.order_item.sku, i.quantity) for i in ret.items.all()] == [("KTL-1", 1)]
    listing = agent_client.get("/policies/returns/", {"status": "requested"}).content.decode()
    assert f"return-{ret.pk}" in listing and "DK-1" in listing
    # "Order" is a sales order here («سفارش»), not the SLA rules' precedence («ترتیب») of the same catalogue
    assert "سفارش" in listing and "ترتیب" not in listing and "درخواست شده" in listing
    assert (
        f"return-{ret.pk}"
        not in agent_client.get("/policies/returns/", {"status": "refunded"}).content.decode()
    )


def test_an_agent_opens_returns_but_cannot_refuse_them(db: None) -> None:
    agent = user_create(username="neda", password="s3cret-pass", role=Role.AGENT)
    key = ApiClient(api_key_create(name="g", user=agent)[1])
    order = make_order(delivered=_recent(2))
    # agents may open returns (RETURN_MANAGE) but not refuse them (RETURN_REFUSE)
    rid = key.post("/returns", {"order_id": order.pk, "kind": "defect"}).json()["id"]
    assert key.post(f"/returns/{rid}/status", {"status": "refused", "reason": "x"}).status_code == 403
    assert Return.objects.get().status == "requested"
