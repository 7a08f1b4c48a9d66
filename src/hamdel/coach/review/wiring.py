"""What the review feature plugs in (listeners, menu and settings entries, panels, composer checks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from CoachConfig.ready()."""
    from hamdel.coach.review import checks, events, tasks, views  # noqa: F401 - events declares what it publishes
    from hamdel.conversations.events import MessageCreated
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, composer_check_register, nav_register, panel_register

    composer_check_register(checks.coach_findings)  # findings under the reply box as the agent types
    listen(MessageCreated, tasks.record_sent)  # a reply sent with findings still open is remembered
    panel_register(
        "conversation",
        Panel(
            key="coach",
            title=_("Reply coach"),
            template="coach/review/_conversation_panel.html",
            context=views.conversation_panel,
            order=25,
            perm=Perm.CONVERSATION_REPLY,
        ),
    )
    nav_register(
        NavItem(
            key="coaching",
            label=_("Coaching"),
            url_name="coach:review_report",
            order=62,
            perm=Perm.COACH_REPORT,
            current=("coach:review_report", "coach:review_team", "coach:review_export"),
        )
    )
