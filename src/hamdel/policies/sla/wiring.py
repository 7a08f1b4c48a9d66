"""What the sla feature plugs in (listeners, periodic work, menu and settings entries, panels)."""

from __future__ import annotations


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
    from django.db.models import F
    from django.utils.translation import gettext_lazy as _

    from hamdel.conversations.events import ConversationCreated, ConversationUpdated, MessageCreated
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import (
        InboxColumn,
        NavItem,
        Panel,
        api_field_register,
        inbox_column_register,
        panel_register,
        settings_register,
        sla_covered_register,
    )
    from hamdel.policies.sla import panels, selectors, tasks
    from hamdel.policies.sla.events import SlaPoliciesChanged

    listen(ConversationCreated, tasks.on_conversation_created, many=tasks.on_conversations_created)
    listen(MessageCreated, tasks.on_message_created, many=tasks.on_messages_created)
    listen(ConversationUpdated, tasks.on_conversation_updated)
    listen(SlaPoliciesChanged, tasks.rematch_open)
    every(60, tasks.check_clocks)

    settings_register(
        NavItem(
            key="sla",
            label=_("SLA policies"),
            url_name="policies:sla_list",
            order=60,
            perm=Perm.SLA_MANAGE,
            current=("policies:sla_list", "policies:sla_edit"),
        )
    )
    panel_register(
        "conversation",
        Panel(
            key="sla",
            title=_("SLA"),
            template="policies/sla/_panel.html",
            context=panels.conversation_panel,
            order=12,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
    api_field_register("conversation", "sla", selectors.sla_api_field, prepare=selectors.with_clock)
    sla_covered_register(selectors.covered_ids)
    inbox_column_register(
        InboxColumn(
            key="sla",
            header=_("Time left (SLA)"),
            template="policies/sla/_inbox_cell.html",
            annotate=selectors.inbox_annotate,
            # The rows about to breach first (overdue ones, most overdue, on top); rows without a clock last.
            order_by=(F("sla_due").asc(nulls_last=True),),
            order=20,
            perm=Perm.CONVERSATION_VIEW,
            stylesheet="policies/sla.css",
        )
    )
