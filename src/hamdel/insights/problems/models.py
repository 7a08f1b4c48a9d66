"""Stored results, so the pages read a few rows: problems and their messages, journey stages, survey signals.

Written only by the actions in services.py (and the periodic task through them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.conversations.models import Conversation, Message
from hamdel.core.models import TimeStampedModel
from hamdel.customers.models import Customer


class ProblemStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FIXED = "fixed", _("Root cause fixed")
    MERGED = "merged", _("Merged")


class Problem(TimeStampedModel):
    """A recurring complaint: messages whose words are alike, found by clustering, named by a supervisor."""

    label = models.CharField(_("label"), max_length=300)  # from its most typical words, recomputed
    name = models.CharField(_("name"), max_length=200, blank=True)  # a supervisor's name wins over the label
    status = models.CharField(
        _("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.ACTIVE
    )
    centroid = models.JSONField(_("centroid"), default=dict)  # term -> weight, unit length
    fixed_at = models.DateTimeField(_("root cause fixed"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("recurring problem")
        verbose_name_plural = _("recurring problems")
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.name or self.label


class ProblemMessage(models.Model):
    """One complaint counted in one problem; `at` is when the customer sent it (sent_at, else arrival)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="members")
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("sent"))
    similarity = models.FloatField(_("similarity"), default=1.0)
    sentiment = models.CharField(_("sentiment"), max_length=20, blank=True)  # when placed (may be unread)
    regression = models.BooleanField(_("after the fix"), default=False)

    class Meta:
        indexes = [models.Index(fields=["problem", "at"])]

    def __str__(self) -> str:
        return f"{self.problem_id}:{self.message_id}"


class ProblemState(models.Model):
    """The clustering's memory (one row): the last message looked at and the document frequencies so far."""

    last_message_id = models.BigIntegerField(default=0)
    docs = models.PositiveIntegerField(default=0)
    df = models.JSONField(default=dict)
    ran_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"problems up to message {self.last_message_id}"


class JourneyStage(TimeStampedModel):
    """A stage of the customer journey and the intents, tags and channels that place a message in it."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    intents = models.JSONField(_("intents"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.name


class SurveySignal(models.Model):
    """A finished survey's score for one customer (CSAT, NPS, CES), copied from the survey.answered event."""

    response_id = models.PositiveBigIntegerField(unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # csat, nps, ces, rating
    score = models.FloatField()
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.score} ({self.customer_id})"


class LoyaltySnapshot(models.Model):
    """The loyalty page of one period as last computed (one row per period and list length, replaced when
    taken again). In the database, not the cache: the worker takes it and every web process reads it."""

    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("to"))
    limit = models.PositiveSmallIntegerField(_("customers per list"))
    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    page = models.JSONField(_("page"), default=dict)  # counts and the listed rows, as loyalty.py writes them

    class Meta:
        verbose_name = _("loyalty snapshot")
        verbose_name_plural = _("loyalty snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "limit"], name="problems_loyalty_snapshot_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d} ({self.computed_at:%Y-%m-%d %H:%M})"
