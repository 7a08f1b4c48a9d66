"""The "send a survey" action of automation rules: feedback registers it in the core slot, so the rules
run it without importing feedback (value = the survey's id)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hamdel.core.slots import RuleAction


def _survey_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def validate(value: Any) -> list[str]:
    """A survey that exists and is open; anything else is named for the admin (and disables the rule)."""
    from hamdel.feedback.models import Survey

    survey = Survey.objects.filter(pk=_survey_id(value) or 0).first()
    if survey is None:
        return ["unknown_survey"]
    if not survey.is_active:
        return ["survey_closed"]
    return []


def run(actor: Any, conversation: Any, value: Any) -> None:
    """Invite the conversation's customer as the rule, through the same action an agent's click uses."""
    from hamdel.feedback.models import Survey
    from hamdel.feedback.services.invitations import survey_invite

    survey = Survey.objects.get(pk=_survey_id(value) or 0)
    survey_invite(actor=actor, survey=survey, conversation=conversation)


def choices() -> list[tuple[str, str]]:
    """The open surveys, for the rule form's picker."""
    from hamdel.feedback.models import Survey

    return [(str(pk), name) for pk, name in Survey.objects.filter(is_active=True).values_list("pk", "name")]


SEND_SURVEY = RuleAction(
    type="send_survey", label=_("Send a survey"), validate=validate, run=run, choices=choices
)
