"""What the review feature plugs in (listeners, menu and settings entries, panels, composer checks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from CoachConfig.ready()."""
    from hamdel.coach.review import checks, events, tasks  # noqa: F401 - events declares what review publishes
    from hamdel.conversations.events import MessageCreated
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, composer_check_register, nav_register

    composer_check_register(checks.coach_findings)  # findings under the reply box as the agent types
    listen(MessageCreated, tasks.record_sent)  # a reply sent with findings still open is remembered
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
