"""Facts and rollups: what every insights page, the API and the exports read.

Facts are one row per message, conversation, survey answer and outcome event, copied from the source apps by
the listeners (`tasks.py`) with the dimensions a report filters by (channel, team, inbox, tags). They hold
ids and labels, never text, and plain integer ids instead of foreign keys: they are derived data, rebuilt by
`hamdel insights rebuild`, and the benchmark fills them directly.

Rollups are per reporting time zone (`tz`) and local day; `hour` is -1 for the whole day, 0–23 for the
hourly rows kept for today and yesterday, and -2 for the whole Jalali month that starts on `day` (the sum of
its days, so a year is read from twelve month rows, not 365 day rows). Dimension value 0 / "" means "none";
`tag_id` 0 is the row of all conversations, and a conversation with tags is counted again in one row per
tag, so a tag filter reads `tag_id = X` and no filter reads `tag_id = 0`. Durations are kept as histograms
(`DurationRollup`), so a p50 or p90 over any range and filter is exact to its bucket (see
`metrics.bucket_of`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CELL = ["tz", "tag_id", "channel", "team_id", "inbox_id", "hour", "day"]  # a rollup row's cube cell and time


class MessageFact(models.Model):
    """One message, dated by when the customer sent it (`sent_at`), not when Hamdel received it."""

    message_id = models.BigIntegerField(primary_key=True)
    conversation_id = models.BigIntegerField(db_index=True)
    at = models.DateTimeField(_("sent"), db_index=True)
    inbound = models.BooleanField(default=True)
    by_agent = models.BooleanField(default=False)  # an outbound reply written by a person
    channel = models.CharField(max_length=20, default="")
    team_id = models.IntegerField(default=0)
    inbox_id = models.IntegerField(default=0)
    sentiment = models.CharField(max_length=20, default="", blank=True)
    emotion = models.CharField(max_length=20, default="", blank=True)
    intent = models.CharField(max_length=40, default="", blank=True)
    # for loyalty (read per customer from facts, never from raw messages)
    customer_id = models.BigIntegerField(default=0)
    polarity = models.FloatField(null=True, blank=True)
    churn = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("message fact")
        verbose_name_plural = _("message facts")
        indexes = [
            # the journey's and loyalty's read of a period's inbound messages, from the index alone
            models.Index(
                fields=[
                    "at",
                    "inbound",
                    "customer_id",
                    "conversation_id",
                    "intent",
                    "emotion",
                    "channel",
                    "polarity",
                    "churn",
                ],
                name="insights_msgfact_inbound",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.message_id}"


class ConversationFact(models.Model):
    """One conversation: when it opened, was first answered and resolved, in calendar and business minutes."""

    conversation_id = models.BigIntegerField(primary_key=True)
    channel = models.CharField(max_length=20, default="")
    team_id = models.IntegerField(default=0)
    inbox_id = models.IntegerField(default=0)
    assignee_id = models.IntegerField(default=0)
    customer_id = models.BigIntegerField(default=0)
    tag_ids = models.JSONField(default=list, blank=True)  # the same as its ConversationTag rows
    opened_at = models.DateTimeField(db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_response_minutes = models.FloatField(null=True, blank=True)  # calendar minutes
    first_response_business_minutes = models.FloatField(null=True, blank=True)
    resolution_minutes = models.FloatField(null=True, blank=True)
    resolution_business_minutes = models.FloatField(null=True, blank=True)
    agent_replies = models.IntegerField(default=0)
    reopen_count = models.IntegerField(default=0)
    sla_breached = models.BooleanField(default=False)
    has_sla = models.BooleanField(default=False)  # an SLA policy applies (SLA compliance counts only these)

    class Meta:
        verbose_name = _("conversation fact")
        verbose_name_plural = _("conversation facts")
        indexes = [
            # the team page's per-agent figures: one team's resolutions of a period, from the index alone
            models.Index(
                fields=[
                    "team_id",
                    "resolved_at",
                    "assignee_id",
                    "agent_replies",
                    "reopen_count",
                    "first_response_minutes",
                    "resolution_minutes",
                    "channel",
                    "inbox_id",
                    "conversation_id",
                ],
                name="insights_convfact_team",
            ),
        ]

    def __str__(self) -> str:
        return f"conversation {self.conversation_id}"


class ConversationTag(models.Model):
    """One tag of one conversation: the tag dimension of the rollups, joined in SQL (no JSON unpacking)."""

    conversation_id = models.BigIntegerField()
    tag_id = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation_id", "tag_id"], name="insights_conversationtag_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}:{self.tag_id}"


class SurveyFact(models.Model):
    """One scored survey answer (CSAT 1–5, CES 1–7, NPS 0–10), dated when the response was completed."""

    response_id = models.BigIntegerField()
    question_id = models.BigIntegerField()
    kind = models.CharField(max_length=8)  # csat | ces | nps
    score = models.SmallIntegerField()
    at = models.DateTimeField(db_index=True)
    conversation_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=20, default="")
    team_id = models.IntegerField(default=0)
    inbox_id = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("survey answer fact")
        verbose_name_plural = _("survey answer facts")
        constraints = [
            models.UniqueConstraint(fields=["response_id", "question_id"], name="insights_surveyfact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.score} (response {self.response_id})"


class OutcomeFact(models.Model):
    """One outcome from a conversation's timeline: a promise kept or broken, an SLA breach, a deflection."""

    event_id = models.BigIntegerField(primary_key=True)  # ConversationEvent id (or a slot's own id)
    conversation_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=20)  # promise_kept | promise_broken | sla_breached | bot_deflected
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("outcome fact")
        verbose_name_plural = _("outcome facts")

    def __str__(self) -> str:
        return f"{self.kind} (conversation {self.conversation_id})"


class CubeCell(models.Model):
    """Where a rollup row sits: a reporting zone's local day (hour -1), hour (0–23) or Jalali month (-2,
    starting on `day`) × channel × team × inbox × tag, each 0/"" for "any"."""

    tz = models.CharField(max_length=40)
    day = models.DateField()
    hour = models.SmallIntegerField(default=-1)
    channel = models.CharField(max_length=20, default="")
    team_id = models.IntegerField(default=0)
    inbox_id = models.IntegerField(default=0)
    tag_id = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Rollup(CubeCell):
    """The counters of one local day (or hour) × channel × team × inbox × tag."""

    messages_in = models.IntegerField(default=0)
    messages_out = models.IntegerField(default=0)
    conversations = models.IntegerField(default=0)  # opened (first customer message) in the bucket
    first_responses = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    fcr = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    sla_n = models.IntegerField(default=0)  # resolved conversations with an SLA
    sla_met = models.IntegerField(default=0)  # … of which no target was breached
    csat_n = models.IntegerField(default=0)
    csat_top2 = models.IntegerField(default=0)
    csat_sum = models.IntegerField(default=0)
    ces_n = models.IntegerField(default=0)
    ces_sum = models.IntegerField(default=0)
    nps_n = models.IntegerField(default=0)
    nps_promoters = models.IntegerField(default=0)
    nps_detractors = models.IntegerField(default=0)
    promises_kept = models.IntegerField(default=0)
    promises_broken = models.IntegerField(default=0)
    bot_deflected = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")
        indexes = [
            # a page's read: one cube cell (all dimensions pinned, or one free for a breakdown) over days
            models.Index(
                fields=CELL,
                name="insights_rollup_cell",
            ),
            # the rebuild's delete of one day and the month's sum of its days (no full scans)
            models.Index(fields=["tz", "day", "hour"], name="insights_rollup_day"),
        ]

    def __str__(self) -> str:
        return f"{self.tz} {self.day} {self.hour}"


class LabelRollup(CubeCell):
    """Inbound messages of one bucket by a label: sentiment, emotion or intent."""

    kind = models.CharField(max_length=10)  # sentiment | emotion | intent
    label = models.CharField(max_length=40)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("label rollup")
        verbose_name_plural = _("label rollups")
        indexes = [
            # a page's read: one cube cell (all dimensions pinned, or one free for a breakdown) over days
            models.Index(
                fields=CELL,
                name="insights_label_cell",
            ),
            # the rebuild's delete of one day and the month's sum of its days (no full scans)
            models.Index(fields=["tz", "day", "hour"], name="insights_label_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.label} {self.day}"


class DurationRollup(CubeCell):
    """A histogram of one duration metric for one local day × dimensions: `count` values in `bucket`."""

    metric = models.CharField(max_length=30)  # first_response | first_response_business | resolution | …
    bucket = models.IntegerField()  # lower bound in minutes, one of metrics.BUCKETS (metrics.bucket_of)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("duration rollup")
        verbose_name_plural = _("duration rollups")
        indexes = [
            # a page's read: one cube cell (all dimensions pinned, or one free for a breakdown) over days
            # … covering: the histogram is read from the index alone (no table lookups per bucket)
            models.Index(
                fields=[*CELL, "metric", "bucket", "count"],
                name="insights_duration_cover",
            ),
            # the rebuild's delete of one day and the month's sum of its days (no full scans)
            models.Index(fields=["tz", "day", "hour"], name="insights_duration_day"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day} [{self.bucket}]={self.count}"


class DirtyDay(models.Model):
    """A local day whose facts changed since its rollups were computed; refreshed by `rollups_flush`."""

    tz = models.CharField(max_length=40)
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tz", "day"], name="insights_dirtyday_unique")]

    def __str__(self) -> str:
        return f"{self.tz} {self.day}"
