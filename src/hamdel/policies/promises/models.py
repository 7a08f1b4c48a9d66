"""Promises models: what an agent promised a customer, and by when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamdel.conversations.models import Conversation, Message
from hamdel.core.models import TimeStampedModel

__all__ = ["Promise", "PromiseSource", "PromiseStatus"]


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")


class PromiseSource(models.TextChoices):
    AUTO = "auto", _("Read from a reply")
    MANUAL = "manual", _("Added by hand")


class Promise(TimeStampedModel):
    """One commitment to a customer with its due moment (UTC); read from a reply or added by an agent."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="promises", verbose_name=_("conversation")
    )
    # The reply it was read from (null for a promise added by hand); `span_start` is where in that reply.
    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("message"),
    )
    span_start = models.PositiveIntegerField(_("position in the message"), null=True, blank=True)
    text = models.CharField(_("promise"), max_length=500)
    due = models.DateTimeField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    source = models.CharField(_("source"), max_length=10, choices=PromiseSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    kept_at = models.DateTimeField(_("kept"), null=True, blank=True)
    broken_at = models.DateTimeField(_("broken"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["due", "id"]
        constraints = [
            # One promise per sentence of a reply: reading the same reply twice records nothing new.
            models.UniqueConstraint(
                fields=["message", "span_start"],
                condition=Q(message__isnull=False),
                name="promise_message_span_unique",
            )
        ]
        indexes = [models.Index(fields=["status", "due"], name="promise_status_due")]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.status})"
