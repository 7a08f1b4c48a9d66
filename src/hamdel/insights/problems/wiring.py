"""What the problems app plugs in: its periodic run, the survey listener, its insights tabs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REFRESH_SECONDS = 300
LOYALTY_SECONDS = 240


def ready() -> None:
    """Called once from ProblemsConfig.ready()."""
    from hamdel.core.events import listen
    from hamdel.core.schedule import every
    from hamdel.insights.pages import page_register
    from hamdel.insights.problems import events, tasks  # noqa: F401 - events declares what it publishes

    every(REFRESH_SECONDS, tasks.refresh_problems)
    every(LOYALTY_SECONDS, tasks.refresh_loyalty)  # before the snapshots (SNAPSHOT_SECONDS) run out
    # By name: feedback is a sibling app; its public snapshot carries the score (core.slots).
    listen("feedback_response_completed", tasks.record_survey)
    page_register("problems", _("Recurring problems"), "problems:list", order=50)
    page_register("journey", _("Customer journey"), "problems:journey", order=60)
    page_register("loyalty", _("Loyalty"), "problems:loyalty", order=70)
