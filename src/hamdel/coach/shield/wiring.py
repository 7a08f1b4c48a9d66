"""What the shield feature plugs in (listeners, menu and settings entries, panels, composer checks)."""

from __future__ import annotations


def ready() -> None:
    """Called once from CoachConfig.ready()."""
    from django.utils.translation import gettext_lazy as _

    from hamdel.coach.shield import panels, tasks
    from hamdel.conversations.events import MessageAnalyzed
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, panel_register, settings_register

    listen(MessageAnalyzed, tasks.on_message_analyzed)
    settings_register(
        NavItem(
            key="shield",
            label=_("Shielding agents from abuse"),
            url_name="coach:shield_settings",
            order=75,
            perm=Perm.SETTINGS_MANAGE,
            current=("coach:shield_settings",),
        )
    )
    panel_register(
        "conversation",
        Panel(
            key="shield",
            title=_("Abuse shield"),
            template="coach/shield/_panel.html",
            context=panels.conversation_panel,
            order=8,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
