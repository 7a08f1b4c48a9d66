"""Per-channel inbox configuration: one row per mailbox, bot, SMS line, chat widget or web form.

The rest of Hamdel only sees the channel name on a conversation; these rows hold what a connector needs to
reach the outside world (credentials, addresses, webhook secrets) and its polling position.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.conversations.models import Channel, Delivery


def _token() -> str:
    return secrets.token_urlsafe(18)


# Every conversation channel except the generic API one can be configured as an inbox.
InboxKind = models.TextChoices(
    "InboxKind", [(c.name, (c.value, c.label)) for c in Channel if c is not Channel.API]
)


class Inbox(models.Model):
    """A configured way in: its kind is the conversation channel; `key` names it in public URLs."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("channel"), max_length=20, choices=InboxKind.choices)
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
    imap_password = models.CharField(_("IMAP password"), max_length=255, blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    imap_uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    imap_last_uid = models.BigIntegerField(_("last UID read"), default=0)
    imap_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    imap_error = models.TextField(_("last IMAP error"), blank=True)
    # Telegram, Bale, SMS
    bot_token = models.CharField(_("bot token"), max_length=255, blank=True)
    api_base = models.URLField(
        _("API address"), blank=True, help_text=_("Leave empty for the provider's public address.")
    )
    webhook_secret = models.CharField(_("webhook secret"), max_length=64, default=_token)
    sms_api_key = models.CharField(_("SMS API key"), max_length=255, blank=True)
    sms_sender = models.CharField(_("SMS sender number"), max_length=30, blank=True)
    # web chat and web form
    greeting = models.CharField(_("greeting"), max_length=300, blank=True)
    prechat_form = models.BooleanField(_("ask for name and contact before the chat"), default=False)
    problem_types = models.TextField(
        _("problem types"), blank=True, help_text=_("One per line; the web form offers them as choices.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

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
