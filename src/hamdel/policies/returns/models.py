"""Returns of an order's items: a withdrawal (the distance-sale right), a defect, a wrong item, other.

Written only by the actions in `returns.services`. The withdrawal verdict computed when the return was opened
is kept with it (`withdrawal`), so the page shows what the agent and the customer were told.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamdel.core.models import TimeStampedModel

__all__ = ["Return", "ReturnItem", "ReturnKind", "ReturnStatus"]


class ReturnKind(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Withdrawal (no reason needed)")
    DEFECT = "defect", _("Defective item")
    WRONG_ITEM = "wrong_item", _("Wrong item")
    OTHER = "other", _("Other reason")


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("return status", "Requested")
    APPROVED = "approved", pgettext_lazy("return status", "Approved")
    ITEM_RECEIVED = "item_received", pgettext_lazy("return status", "Item received")
    REFUNDED = "refunded", pgettext_lazy("return status", "Refunded")
    REPLACED = "replaced", pgettext_lazy("return status", "Replaced")
    REFUSED = "refused", pgettext_lazy("return status", "Refused")


class Return(TimeStampedModel):
    order = models.ForeignKey(
        "customers.Order",
        on_delete=models.PROTECT,
        related_name="returns",
        verbose_name=pgettext_lazy("sales order", "order"),
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="returns", verbose_name=_("customer")
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="returns",
        verbose_name=_("conversation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReturnKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED
    )
    reason = models.TextField(_("reason"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    withdrawal = models.JSONField(_("withdrawal verdict"), default=dict, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"R-{self.pk}"


class ReturnItem(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="items", verbose_name=_("return"))
    order_item = models.ForeignKey(
        "customers.OrderItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("order item")
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("returned item")
        verbose_name_plural = _("returned items")

    def __str__(self) -> str:
        return f"{self.order_item.sku} × {self.quantity}"
