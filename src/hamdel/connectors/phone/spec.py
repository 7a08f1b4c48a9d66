"""Phone calls: the phone system (or an agent) logs each call; the agent's answer is given on the phone."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.models import Inbox
from hamdel.connectors.phone.parse import parse_call
from hamdel.connectors.spec import ChannelSpec


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [(_("The phone system posts calls to"), base + "/api/v1/calls")]


PHONE = ChannelSpec(
    name="phone",
    label=gettext_lazy("Phone"),
    icon="☎",
    identity_kind="phone",
    parse=parse_call,
    log_only=True,
    endpoints=endpoints,
)
