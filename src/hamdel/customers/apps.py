from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "hamdel.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from hamdel.core.permissions import Perm
        from hamdel.core.slots import NavItem, nav_register

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
