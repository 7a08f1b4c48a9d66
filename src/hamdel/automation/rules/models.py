"""Automation rules: when an event happens and the conditions hold, take the actions, as `RuleActor`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Rule", "RuleRun"]


class Rule(models.Model):
    """`conditions` is {"all"|"any": [{"field", "op", "value"}]}; `actions` a list of {"type", "value"}."""

    name = models.CharField(_("name"), max_length=150)
    event = models.CharField(_("event"), max_length=40)  # a public event name, e.g. "message.received"
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    order = models.IntegerField(_("order"), default=100)
    enabled = models.BooleanField(_("enabled"), default=True)
    # Why Hamdel switched the rule off (a team or tag it names was deleted); cleared when it is fixed.
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("automation rule")
        verbose_name_plural = _("automation rules")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class RuleRun(models.Model):
    """One rule action taken on one conversation: the loop guard counts these per minute."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="runs", verbose_name=_("rule"))
    conversation_id = models.PositiveIntegerField(_("conversation"), db_index=True)
    event = models.CharField(_("event"), max_length=40)
    actions = models.JSONField(_("actions taken"), default=list)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("rule run")
        verbose_name_plural = _("rule runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.conversation_id}"
