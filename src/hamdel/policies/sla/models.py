"""SLA policies (which targets apply to which conversations) and one clock per conversation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel

__all__ = ["ClockState", "SlaClock", "SlaPolicy", "Target", "TimeBasis"]


class TimeBasis(models.TextChoices):
    BUSINESS = "business", _("Business minutes")
    CALENDAR = "calendar", _("Calendar minutes")


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class ClockState(models.TextChoices):
    OK = "ok", _("On time")
    WARNING = "warning", _("Close to the target")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")


def _default_pause() -> list[str]:
    return ["pending"]  # conversations' Status.PENDING: waiting on the customer


class SlaPolicy(TimeStampedModel):
    """Targets for the conversations it matches; the first enabled policy (by `order`) that matches wins.

    Empty condition lists match everything. A policy with `no_sla` matches like any other and gives its
    conversations no clock (e.g. "internal requests: no SLA" above a catch-all policy).
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    team_ids = models.JSONField(_("teams"), default=list, blank=True)
    customer_tags = models.JSONField(_("customer tags"), default=list, blank=True)
    no_sla = models.BooleanField(_("no SLA"), default=False)
    first_response_minutes = models.PositiveIntegerField(_("first response (minutes)"), null=True, blank=True)
    next_response_minutes = models.PositiveIntegerField(_("next response (minutes)"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(_("resolution (minutes)"), null=True, blank=True)
    basis = models.CharField(
        _("count in"), max_length=10, choices=TimeBasis.choices, default=TimeBasis.BUSINESS
    )
    calendar = models.ForeignKey(
        "core.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("business calendar"),
        help_text=_("Empty: the default calendar."),
    )
    pause_statuses = models.JSONField(_("statuses that pause the clock"), default=_default_pause, blank=True)
    warning_percent = models.PositiveSmallIntegerField(_("warn at (percent)"), default=80)
    escalate_notify = models.BooleanField(_("notify the supervisor on breach"), default=False)
    escalate_notify_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("supervisor to notify"),
        help_text=_("Empty: every supervisor."),
    )
    escalate_priority = models.CharField(_("raise priority to"), max_length=10, blank=True)
    escalate_team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("move to team"),
    )
    escalate_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reassign to"),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def target_minutes(self, target: str) -> int | None:
        return {
            Target.FIRST_RESPONSE: self.first_response_minutes,
            Target.NEXT_RESPONSE: self.next_response_minutes,
            Target.RESOLUTION: self.resolution_minutes,
        }[Target(target)]


class SlaClock(models.Model):
    """The SLA clock of one conversation: minutes used per target, the due moments, and the state.

    Used minutes are counted up to `running_since` (None while paused or stopped) in the policy's basis, so a
    pause, a resumption or a change of policy keeps what was already used. `alerts` holds the
    "target.warning"/"target.breached" already published, so each goes out once per target (the next-response
    target starts again with each customer message that waits for an answer).
    """

    conversation = models.OneToOneField(
        "conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="sla_clock",
        verbose_name=_("conversation"),
    )
    policy = models.ForeignKey(
        SlaPolicy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clocks",
        verbose_name=_("policy"),
    )
    state = models.CharField(_("state"), max_length=10, choices=ClockState.choices, default=ClockState.OK)
    running_since = models.DateTimeField(_("counting since"), null=True, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    first_response_used = models.FloatField(_("first response: minutes used"), default=0)
    next_response_used = models.FloatField(_("next response: minutes used"), default=0)
    resolution_used = models.FloatField(_("resolution: minutes used"), default=0)
    awaiting_next_since = models.DateTimeField(_("waiting for an answer since"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    # None: still running; True: met on time; False: met late.
    first_response_met = models.BooleanField(_("first response met"), null=True, blank=True)
    next_response_met = models.BooleanField(_("next response met"), null=True, blank=True)
    resolution_met = models.BooleanField(_("resolution met"), null=True, blank=True)
    # The nearest due moment of a running target: the inbox sorts on it.
    next_due = models.DateTimeField(_("next due"), null=True, blank=True, db_index=True)
    # The next moment a warning or a breach falls due: the periodic check reads only clocks past it.
    check_at = models.DateTimeField(_("check at"), null=True, blank=True, db_index=True)
    alerts = models.JSONField(_("alerts sent"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        indexes = [models.Index(fields=["state", "next_due"], name="slaclock_state_due")]

    def __str__(self) -> str:
        return f"#{self.conversation_id} {self.state}"
