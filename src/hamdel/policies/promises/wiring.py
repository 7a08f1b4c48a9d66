"""What the promises feature plugs in (listeners, periodic work, menu and settings entries, panels)."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
    from hamdel.conversations.events import MessageCreated
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import Panel, composer_check_register, panel_register
    from hamdel.policies.promises import checks, panels, tasks

    listen(MessageCreated, tasks.record_reply)  # an agent's reply keeps earlier promises, may make new ones
    every(60, tasks.tick)  # remind 30 minutes before the due time, break after it
    composer_check_register(checks.vague_promises)
    panel_register(
        "conversation",
        Panel(
            key="promises",
            title=_("Promises"),
            template="policies/promises/_conversation_panel.html",
            context=panels.conversation_panel,
            order=20,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
