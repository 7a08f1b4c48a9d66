"""The generic API channel: any system posts messages to /api/v1/inbound; replies reach it as webhooks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from hamdel.connectors.generic.adapter import GenericAdapter
from hamdel.connectors.generic.parser import parse
from hamdel.connectors.spec import ChannelSpec
from hamdel.conversations.types import InboundMessage


def parse_envelope(payload: str, headers: dict[str, Any]) -> InboundMessage:
    return parse(payload)


API = ChannelSpec(
    name="api",
    label=gettext_lazy("API"),
    icon="⚙",
    identity_kind="",
    parse=parse_envelope,
    sender=GenericAdapter(),
    has_inbox=False,  # nothing to configure: replies go out as the webhook event `message.sent`
)
