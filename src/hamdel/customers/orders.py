"""Orders: what a shop reports about a customer's purchases; three actions write them, selectors read them.

`order_create` is idempotent on the shop's id (`external_id`, stored as `Order.number`): the same order
posted again answers with the first one; the same id with different content is a conflict. Every field is
checked before anything is written, and a refusal names every bad field in Persian. The customer is found
or created through the customers' identity services (e-mail, phone), so one person never becomes two.
`order_set_delivered` is the shop's webhook-style delivery update; `orders_import` runs each order of a CSV
file through `order_create` and reports the rows it refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

import jdatetime
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, require
from hamdel.core.persian import TEHRAN, latin_digits
from hamdel.customers.events import OrderCreated, OrderDelivered
from hamdel.customers.models import ChannelIdentity, Customer, IdentityKind, Order, OrderChannel, OrderItem
from hamdel.customers.services import IdentityIn, customer_create, normalize_address

MAX_ITEMS = 200


@dataclass(frozen=True)
class OrderItemIn:
    sku: Any
    name: Any = ""
    quantity: Any = 1
    unit_price: Any = 0


@dataclass(frozen=True)
class OrderIn:
    """An order as a shop sends it; values are checked by `order_create`, not by the caller."""

    external_id: Any
    channel: Any
    ordered_at: Any
    items: list[OrderItemIn]
    delivered_at: Any = None
    total: Any = None
    customer_name: Any = ""
    customer_email: Any = None
    customer_phone: Any = None


@dataclass
class _Clean:
    number: str = ""
    channel: str = ""
    ordered_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    total: int | None = None
    items: list[tuple[str, str, int, int]] = field(default_factory=list)
    identities: list[tuple[str, str]] = field(default_factory=list)
    name: str = ""


def parse_moment(value: Any) -> dt.datetime | None:
    """ISO 8601 (with or without offset), a date or a Jalali date (1405-09-12); local time is Tehran's."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = latin_digits(str(value or "")).strip().replace("/", "-")
        if not text:
            return None
        moment_or_none = parse_datetime(text)
        if moment_or_none is not None and moment_or_none.year < 1700:  # a Jalali date and time
            day = jdatetime.date(moment_or_none.year, moment_or_none.month, moment_or_none.day).togregorian()
            moment_or_none = moment_or_none.replace(year=day.year, month=day.month, day=day.day)
        if moment_or_none is None:
            try:
                day = parse_date(text)
            except ValueError:
                return None
            if day is None:
                return None
            if day.year < 1700:  # a Jalali date
                day = jdatetime.date(day.year, day.month, day.day).togregorian()
            moment_or_none = dt.datetime.combine(day, dt.time())
        moment = moment_or_none
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=TEHRAN)
    return moment.astimezone(dt.UTC)


MAX_WHOLE = 10**15


def _whole(value: Any) -> int | None:
    """A whole number from JSON or CSV (Persian digits and thousands separators allowed); None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = latin_digits(str(value if value is not None else "")).strip().replace(",", "").replace("٬", "")
        try:
            number = int(text)
        except ValueError:
            return None
    # Beyond a quadrillion rials a number is a typo, and past 2⁶³ it would overflow the database.
    return number if abs(number) <= MAX_WHOLE else None


def _validate(data: OrderIn) -> _Clean:
    """Every bad field at once; nothing is read from or written to the database here."""
    errors: dict[str, str] = {}
    clean = _Clean()
    clean.number = str(data.external_id or "").strip()
    if not clean.number:
        errors["external_id"] = _("The shop's order id is required.")
    elif len(clean.number) > 50:
        errors["external_id"] = _("The order id is longer than 50 characters.")
    clean.channel = str(data.channel or "").strip().lower()
    if clean.channel not in OrderChannel.values:
        errors["channel"] = _("Unknown sales channel: use online, phone or store.")
    clean.ordered_at = parse_moment(data.ordered_at)
    if clean.ordered_at is None:
        errors["ordered_at"] = _("The order time is missing or not a date.")
    if data.delivered_at not in (None, ""):
        clean.delivered_at = parse_moment(data.delivered_at)
        if clean.delivered_at is None:
            errors["delivered_at"] = _("The delivery time is not a date.")
        elif clean.ordered_at is not None and clean.delivered_at < clean.ordered_at:
            errors["delivered_at"] = _("The order cannot be delivered before it was ordered.")
    if not data.items:
        errors["items"] = _("An order needs at least one item.")
    elif len(data.items) > MAX_ITEMS:
        errors["items"] = _("An order has at most %(n)s items.") % {"n": MAX_ITEMS}
    seen: set[str] = set()
    for i, item in enumerate(data.items[:MAX_ITEMS]):
        sku = str(item.sku or "").strip()
        name = str(item.name or "").strip() or sku
        if not sku or len(sku) > 64:
            errors[f"items.{i}.sku"] = _("Each item needs a SKU of at most 64 characters.")
        elif sku in seen:
            errors[f"items.{i}.sku"] = _("This SKU is already in the order; give its total quantity once.")
        seen.add(sku)
        quantity, price = _whole(item.quantity), _whole(item.unit_price)
        if quantity is None or quantity < 1:
            errors[f"items.{i}.quantity"] = (
                _("The quantity cannot be negative.")
                if quantity is not None and quantity < 0
                else _("The quantity must be a whole number of at least 1.")
            )
        if price is None or price < 0:
            errors[f"items.{i}.unit_price"] = (
                _("The unit price cannot be negative.")
                if price is not None
                else _("The unit price must be a whole number of rials.")
            )
        clean.items.append((sku, name[:200], quantity or 0, price or 0))
    if data.total not in (None, ""):
        clean.total = _whole(data.total)
        if clean.total is None or clean.total < 0:
            errors["total"] = _("The total must be a whole, non-negative number of rials.")
    else:
        clean.total = sum(q * p for _s, _n, q, p in clean.items)
    clean.name = str(data.customer_name or "").strip()[:200]
    for kind, value in ((IdentityKind.EMAIL, data.customer_email), (IdentityKind.PHONE, data.customer_phone)):
        if value in (None, ""):
            continue
        try:
            clean.identities.append((kind, normalize_address(kind, str(value))))
        except ApplicationError as exc:
            errors[f"customer.{kind}"] = exc.message
    if not clean.identities and not any(k.startswith("customer.") for k in errors):
        errors["customer"] = _("The customer needs an e-mail address or a phone number.")
    if errors:
        raise invalid(errors)
    return clean


def invalid(errors: dict[str, str], message: str = "") -> ApplicationError:
    """One 400 naming every bad field, in the message people read and in `extra.fields` for programs."""
    listed = "؛ ".join(f"{name}: {text}" for name, text in errors.items())
    return ApplicationError(
        (message or _("The order was not saved. Fix these fields: %(fields)s")) % {"fields": listed},
        {"fields": [{"field": name, "message": text} for name, text in errors.items()]},
        code="invalid_order",
    )


def _fingerprint(clean: _Clean) -> str:
    """The content a re-post must repeat (delivery time aside: the shop may learn it later)."""
    assert clean.ordered_at is not None
    body = [clean.channel, clean.ordered_at.isoformat(), clean.total, sorted(clean.items)]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def _owners(identities: list[tuple[str, str]]) -> set[int]:
    rows = ChannelIdentity.objects.select_related("customer").filter(
        kind__in={k for k, _a in identities}, address__in={a for _k, a in identities}
    )
    owners = set()
    for row in rows:
        if (row.kind, row.address) in identities:
            customer = row.customer
            while customer.merged_into is not None:
                customer = customer.merged_into
            owners.add(customer.pk)
    return owners


def _conflict(order: Order, what: str) -> ApplicationError:
    return ApplicationError(
        _("An order with this id already exists with a different %(what)s.") % {"what": what},
        {"external_id": order.number, "id": order.pk},
        status=409,
        code="order_conflict",
    )


def _same_order(existing: Order, clean: _Clean) -> Order:
    """A re-post: the same order again is answered with the stored one; anything different is a conflict."""
    owners = _owners(clean.identities)
    current = existing.customer
    while current.merged_into is not None:
        current = current.merged_into
    if owners and current.pk not in owners:
        raise _conflict(existing, _("customer"))
    if existing.fingerprint != _fingerprint(clean):
        raise _conflict(existing, _("content"))
    if clean.delivered_at is not None and existing.delivered_at != clean.delivered_at:
        raise _conflict(existing, _("delivery time (set it with PATCH /api/v1/orders/{id})"))
    return existing


@dataclass(frozen=True)
class OrderResult:
    order: Order
    created: bool


def order_create(*, actor: Any, data: OrderIn) -> OrderResult:
    """Store a shop's order with its items, or answer with the same order posted before."""
    require(actor, Perm.ORDER_MANAGE)
    clean = _validate(data)
    assert clean.ordered_at is not None  # _validate refuses an order without one
    ordered_at = clean.ordered_at
    existing = Order.objects.select_related("customer").filter(number=clean.number).first()
    if existing is not None:
        return OrderResult(_same_order(existing, clean), created=False)
    try:
        with transaction.atomic():
            customer, _created = customer_create(
                actor=actor,
                identities=[IdentityIn(kind=k, address=a) for k, a in clean.identities],
                name=clean.name,
            )
            order = Order.objects.create(
                customer=customer,
                number=clean.number,
                channel=clean.channel,
                ordered_at=ordered_at,
                delivered_at=clean.delivered_at,
                total=clean.total,
                fingerprint=_fingerprint(clean),
            )
            OrderItem.objects.bulk_create(
                OrderItem(order=order, position=i, sku=sku, name=name, quantity=q, unit_price=p)
                for i, (sku, name, q, p) in enumerate(clean.items)
            )
            publish(OrderCreated(order_id=order.pk))
            if order.delivered_at is not None:
                publish(OrderDelivered(order_id=order.pk))
    except IntegrityError:
        # Two posts of one order raced: the loser answers like a re-post.
        existing = Order.objects.select_related("customer").filter(number=clean.number).first()
        if existing is None:
            raise
        return OrderResult(_same_order(existing, clean), created=False)
    return OrderResult(order, created=True)


@transaction.atomic
def order_set_delivered(*, actor: Any, order: Order, delivered_at: Any) -> Order:
    """The shop's delivery update (null clears it); the withdrawal window counts from this moment."""
    require(actor, Perm.ORDER_MANAGE)
    order = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
    moment = None if delivered_at in (None, "") else parse_moment(delivered_at)
    if delivered_at not in (None, "") and moment is None:
        raise invalid({"delivered_at": _("The delivery time is not a date.")})
    if moment is not None and moment < order.ordered_at:
        raise invalid({"delivered_at": _("The order cannot be delivered before it was ordered.")})
    if moment != order.delivered_at:
        order.delivered_at = moment
        order.status = "delivered" if moment is not None else "placed"
        order.save(update_fields=["delivered_at", "status", "updated_at"])
        if moment is not None:
            publish(OrderDelivered(order_id=order.pk))
    return order


# --- CSV import --------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "external_id",
    "customer_name",
    "email",
    "phone",
    "channel",
    "ordered_at",
    "delivered_at",
    "sku",
    "name",
    "quantity",
    "unit_price",
    "total",
)


@dataclass
class ImportSummary:
    created: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def orders_import(*, actor: Any, text: str) -> ImportSummary:
    """One row per item (the order's columns repeated on each of its rows), each order through order_create.

    An order either goes in whole or is reported with its first row number and every bad field; the other
    orders of the file are not held back by it.
    """
    require(actor, Perm.ORDER_MANAGE)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"external_id", "channel", "ordered_at", "sku"} - set(reader.fieldnames or [])
    if missing:
        raise ApplicationError(
            _("The file lacks these columns: %(cols)s") % {"cols": ", ".join(sorted(missing))},
            {"columns": sorted(missing), "expected": list(CSV_COLUMNS)},
            code="csv_columns",
        )
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in enumerate(reader, start=2):
        key = (row.get("external_id") or "").strip() or f"#row{line}"
        grouped.setdefault(key, []).append((line, row))
    summary = ImportSummary()
    for key, rows in grouped.items():
        first = rows[0][1]
        data = OrderIn(
            external_id=first.get("external_id"),
            channel=first.get("channel"),
            ordered_at=first.get("ordered_at"),
            delivered_at=first.get("delivered_at"),
            total=first.get("total"),
            customer_name=first.get("customer_name", ""),
            customer_email=first.get("email"),
            customer_phone=first.get("phone"),
            items=[
                OrderItemIn(
                    sku=r.get("sku"),
                    name=r.get("name", ""),
                    quantity=r.get("quantity") or 1,
                    unit_price=r.get("unit_price") or 0,
                )
                for _line, r in rows
            ],
        )
        try:
            result = order_create(actor=actor, data=data)
        except ApplicationError as exc:
            summary.errors.append(
                {"row": rows[0][0], "external_id": key, "message": exc.message, "extra": exc.extra}
            )
            continue
        if result.created:
            summary.created += 1
        else:
            summary.unchanged += 1
    return summary


# --- reads -------------------------------------------------------------------------------------------------


def order_list(*, customer_id: int | None = None, external_id: str = "") -> QuerySet[Order]:
    qs = Order.objects.select_related("customer").prefetch_related("items")
    if customer_id is not None:
        if form_id(customer_id) is None:  # an id no row can have (0, negative, 20 digits) finds nothing
            return qs.none()
        qs = qs.filter(customer_id=customer_id)
    if external_id:
        qs = qs.filter(number=external_id.strip())
    return qs.order_by("-ordered_at", "-pk")


def order_get(*, pk: int) -> Order:
    return Order.objects.select_related("customer").prefetch_related("items").get(pk=pk)


def customer_orders(customer: Customer, *, limit: int = 20) -> list[Order]:
    return list(order_list(customer_id=customer.pk)[:limit])
