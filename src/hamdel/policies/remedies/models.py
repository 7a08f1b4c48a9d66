"""Remedies an agent offers a customer, and each role's authority limit per kind of remedy.

Amounts are whole rials (`core.money` shows them in rials or toman). A remedy within the offerer's limit is
approved at once; above it, it waits for someone whose own limit covers it (see `services`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hamdel.accounts.models import Role
from hamdel.conversations.models import Conversation
from hamdel.customers.models import Order

__all__ = ["AuthorityLimit", "Remedy", "RemedyKind", "RemedyStatus"]


class RemedyKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    REPLACEMENT = "replacement", _("Replacement")
    REPAIR = "repair", _("Repair")
    DISCOUNT_CODE = "discount_code", _("Discount code")
    STORE_CREDIT = "store_credit", _("Store credit")
    FREE_DELIVERY = "free_delivery", _("Free delivery")


# Kinds that are money: an amount is required. The others may carry an amount (the cost of a repair).
AMOUNT_REQUIRED = frozenset({RemedyKind.REFUND, RemedyKind.STORE_CREDIT, RemedyKind.DISCOUNT_CODE})


class RemedyStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
    FULFILLED = "fulfilled", _("Carried out")


class Remedy(models.Model):
    """One remedy offered in a conversation: what, how much, who offered it and who decided."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="remedies", verbose_name=_("conversation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (rials)"), null=True, blank=True)
    order = models.ForeignKey(
        Order,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remedies",
        verbose_name=pgettext_lazy("sales order", "order"),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RemedyStatus.choices, db_index=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("offered by"),
    )
    offered_at = models.DateTimeField(_("offered"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    discount_code = models.CharField(_("discount code"), max_length=20, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("carried out by"),
    )
    fulfilled_at = models.DateTimeField(_("carried out"), null=True, blank=True)

    class Meta:
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["discount_code"],
                condition=~models.Q(discount_code=""),
                name="remedy_discount_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class AuthorityLimit(models.Model):
    """The most a role may grant of one kind without approval.

    `max_amount` null = no limit; 0 = always needs approval. For a kind without an amount (replacement,
    repair, free delivery) anything but 0 means "allowed". A role and kind without a row uses the default
    in `services.DEFAULT_LIMITS`.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    max_amount = models.PositiveBigIntegerField(_("limit (rials)"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("authority limit")
        verbose_name_plural = _("authority limits")
        constraints = [models.UniqueConstraint(fields=["role", "kind"], name="authority_limit_role_kind")]

    def __str__(self) -> str:
        return f"{self.role}/{self.kind}"
