"""Customer writes: identity resolution (race-safe), notes and merging."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.persian import latin_digits
from hamdel.customers.models import ChannelIdentity, Customer, CustomerNote, IdentityKind


def normalize_address(kind: str, address: str) -> str:
    """Make one address per person: e-mails lower-case, phones in +98 form with Latin digits."""
    address = latin_digits(address.strip())
    if kind == IdentityKind.EMAIL:
        address = address.lower()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ApplicationError(_("Invalid e-mail address."), {"email": address}) from exc
    elif kind == IdentityKind.PHONE:
        digits = re.sub(r"[^\d+]", "", address)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        if digits.startswith("09") and len(digits) == 11:
            digits = "+98" + digits[1:]
        elif digits.startswith("98") and len(digits) == 12:
            digits = "+" + digits
        if not re.fullmatch(r"\+?\d{5,15}", digits):
            raise ApplicationError(_("Invalid phone number."), {"phone": address})
        address = digits
    if not address:
        raise ApplicationError(_("An identity needs an address."))
    return address[:255]


def customer_resolve(*, kind: str, address: str, name: str = "") -> Customer:
    """Find the customer a channel address belongs to, creating one if new.

    Backed by the unique (kind, address) constraint: if two requests race, the loser looks the winner up.
    Follows merges, so an address of a merged customer reaches the surviving one.
    """
    address = normalize_address(kind, address)
    identity = ChannelIdentity.objects.select_related("customer").filter(kind=kind, address=address).first()
    if identity is None:
        try:
            with transaction.atomic():
                customer = Customer.objects.create(name=name.strip()[:200])
                identity = ChannelIdentity.objects.create(customer=customer, kind=kind, address=address)
        except IntegrityError:
            identity = ChannelIdentity.objects.select_related("customer").get(kind=kind, address=address)
    customer = identity.customer
    while customer.merged_into_id:
        customer = customer.merged_into
    if name and not customer.name:
        customer.name = name.strip()[:200]
        customer.save(update_fields=["name", "updated_at"])
    return customer


@transaction.atomic
def customer_add_identity(*, customer: Customer, kind: str, address: str) -> ChannelIdentity:
    address = normalize_address(kind, address)
    existing = ChannelIdentity.objects.filter(kind=kind, address=address).first()
    if existing and existing.customer_id != customer.pk:
        raise ApplicationError(_("This address already belongs to another customer; merge them instead."))
    return existing or ChannelIdentity.objects.create(customer=customer, kind=kind, address=address)


@transaction.atomic
def customer_update(
    *, customer: Customer, name: str | None = None, tags: list[str] | None = None
) -> Customer:
    fields = ["updated_at"]
    if name is not None:
        customer.name = name.strip()[:200]
        fields.append("name")
    if tags is not None:
        customer.tags = sorted({t.strip() for t in tags if t.strip()})
        fields.append("tags")
    customer.full_clean()
    customer.save(update_fields=fields)
    return customer


@transaction.atomic
def customer_note_add(*, customer: Customer, author: object, text: str, pinned: bool = False) -> CustomerNote:
    if not text.strip():
        raise ApplicationError(_("A note cannot be empty."), {"text": "required"})
    return CustomerNote.objects.create(customer=customer, author=author, text=text.strip(), pinned=pinned)


@transaction.atomic
def customer_merge(*, source: Customer, target: Customer, actor: object = None) -> Customer:
    """Move everything of `source` to `target`; `source` stays as a pointer so old links still resolve."""
    if source.pk == target.pk:
        raise ApplicationError(_("A customer cannot be merged into itself."))
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.many_to_one
                and field.related_model is Customer
                and field.concrete
                and model is not Customer
            ):
                model.objects.filter(**{field.name: source}).update(**{field.name: target})
    target.tags = sorted(set(target.tags) | set(source.tags))
    if not target.name:
        target.name = source.name
    target.save(update_fields=["tags", "name", "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    audit(actor=actor, action="customer.merge", target=f"{source.pk}->{target.pk}")
    return target
