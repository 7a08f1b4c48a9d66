"""Per-inbox switch, per-conversation state and every answer the bot gave (for deflection counts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel

__all__ = ["BotAnswer", "BotConversation", "BotInbox", "Outcome"]


class BotInbox(models.Model):
    """Whether the bot answers in one inbox; an inbox without a row has the bot on."""

    inbox = models.OneToOneField("connectors.Inbox", on_delete=models.CASCADE, related_name="bot")
    enabled = models.BooleanField(_("bot answers here"), default=True)

    class Meta:
        verbose_name = _("bot setting of an inbox")
        verbose_name_plural = _("bot settings of inboxes")

    def __str__(self) -> str:
        return f"{self.inbox_id}: {self.enabled}"


class BotConversation(TimeStampedModel):
    """Where the bot is in one conversation: answers that did not help, and whether it has stopped."""

    conversation = models.OneToOneField(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="bot"
    )
    failed = models.PositiveSmallIntegerField(_("answers that did not help"), default=0)
    stopped = models.BooleanField(_("stopped"), default=False)
    stop_reason = models.CharField(_("why it stopped"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("bot conversation")
        verbose_name_plural = _("bot conversations")

    def __str__(self) -> str:
        return f"{self.conversation_id}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CONFIRMED = "confirmed", _("Customer confirmed")
    NO_RETURN = "no_return", _("No return within 72 hours")
    FAILED = "failed", _("Did not help")


class BotAnswer(models.Model):
    """One article the bot answered with; `outcome` says whether it resolved the question (deflection)."""

    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="bot_answers"
    )
    article = models.ForeignKey("knowledge.Article", on_delete=models.CASCADE, related_name="bot_answers")
    confidence = models.FloatField(_("confidence"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("bot answer")
        verbose_name_plural = _("bot answers")

    def __str__(self) -> str:
        return f"{self.conversation_id}/{self.article_id}"
