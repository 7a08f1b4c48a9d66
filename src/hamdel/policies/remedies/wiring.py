"""What the remedies feature plugs in: the conversation panel, the approvals queue, the limits page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class _QueueLabel:
    """The approvals entry of the menu, with the number waiting: «تأییدها (۳)» (counted when shown)."""

    def __str__(self) -> str:
        from hamdel.core.templatetags.hamdel import digits
        from hamdel.policies.remedies.selectors import pending_count

        waiting = pending_count()
        label = str(_("Approvals"))
        return f"{label} ({digits(waiting)})" if waiting else label


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register, settings_register
    from hamdel.policies.remedies import views

    panel_register(
        "conversation",
        Panel(
            key="remedies",
            title=_("Remedies"),
            template="policies/remedies/_panel.html",
            context=views.conversation_panel,
            order=30,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
    panel_register(
        "customer",
        Panel(
            key="remedies",
            title=_("Remedies"),
            template="policies/remedies/_customer_panel.html",
            context=views.customer_panel,
            order=35,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
    label: Any = _QueueLabel()
    nav_register(
        NavItem(
            key="remedy_approvals",
            label=label,
            url_name="policies:remedy_queue",
            order=60,
            perm=Perm.REMEDY_APPROVE,
            current=("policies:remedy_queue",),
            hide_on_phone=False,
        )
    )
    settings_register(
        NavItem(
            key="authority_limits",
            label=_("Authority limits"),
            url_name="policies:remedy_limits",
            order=70,
            perm=Perm.SETTINGS_MANAGE,
            current=("policies:remedy_limits",),
        )
    )
