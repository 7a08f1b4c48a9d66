"""Customer writes: identity resolution (race-safe), notes and merging."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
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
    while customer.merged_into is not None:
        customer = customer.merged_into
    if name and not customer.name:
        customer.name = name.strip()[:200]
        customer.save(update_fields=["name", "updated_at"])
    return customer


@dataclass(frozen=True)
class IdentityIn:
    kind: str
    address: str


def _check_kind(kind: str) -> None:
    if kind not in IdentityKind.values:
        raise ApplicationError(_("Unknown identity kind."), {"kind": kind}, code="unknown_identity_kind")


@transaction.atomic
def customer_create(
    *, actor: Any, identities: list[IdentityIn], name: str = "", tags: list[str] | None = None
) -> tuple[Customer, bool]:
    """A customer with their addresses, or the existing one those addresses already belong to.

    Every address is checked before anything is written: addresses of two different customers refuse
    the request (merge them instead), and nothing is left half-made. Returns (customer, created).
    """
    require(actor, Perm.CUSTOMER_EDIT)
    if not identities:
        raise ApplicationError(_("A customer needs at least one address."), {"identities": "required"})
    clean = []
    for identity in identities:
        _check_kind(identity.kind)
        clean.append((identity.kind, normalize_address(identity.kind, identity.address)))
    owners = {
        i.customer.merged_into_id or i.customer_id
        for i in ChannelIdentity.objects.select_related("customer").filter(
            kind__in={k for k, _a in clean}, address__in={a for _k, a in clean}
        )
        if (i.kind, i.address) in set(clean)
    }
    if len(owners) > 1:
        raise ApplicationError(
            _("These addresses belong to different customers; merge them instead."),
            {"customers": sorted(owners)},
            code="identities_conflict",
            status=409,
        )
    created = not owners
    customer = Customer.objects.get(pk=owners.pop()) if owners else Customer(name=name.strip()[:200])
    if name.strip() and not customer.name:
        customer.name = name.strip()[:200]
    if tags:
        customer.tags = sorted(set(customer.tags) | {t.strip() for t in tags if t.strip()})
    customer.full_clean()
    customer.save()
    for kind, address in clean:
        ChannelIdentity.objects.get_or_create(kind=kind, address=address, defaults={"customer": customer})
    return customer, created


@transaction.atomic
def customer_add_identity(
    *, customer: Customer, kind: str, address: str, actor: Any = None
) -> ChannelIdentity:
    """Also used by channels (a chat visitor leaves an e-mail): the actor is then Hamdel itself."""
    require(actor, Perm.CUSTOMER_EDIT)
    _check_kind(kind)
    address = normalize_address(kind, address)
    existing = ChannelIdentity.objects.filter(kind=kind, address=address).first()
    if existing and existing.customer_id != customer.pk:
        raise ApplicationError(
            _("This address already belongs to another customer; merge them instead."),
            {"address": address},
            code="identity_taken",
            status=409,
        )
    return existing or ChannelIdentity.objects.create(customer=customer, kind=kind, address=address)


@transaction.atomic
def customer_update(
    *,
    customer: Customer,
    actor: Any,
    name: str | None = None,
    tags: list[str] | None = None,
    add_identity: IdentityIn | None = None,
) -> Customer:
    """Name, tags and optionally one more address, as one change: a taken address changes nothing."""
    require(actor, Perm.CUSTOMER_EDIT)
    if add_identity is not None:
        customer_add_identity(
            customer=customer, kind=add_identity.kind, address=add_identity.address, actor=actor
        )
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
def customer_note_add(*, customer: Customer, author: Any, text: str, pinned: bool = False) -> CustomerNote:
    require(author, Perm.CUSTOMER_EDIT)
    if not text.strip():
        raise ApplicationError(_("A note cannot be empty."), {"text": "required"})
    return CustomerNote.objects.create(customer=customer, author=author, text=text.strip(), pinned=pinned)


MergeHook = Callable[[Customer, Customer, Any], None]
_merge_hooks: list[MergeHook] = []


def merge_hook_register(hook: MergeHook) -> None:
    """Apps above customers (conversations) record what a merge changes for them, in the same transaction."""
    if hook not in _merge_hooks:
        _merge_hooks.append(hook)


@transaction.atomic
def customer_merge(*, source: Customer, target: Customer, actor: Any) -> Customer:
    """Move everything of `source` to `target`; `source` stays as a pointer so old links still resolve."""
    require(actor, Perm.CUSTOMER_MERGE)
    if source.pk == target.pk:
        raise ApplicationError(_("A customer cannot be merged into itself."), code="merge_into_itself")
    # Read both rows again under a lock: a page opened before another merge must not merge back the
    # other way (a loop that customer_resolve would follow for ever) or move a record already merged.
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[source.pk, target.pk])}
    if len(locked) < 2:
        raise ApplicationError(_("No such customer."), code="not_found", status=404)
    source, target = locked[source.pk], locked[target.pk]
    merged = [c.pk for c in (source, target) if c.merged_into_id]
    if merged:
        raise ApplicationError(
            _("This customer was already merged into another one."),
            {"customers": merged},
            code="already_merged",
            status=409,
        )
    for hook in _merge_hooks:
        hook(source, target, actor)
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.many_to_one
                and field.related_model is Customer
                and field.concrete
                and model is not Customer
            ):
                model._default_manager.filter(**{field.name: source}).update(**{field.name: target})
    target.tags = sorted(set(target.tags) | set(source.tags))
    if not target.name:
        target.name = source.name
    target.save(update_fields=["tags", "name", "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    audit(actor=actor, action="customer.merge", target=f"{source.pk}->{target.pk}")
    return target
