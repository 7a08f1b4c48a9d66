"""Reads for connectors: which inbox a payload belongs to, what the settings page lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hamdel.connectors import registry
from hamdel.connectors.models import Inbox
from hamdel.connectors.secrets import mask
from hamdel.core.permissions import Perm, require


def inbox_list() -> QuerySet[Inbox]:
    return Inbox.objects.all()


def inbox_list_for(*, actor: Any) -> QuerySet[Inbox]:
    """Inboxes hold credentials: only those who may set up channels see them (secrets masked anyway)."""
    require(actor, Perm.INBOX_MANAGE)
    return Inbox.objects.all()


def inbox_get_for(*, actor: Any, pk: int) -> Inbox:
    require(actor, Perm.INBOX_MANAGE)
    return Inbox.objects.get(pk=pk)


def inbox_settings_shown(inbox: Inbox) -> dict[str, Any]:
    """The channel's settings as the API and pages show them: every secret as «••••abcd», never in full."""
    spec = registry.spec_for(inbox.kind)
    if spec is None:
        return {}
    shown = {}
    for name in spec.settings:
        value = inbox.setting(name)
        shown[name] = mask(str(value or "")) if name in spec.secret_fields else value
    shown["webhook_secret"] = mask(inbox.webhook_secret)
    return shown


def inbox_by_key(*, key: str, kind: str | tuple[str, ...]) -> Inbox:
    """The active inbox behind a public URL; 404 for unknown or switched-off ones."""
    kinds = (kind,) if isinstance(kind, str) else kind
    inbox = Inbox.objects.filter(key=key, kind__in=kinds, is_active=True).first()
    if inbox is None:
        from django.utils.translation import gettext as _

        raise Http404(_("This channel does not exist or is switched off."))
    return inbox


def inbox_get(*, pk: int | None) -> Inbox | None:
    return Inbox.objects.filter(pk=pk).first() if pk else None


def email_inbox_for(addresses: list[str]) -> Inbox | None:
    """The active e-mail inbox one of these recipients belongs to (any address of the inbox matches)."""
    wanted = {a.strip().lower() for a in addresses if a}
    for inbox in Inbox.objects.filter(kind="email", is_active=True):
        if wanted & set(inbox.addresses):
            return inbox
    return None


def email_inboxes_to_poll() -> QuerySet[Inbox]:
    return Inbox.objects.filter(kind="email", is_active=True).exclude(imap_host="")
