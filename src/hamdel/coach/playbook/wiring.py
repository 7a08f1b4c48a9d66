"""What the playbook feature plugs in: a settings section for team leads and a conversation panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from CoachConfig.ready()."""
    from hamdel.coach.playbook import panels
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, panel_register, settings_register

    settings_register(
        NavItem(
            key="playbook",
            label=_("Objection playbook"),
            url_name="coach:playbook_list",
            order=42,
            perm=Perm.PLAYBOOK_MANAGE,
            current=("coach:playbook_list", "coach:playbook_edit"),
        )
    )
    panel_register(
        "conversation",
        Panel(
            key="playbook",
            title=_("Objection playbook"),
            template="coach/playbook/_conversation_panel.html",
            context=panels.conversation_panel,
            order=15,  # a suggested answer is what the agent needs first, before the promises (20)
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
