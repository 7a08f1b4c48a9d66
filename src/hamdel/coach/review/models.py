"""The review models: what agents did with the coach's findings, the raw material of the coaching view."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CoachDecision", "Decision", "ReplyContext"]


class Decision(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IGNORED = "ignored", _("Ignored")
    SENT_WITH = "sent_with", _("Sent with it")


class CoachDecision(models.Model):
    """One finding of the coach and what became of it: its suggestion applied, ignored, or sent as it was.

    The team is the conversation's team when the decision was taken (kept, so moving a conversation later
    does not rewrite last month's numbers); the excerpt is the draft around the finding, for retraining.
    """

    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("conversation"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reply"),
    )
    code = models.CharField(_("finding"), max_length=40)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    draft_excerpt = models.CharField(_("draft excerpt"), max_length=500, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("coach decision")
        verbose_name_plural = _("coach decisions")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["conversation", "agent", "at"], name="coach_decision_conv_agent")]

    def __str__(self) -> str:
        return f"{self.code}: {self.decision}"


class ReplyContext(models.Model):
    """The agent's own reading of a conversation, which the coach cannot see in the words: whose fault it
    was and whether the customer's request can be met. It wins over what tags and intent suggest."""

    conversation = models.OneToOneField(
        "conversations.Conversation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("conversation"),
    )
    fault = models.CharField(
        _("whose fault"),
        max_length=10,
        default="unknown",
        choices=[
            ("unknown", _("Not known")),
            ("ours", _("Ours")),
            ("customer", _("The customer's")),
            ("none", _("Nobody's")),
        ],
    )
    request_possible = models.BooleanField(_("the request can be met"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("reply context")
        verbose_name_plural = _("reply contexts")

    def __str__(self) -> str:
        return f"{self.fault}/{self.request_possible}"
