"""What the knowledge base plugs into: the main menu and the conversation page's article panel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from KnowledgeConfig.ready()."""
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register
    from hamdel.knowledge import panels

    nav_register(
        NavItem(
            key="knowledge",
            label=_("Knowledge base"),
            url_name="knowledge:list",
            order=35,
            perm=Perm.CONVERSATION_VIEW,
            current=("knowledge",),
            hide_on_phone=True,
        )
    )
    panel_register(
        "conversation",
        Panel(
            key="knowledge",
            title=_("Knowledge base"),
            template="knowledge/_conversation_panel.html",
            context=panels.conversation_panel,
            order=16,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
