"""The shield models: the company's shield settings and each conversation's shield case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DEFAULT_BOUNDARY_TEXT", "ShieldCase", "ShieldSettings"]

DEFAULT_BOUNDARY_TEXT = (
    "سلام. ما اینجا هستیم تا مشکل شما را حل کنیم و با احترام پاسخگوی شما هستیم. "
    "خواهش می‌کنیم در ادامهٔ گفت‌وگو از کلمات توهین‌آمیز یا تهدید استفاده نکنید تا همکاران ما بتوانند "
    "با آرامش و سریع‌تر به درخواست شما رسیدگی کنند. از همراهی شما سپاسگزاریم."
)
"""Calm and firm: names the boundary, not the customer's words; promises help, threatens nothing."""


class ShieldSettings(models.Model):
    """One row (pk=1): where abusive conversations go and what the boundary message says."""

    route_team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("route to team"),
    )
    route_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("route to staff member"),
    )
    boundary_text = models.TextField(_("boundary message"), default=DEFAULT_BOUNDARY_TEXT)
    auto_boundary = models.BooleanField(_("send the boundary message automatically"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("shield settings")
        verbose_name_plural = _("shield settings")

    def __str__(self) -> str:
        return str(_("shield settings"))


class ShieldCase(models.Model):
    """A conversation in which a customer was abusive: when, whether it was routed, the boundary sent."""

    conversation = models.OneToOneField(
        "conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="shield_case",
        verbose_name=_("conversation"),
    )
    flagged_at = models.DateTimeField(_("first abusive message"), auto_now_add=True)
    abusive_messages = models.PositiveIntegerField(_("abusive messages"), default=0)
    routed_at = models.DateTimeField(_("routed"), null=True, blank=True)
    routed_to = models.CharField(_("routed to"), max_length=200, blank=True)
    boundary_message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("boundary message"),
    )
    boundary_sent_at = models.DateTimeField(_("boundary message sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("shield case")
        verbose_name_plural = _("shield cases")

    def __str__(self) -> str:
        return f"shield #{self.conversation_id}"
