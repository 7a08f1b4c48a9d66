"""Everything the insights app plugs into, called once from InsightsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def connect() -> None:
    from hamdel.conversations.events import (
        ConversationCreated,
        ConversationResolved,
        ConversationUpdated,
        MessageAnalyzed,
        MessageCreated,
    )
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import NavItem, nav_register
    from hamdel.insights import tasks
    from hamdel.insights.pages import page_register

    # `many`: a worker draining a backlog rewrites the facts of many conversations at once (core/drain.py)
    listen(MessageCreated, tasks.message_created, many=tasks.messages_created)
    for event in (MessageAnalyzed, ConversationCreated, ConversationUpdated, ConversationResolved):
        listen(event, tasks.conversation_changed, many=tasks.conversations_changed)
    # feedback is a sibling: its event by name (declared when feedback is installed), its answers via a slot
    from hamdel.core.events import declared

    if "feedback_response_completed" in declared():
        listen("feedback_response_completed", tasks.response_completed)
    every(60, tasks.rollups_refresh)

    nav_register(
        NavItem(
            key="insights",
            label=_("Insights"),
            url_name="insights:overview",
            order=35,
            perm=Perm.REPORTS_VIEW,
            current=("insights", "problems"),
        )
    )
    page_register("overview", _("Overview"), "insights:overview", order=10)
    page_register("teams", _("Teams and agents"), "insights:teams", order=20)
    page_register("channels", _("Channels"), "insights:channels", order=30)
    page_register("surveys", _("Surveys"), "insights:surveys", order=40)
