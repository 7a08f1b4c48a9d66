"""E-mail: IMAP polling or direct SMTP/LMTP delivery in, SMTP out, threaded by Message-ID and [#number]."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.email.adapter import EmailAdapter
from hamdel.connectors.email.parse import parse_envelope
from hamdel.connectors.models import Inbox
from hamdel.connectors.spec import ChannelSpec


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    if settings.HAMDEL_SMTP_LISTEN:
        return [(_("Direct delivery (SMTP)"), settings.HAMDEL_SMTP_LISTEN)]
    return []


EMAIL = ChannelSpec(
    name="email",
    label=gettext_lazy("E-mail"),
    icon="✉",
    identity_kind="email",
    parse=parse_envelope,
    sender=EmailAdapter(),
    columns=(
        "email_addresses",
        "imap_host",
        "imap_port",
        "imap_ssl",
        "imap_user",
        "imap_password",
        "imap_folder",
    ),
    secret_fields=("imap_password",),
    required=("email_addresses",),
    ltr_fields=("email_addresses", "imap_host", "imap_user", "imap_folder", "imap_port"),
    endpoints=endpoints,
)
