"""Parse the generic channel's JSON into an InboundMessage, with clear reasons for bad input."""

from __future__ import annotations

import datetime as dt
import json

from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from hamdel.conversations.types import InboundMessage
from hamdel.core import channels
from hamdel.core.errors import ApplicationError


class CustomerIn(BaseModel):
    name: str = Field("", max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    handle: str | None = Field(None, max_length=255)

    @model_validator(mode="after")
    def one_address(self) -> CustomerIn:
        if not (self.email or self.phone or self.handle):
            raise ValueError("customer needs an email, a phone or a handle")
        return self


class InboundIn(BaseModel):
    channel: str = Field(..., description="a channel name: email, chat, telegram, sms, api, …")
    external_id: str = Field(..., min_length=1, max_length=255)
    customer: CustomerIn
    subject: str = Field("", max_length=300)
    text: str = Field(..., min_length=1, max_length=200_000)
    thread_key: str = Field("", max_length=300)
    sent_at: dt.datetime | None = None

    @field_validator("channel")
    @classmethod
    def known_channel(cls, value: str) -> str:
        if value not in channels.names():
            raise ValueError(f"unknown channel; one of: {', '.join(channels.names())}")
        return value

    @model_validator(mode="after")
    def text_not_blank(self) -> InboundIn:
        if not self.text.strip():
            raise ValueError("text is empty")
        if self.sent_at is not None and self.sent_at.tzinfo is None:
            raise ValueError("sent_at needs a time zone, e.g. 2026-11-23T10:00:00+03:30")
        return self


def parse(payload: str) -> InboundMessage:
    """Turn the raw body into an InboundMessage or raise ApplicationError naming the bad fields."""
    try:
        data = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise ApplicationError(_("The body is not valid JSON."), {"position": exc.pos}, status=400) from exc
    try:
        item = InboundIn.model_validate(data)
    except ValidationError as exc:
        fields = [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]} for e in exc.errors()
        ]
        raise ApplicationError(_("The message is not valid."), {"fields": fields}, status=422) from exc
    customer = item.customer
    if customer.email:
        kind, address = "email", str(customer.email)
    elif customer.phone:
        kind, address = "phone", customer.phone
    else:
        # A handle is the channel's own id (a Telegram chat, a chat visitor) when the channel has one.
        own = channels.identity_kind(item.channel) or ""
        kind, address = (own if own not in ("", "email", "phone") else "handle"), customer.handle or ""
    return InboundMessage(
        channel=item.channel,
        identity_kind=kind,
        address=address,
        customer_name=customer.name,
        external_id=item.external_id,
        subject=item.subject,
        text=item.text,
        thread_key=item.thread_key,
        sent_at=item.sent_at,
    )
