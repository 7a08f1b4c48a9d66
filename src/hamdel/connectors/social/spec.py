"""Social-media mentions, posted by a listening tool or imported from CSV; answered on the platform."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.models import Inbox
from hamdel.connectors.social.parse import parse_mention
from hamdel.connectors.spec import ChannelSpec


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [
        (_("Mentions API"), base + "/api/v1/mentions"),
        (_("CSV import API"), base + "/api/v1/mentions/import"),
    ]


SOCIAL = ChannelSpec(
    name="social",
    label=gettext_lazy("Social media"),
    icon="#",
    identity_kind="social",
    parse=parse_mention,
    log_only=True,
    endpoints=endpoints,
)
