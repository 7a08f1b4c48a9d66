from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "hamdel.connectors"
    label = "connectors"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from hamdel.connectors import registry, tasks
        from hamdel.core.events import listen

        registry.load()  # every channel's spec, into hamdel.core.channels for the other apps
        listen("delivery_created", tasks.deliver_later)
        _register_slots()


def _register_slots() -> None:
    """The channels settings in the menu and the call/visit log on the customer page."""
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register

    nav_register(
        NavItem(
            key="channels",
            label=_("Channels"),
            url_name="connectors:settings",
            order=70,
            perm=Perm.INBOX_MANAGE,
            current=("connectors",),
        )
    )
    panel_register(
        "customer",
        Panel(
            key="customer_log",
            title=_("Log a call or a visit"),
            template="connectors/customer_log.html",
            context=lambda request, customer: {"customer": customer},
            order=60,
            perm=Perm.CUSTOMER_EDIT,
        ),
    )
