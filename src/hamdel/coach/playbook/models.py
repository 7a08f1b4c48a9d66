"""The objection playbook: what a customer says when hesitating, and how our best people answer it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel

__all__ = ["PlaybookEntry"]


class PlaybookEntry(TimeStampedModel):
    """One objection («گران است») with the other ways customers say it, the recommended answer, the
    evidence or offers that back the answer, and where it applies (a product line, tags)."""

    title = models.CharField(_("objection"), max_length=200)
    phrasings = models.JSONField(_("other phrasings"), default=list, blank=True)
    answer = models.TextField(_("recommended answer"))
    evidence = models.TextField(_("evidence and offers"), blank=True)
    product_line = models.CharField(_("product line"), max_length=80, blank=True, db_index=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("playbook entry")
        verbose_name_plural = _("playbook entries")
        ordering = ("product_line", "title", "id")

    def __str__(self) -> str:
        return self.title
