from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "hamdel.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from hamdel.core.permissions import Perm
        from hamdel.core.slots import NavItem, Panel, nav_register, panel_register
        from hamdel.customers import panels, snapshots

        snapshots.register()  # the `order.*` webhooks' snapshot of the order

        nav_register(
            NavItem(
                key="customers",
                label=_("Customers"),
                url_name="customers:customers",
                order=20,
                perm=Perm.CUSTOMER_VIEW,
                current=("customers",),
            )
        )
        panel_register(
            "conversation",
            Panel(
                key="customer",
                title=_("Customer"),
                template="customers/_conversation_customer.html",
                context=panels.conversation_customer,
                order=10,
                perm=Perm.CUSTOMER_VIEW,
            ),
        )
        panel_register(
            "customer",
            Panel(
                key="orders",
                title=_("Orders"),
                template="customers/_customer_orders.html",
                context=panels.customer_orders,
                order=20,
                perm=Perm.CUSTOMER_VIEW,
            ),
        )
