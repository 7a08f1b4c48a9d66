"""The web chat widget: a script on the company's site, a WebSocket for live replies."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.chat.adapter import ChatAdapter
from hamdel.connectors.chat.parse import parse_chat
from hamdel.connectors.chat.views import snippet
from hamdel.connectors.models import Inbox
from hamdel.connectors.spec import ChannelSpec


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [(_("Put this on every page of your site"), snippet(base, inbox.key))]


CHAT = ChannelSpec(
    name="chat",
    label=gettext_lazy("Web chat"),
    icon="💬",
    identity_kind="chat",
    parse=parse_chat,
    sender=ChatAdapter(),
    columns=("greeting", "prechat_form"),
    endpoints=endpoints,
)
