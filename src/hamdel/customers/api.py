"""Customers through the API."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from hamdel.core.api_types import DbId, Pages
from hamdel.customers import selectors, services
from hamdel.customers.models import Customer, IdentityKind

router = Router(tags=["customers"])


class IdentityOut(Schema):
    kind: str
    address: str


class NoteOut(Schema):
    id: int
    text: str
    pinned: bool
    created_at: dt.datetime


class CustomerOut(Schema):
    id: int
    name: str
    tags: list[str]
    identities: list[IdentityOut]
    created_at: dt.datetime

    @staticmethod
    def resolve_identities(obj: Customer) -> list[IdentityOut]:
        return [IdentityOut(kind=i.kind, address=i.address) for i in obj.identities.all()]


class CustomerDetail(CustomerOut):
    notes: list[NoteOut]

    @staticmethod
    def resolve_notes(obj: Customer) -> list[NoteOut]:
        return [
            NoteOut(id=n.pk, text=n.text, pinned=n.pinned, created_at=n.created_at) for n in obj.notes.all()
        ]


class IdentityIn(Schema):
    kind: IdentityKind
    address: str = Field(..., min_length=1, max_length=255)


class CustomerIn(Schema):
    name: str = Field("", max_length=200)
    tags: list[str] = []
    identities: list[IdentityIn] = Field(..., min_length=1)


class CustomerPatch(Schema):
    name: str | None = Field(None, max_length=200)
    tags: list[str] | None = None


class NoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=10_000)
    pinned: bool = False


@router.get("", response=list[CustomerOut])
@paginate(Pages, page_size=50)
def list_customers(request: HttpRequest, q: str = "") -> object:
    return selectors.customer_list(actor=request.user, q=q)


@router.post("", response={201: CustomerDetail})
def create_customer(request: HttpRequest, body: CustomerIn) -> tuple[int, Customer]:
    """One action: every address is checked first, so a refused request leaves no customer behind."""
    customer, _created = services.customer_create(
        actor=request.user,
        identities=[services.IdentityIn(kind=i.kind, address=i.address) for i in body.identities],
        name=body.name,
        tags=body.tags,
    )
    return 201, selectors.customer_get(actor=request.user, pk=customer.pk)


@router.get("/{customer_id}", response=CustomerDetail)
def get_customer(request: HttpRequest, customer_id: DbId) -> Customer:
    return selectors.customer_get(actor=request.user, pk=customer_id)


@router.patch("/{customer_id}", response=CustomerDetail)
def patch_customer(request: HttpRequest, customer_id: DbId, body: CustomerPatch) -> Customer:
    customer = get_object_or_404(Customer, pk=customer_id)
    services.customer_update(customer=customer, actor=request.user, name=body.name, tags=body.tags)
    return selectors.customer_get(actor=request.user, pk=customer_id)


@router.post("/{customer_id}/notes", response={201: NoteOut})
def add_note(request: HttpRequest, customer_id: DbId, body: NoteIn) -> tuple[int, object]:
    customer = get_object_or_404(Customer, pk=customer_id)
    return 201, services.customer_note_add(
        customer=customer, author=request.user, text=body.text, pinned=body.pinned
    )
