"""Demo remedies: the default authority limits saved, and a few remedies (one waiting for approval)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation, ConversationEvent, Status
from hamdel.customers.models import Order
from hamdel.policies.remedies.models import Remedy
from hamdel.policies.remedies.selectors import limits_list
from hamdel.policies.remedies.services import (
    authority_limits_set,
    remedy_approve,
    remedy_fulfil,
    remedy_offer,
    remedy_reject,
)


def load_remedies_demo(*, admin: User, lead: User, agent: User) -> None:
    """Through the actions, as people do: the admin saves the limits, the agent offers, the lead decides."""
    authority_limits_set(actor=admin, limits=limits_list())
    mine = Conversation.objects.filter(assignee=agent, status__in=[Status.OPEN, Status.PENDING])
    open_ones = list(mine.order_by("pk")[:5])
    if len(open_ones) < 5:
        open_ones += list(Conversation.objects.exclude(pk__in=[c.pk for c in open_ones]).order_by("pk")[:5])
    first, second, third, fourth, fifth = open_ones[:5]

    def offer(conv: Conversation, kind: str, amount: int | None, note: str, actor: Any = agent) -> Any:
        order = Order.objects.filter(customer_id=conv.customer_id).order_by("-ordered_at").first()
        return remedy_offer(
            actor=actor,
            conversation=conv,
            kind=kind,
            amount=amount,
            order_id=order.pk if order else None,
            note=note,
        )

    paid = offer(first, "refund", 2_500_000, "بازپرداخت هزینهٔ ارسالِ دیرکرد به کارت مشتری")
    remedy_fulfil(actor=agent, remedy=paid)
    offer(first, "discount_code", 1_000_000, "کد تخفیف برای خرید بعدی، به خاطر تأخیر")
    offer(second, "free_delivery", None, "ارسال رایگان کالای جایگزین")
    offer(second, "replacement", None, "تعویض کالای آسیب‌دیده")
    # Above the agent's 3,000,000-rial store-credit limit: it waits in the team lead's queue.
    offer(third, "store_credit", 8_000_000, "مشتری وفادار؛ دو بار سفارشش دیر رسیده است")
    approved = offer(fourth, "refund", 12_000_000, "بازپرداخت کامل؛ کالا قابل تعمیر نیست")
    remedy_approve(actor=lead, remedy=approved)
    rejected = offer(fifth, "refund", 7_000_000, "بازپرداخت کامل")
    reason = "اول تعمیر رایگان را پیشنهاد بده؛ کالا هنوز در ضمانت است"
    remedy_reject(actor=lead, remedy=rejected, reason=reason)
    for conv in {first, second, third, fourth, fifth}:
        _backdate(conv)


def _backdate(conv: Conversation) -> None:
    """The demo's histories are spread over 90 days: its remedies follow the conversation's last word.

    Each remedy change is put 15 seconds after the one before, starting after the conversation's latest
    message or other event (which the loader placed minutes before the load began).
    """
    kinds = ("remedy_offered", "remedy_approved", "remedy_rejected", "remedy_fulfilled")
    others = ConversationEvent.objects.filter(conversation=conv).exclude(type__in=kinds)
    last_message = conv.messages.aggregate(m=Max("created_at"))["m"]
    latest = max(t for t in (last_message, others.aggregate(m=Max("at"))["m"]) if t)
    step = dt.timedelta(seconds=15)
    moments: dict[tuple[int, str], dt.datetime] = {}
    for i, event in enumerate(
        ConversationEvent.objects.filter(conversation=conv, type__in=kinds).order_by("at", "id"), start=1
    ):
        at = latest + i * step
        ConversationEvent.objects.filter(pk=event.pk).update(at=at)
        moments[(int((event.new or {})["id"]), event.type)] = at
    for remedy in Remedy.objects.filter(conversation=conv):
        fields = {"offered_at": moments[(remedy.pk, "remedy_offered")]}
        decided = moments.get((remedy.pk, "remedy_approved")) or moments.get((remedy.pk, "remedy_rejected"))
        if remedy.decided_at and decided:
            fields["decided_at"] = decided
        if remedy.fulfilled_at:
            fields["fulfilled_at"] = moments[(remedy.pk, "remedy_fulfilled")]
        Remedy.objects.filter(pk=remedy.pk).update(**fields)
