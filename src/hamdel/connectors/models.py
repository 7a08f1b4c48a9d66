"""Per-channel inbox configuration: one row per mailbox, bot, SMS line, chat widget or web form.

The rest of Hamdel only sees the channel name on a conversation; these rows hold what a connector needs to
reach the outside world (credentials, addresses, webhook secrets) and its polling position. Which fields a
channel uses, and which are secret, is said by its spec (`connectors/<kind>/spec.py`); secrets are stored
encrypted (`connectors/secrets.py`). A channel added later keeps its extra settings in `options` and
`secret_options`, so it needs no migration.
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.connectors.secrets import EncryptedJSONField, EncryptedTextField
from hamdel.conversations.models import Delivery
from hamdel.core import channels


def _token() -> str:
    return secrets.token_urlsafe(18)


class Inbox(models.Model):
    """A configured way in: its kind is the conversation channel; `key` names it in public URLs."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("channel"), max_length=20, choices=channels.inbox_choices)
    key = models.CharField(_("public key"), max_length=40, unique=True, default=_token)
    is_active = models.BooleanField(_("active"), default=True)
    # e-mail
    email_addresses = models.TextField(
        _("addresses"), blank=True, help_text=_("One address per line; mail to any of them lands here.")
    )
    imap_host = models.CharField(_("IMAP server"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_ssl = models.BooleanField(_("IMAP over TLS"), default=True)
    imap_user = models.CharField(_("IMAP user"), max_length=255, blank=True)
    imap_password = EncryptedTextField(_("IMAP password"), blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    imap_uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    imap_last_uid = models.BigIntegerField(_("last UID read"), default=0)
    imap_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    imap_error = models.TextField(_("last IMAP error"), blank=True)
    # Telegram, Bale, SMS
    bot_token = EncryptedTextField(_("bot token"), blank=True)
    api_base = models.URLField(
        _("API address"), blank=True, help_text=_("Leave empty for the provider's public address.")
    )
    webhook_secret = EncryptedTextField(_("webhook secret"), default=_token, editable=False)
    sms_api_key = EncryptedTextField(_("SMS API key"), blank=True)
    sms_sender = models.CharField(_("SMS sender number"), max_length=30, blank=True)
    # web chat and web form
    greeting = models.CharField(_("greeting"), max_length=300, blank=True)
    prechat_form = models.BooleanField(_("ask for name and contact before the chat"), default=False)
    problem_types = models.TextField(
        _("problem types"), blank=True, help_text=_("One per line; the web form offers them as choices.")
    )
    # settings of channels without a column of their own (see ChannelSpec.fields)
    options = models.JSONField(_("other settings"), default=dict, blank=True)
    secret_options = EncryptedJSONField(_("other secrets"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{channels.label(self.kind)}: {self.name}"

    def setting(self, name: str) -> object:
        """A channel setting by name, whether it has a column or lives in options / secret_options."""
        if name in self._column_names():
            return getattr(self, name)
        secret_options = cast(dict[str, Any], self.secret_options) or {}
        if name in secret_options:
            return secret_options[name]
        return (self.options or {}).get(name, "")

    @classmethod
    def _column_names(cls) -> set[str]:
        return {f.name for f in cls._meta.concrete_fields}

    @property
    def addresses(self) -> list[str]:
        return [a.strip().lower() for a in self.email_addresses.split() if a.strip()]

    @property
    def problem_type_list(self) -> list[str]:
        return [t.strip() for t in self.problem_types.splitlines() if t.strip()]


class DeliveryReport(models.Model):
    """A provider's later word on a sent message (an SMS delivered or not), shown beside the delivery."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(_("status"), max_length=40)
    delivered = models.BooleanField(_("delivered"), default=False)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery report")
        verbose_name_plural = _("delivery reports")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.status}"
