"""What the returns feature plugs in: the returns page in the menu, panels on conversations and customers."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from PoliciesConfig.ready()."""
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register
    from hamdel.policies.returns import events, panels  # noqa: F401 - events declares what returns publishes

    nav_register(
        NavItem(
            key="returns",
            label=_("Returns"),
            url_name="policies:returns_list",
            order=35,
            perm=Perm.CUSTOMER_VIEW,
            current=("policies:returns_list",),
            hide_on_phone=True,
        )
    )
    panel_register(
        "conversation",
        Panel(
            key="returns",
            title=_("Orders and returns"),
            template="policies/returns/_conversation_returns.html",
            context=panels.conversation_returns,
            order=30,
            perm=Perm.CUSTOMER_VIEW,
        ),
    )
    panel_register(
        "customer",
        Panel(
            key="returns",
            title=_("Returns"),
            template="policies/returns/_customer_returns.html",
            context=panels.customer_returns,
            order=25,
            perm=Perm.CUSTOMER_VIEW,
        ),
    )
