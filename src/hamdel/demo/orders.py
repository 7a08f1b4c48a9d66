"""Demo orders and returns: about thirty orders of demo customers (online, phone, in store; delivered at
various dates, some not yet) and a few returns in different states, all made through the actions."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.core.permissions import SYSTEM
from hamdel.customers.models import Customer, IdentityKind, Order
from hamdel.customers.orders import OrderIn, OrderItemIn, order_create
from hamdel.policies.returns.models import Return
from hamdel.policies.returns.services import ReturnItemIn, return_open, return_set_status

PRODUCTS = [
    ("KTL-200", "کتری برقی پارس‌خزر", 12_500_000),
    ("CUP-6", "لیوان شیشه‌ای (بسته ۶ عددی)", 2_700_000),
    ("HD-11", "هدفون بی‌سیم", 18_900_000),
    ("BK-42", "کتاب «بوف کور»", 1_450_000),
    ("TS-M", "تی‌شرت نخی سایز M", 3_200_000),
    ("PW-10", "پاوربانک ۱۰۰۰۰", 9_800_000),
    ("RC-5", "پلوپز ۵ نفره", 21_000_000),
    ("SH-42", "کفش ورزشی ۴۲", 27_500_000),
]
# The loader's: spread a conversation's messages and events over past times from a start.
Backdate = Callable[[Conversation, dt.datetime, dt.datetime, random.Random], None]
CHANNELS = ["online"] * 6 + ["phone"] * 2 + ["store"] * 2


def _address(customer: Customer) -> tuple[str | None, str | None]:
    emails = [i.address for i in customer.identities.all() if i.kind == IdentityKind.EMAIL]
    phones = [i.address for i in customer.identities.all() if i.kind == IdentityKind.PHONE]
    return (emails[0] if emails else None), (phones[0] if phones else None)


def demo_orders(
    *, lead: Any, now: dt.datetime, rnd: random.Random, backdate: Backdate, count: int = 30
) -> list[Order]:
    """Orders for the demo customers who have an e-mail or phone, then five returns on recent ones."""
    customers = [
        c for c in Customer.objects.prefetch_related("identities").order_by("pk") if any(_address(c))
    ]
    orders: list[Order] = []
    for n in range(min(count, 3 * len(customers))):
        customer = customers[n % len(customers)]
        email, phone = _address(customer)
        ordered = now - dt.timedelta(days=rnd.randint(2, 60), hours=rnd.randint(0, 12))
        delivered = None if n % 6 == 5 else ordered + dt.timedelta(days=rnd.randint(1, 5), hours=3)
        if delivered is not None and delivered > now:
            delivered = None
        picks = rnd.sample(PRODUCTS, k=rnd.randint(1, 3))
        data = OrderIn(
            external_id=f"DK-{1405_0900 + n}",
            channel=CHANNELS[n % len(CHANNELS)],
            ordered_at=ordered,
            delivered_at=delivered,
            customer_name=customer.name,
            customer_email=email,
            customer_phone=None if email else phone,
            items=[
                OrderItemIn(sku=s, name=name, quantity=rnd.randint(1, 3), unit_price=p)
                for s, name, p in picks
            ],
        )
        orders.append(order_create(actor=SYSTEM, data=data).order)
    _demo_returns(orders, lead, now, rnd, backdate)
    return orders


OPENING = {
    "withdrawal": "سلام، از خرید سفارش {n} پشیمان شده‌ام و می‌خواهم آن را پس بدهم.",
    "defect": "سفارش {n} آسیب‌دیده به دستم رسید، لطفاً راهنمایی کنید.",
    "wrong_item": "کالایی که برای سفارش {n} فرستادید با سفارشم فرق دارد.",
}


def _demo_returns(
    orders: list[Order], lead: Any, now: dt.datetime, rnd: random.Random, backdate: Backdate
) -> None:
    """Each return starts with the customer's message; the agent opens it from that conversation."""
    recent = [
        o
        for o in orders
        if o.delivered_at and o.channel != "store" and now - o.delivered_at < dt.timedelta(days=10)
    ]
    old = [o for o in orders if o.delivered_at and now - o.delivered_at > dt.timedelta(days=30)]
    store = [o for o in orders if o.channel == "store" and o.delivered_at]
    plan: list[tuple[Order, str, str, list[str]]] = []
    plan += [(o, "withdrawal", "", s) for o, s in zip(recent[:2], (["approved"], []), strict=False)]
    plan += [
        (o, "defect", "کالا هنگام تحویل آسیب دیده بود", ["approved", "item_received", "refunded"])
        for o in old[:1]
    ]
    plan += [
        (o, "wrong_item", "رنگ اشتباه ارسال شده", ["approved", "item_received", "replaced"])
        for o in store[:1]
    ]
    for order, kind, reason, steps in plan:
        email, phone = _address(order.customer)
        kind_, address, channel = ("email", email, "email") if email else ("phone", phone, "sms")
        result = ingest(
            InboundMessage(
                channel=channel,
                identity_kind=kind_,
                address=address or "",
                customer_name=order.customer.name,
                text=OPENING[kind].format(n=order.number),
                external_id=f"demo-return-{order.number}",
                subject=f"مرجوعی سفارش {order.number}",
                thread_key=f"demo-return-{order.number}",  # its own conversation, not a reply in another
            )
        )
        conversation = Conversation.objects.get(pk=result.conversation_id)
        first = order.items.first()
        assert first is not None
        ret = return_open(
            actor=lead,
            order=order,
            kind=kind,
            items=[ReturnItemIn(sku=first.sku)],
            reason=reason,
            conversation=conversation,
        )
        for status in steps:
            ret = return_set_status(actor=lead, ret=ret, status=status)
        assert order.delivered_at is not None
        start = min(order.delivered_at + dt.timedelta(days=1), now - dt.timedelta(hours=12))
        backdate(conversation, start, now, rnd)
        Return.objects.filter(pk=ret.pk).update(created_at=start, updated_at=start)
