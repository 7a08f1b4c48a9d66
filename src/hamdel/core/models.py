"""Base models and the audit log of administrative actions."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who changed the set-up of the system, and when: kept for admins to review."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=80)
    target = models.CharField(_("target"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"


class Counter(models.Model):
    """Named counters for human-facing numbers (conversation #1234), incremented under a row lock."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def next_number(name: str) -> int:
    """Return the next value of a counter in one statement (UPDATE … RETURNING locks the row)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_counter SET value = value + 1 WHERE name = %s RETURNING value", [name])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    counter, _created = Counter.objects.select_for_update().get_or_create(name=name)
    Counter.objects.filter(pk=name).update(value=models.F("value") + 1)
    counter.refresh_from_db(fields=["value"])
    return counter.value
