"""Customers, the identities by which channels know them, organisations, notes and orders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel


class IdentityKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    TELEGRAM = "telegram", _("Telegram")
    BALE = "bale", _("Bale")
    CHAT = "chat", _("Web chat visitor")
    SOCIAL = "social", _("Social handle")
    HANDLE = "handle", _("Other handle")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
        verbose_name=_("organisation"),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    # Set by customer_erase: the row stays (counts, reports) without anything that says who it was.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    def addresses(self, kind: str) -> list[str]:
        return [i.address for i in self.identities.all() if i.kind == kind]

    @property
    def emails(self) -> list[str]:
        return self.addresses(IdentityKind.EMAIL)

    @property
    def phones(self) -> list[str]:
        return self.addresses(IdentityKind.PHONE)


class ChannelIdentity(TimeStampedModel):
    """How one channel knows a customer; unique so two channels never create two people for one address."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="identities", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IdentityKind.choices)
    address = models.CharField(_("address or id"), max_length=255)

    class Meta:
        verbose_name = _("channel identity")
        verbose_name_plural = _("channel identities")
        constraints = [models.UniqueConstraint(fields=["kind", "address"], name="identity_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"


class CustomerNote(TimeStampedModel):
    """Special requests and facts every staff member should see before answering."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="notes", verbose_name=_("customer")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    text = models.TextField(_("text"))
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        verbose_name = _("customer note")
        verbose_name_plural = _("customer notes")
        ordering = ["-pinned", "-created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class OrderChannel(models.TextChoices):
    """Where the sale was made: online and phone sales are distance sales (the withdrawal right applies)."""

    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    STORE = "store", _("In store")


DISTANCE_CHANNELS = frozenset({OrderChannel.ONLINE, OrderChannel.PHONE})


class Order(TimeStampedModel):
    """A customer's order as the shop reported it; `number` is the shop's id (`external_id` in the API).

    Amounts are whole rials. Written only by the actions in `customers.orders`.
    """

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="orders", verbose_name=_("customer")
    )
    number = models.CharField(_("order number"), max_length=50, unique=True)
    channel = models.CharField(
        _("sales channel"), max_length=10, choices=OrderChannel.choices, default=OrderChannel.ONLINE
    )
    status = models.CharField(_("status"), max_length=30, default="placed")
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)
    total = models.BigIntegerField(_("total (rials)"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # What the shop sent, minus the delivery time: a re-post of the same order is recognised by it.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_at", "-pk"]

    def __str__(self) -> str:
        return self.number

    @property
    def is_distance_sale(self) -> bool:
        return self.channel in DISTANCE_CHANNELS


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sku = models.CharField(_("SKU"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.BigIntegerField(_("unit price (rials)"))

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "sku"], name="order_item_sku_unique"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="order_item_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} × {self.quantity}"

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price
