from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "hamdel.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from hamdel.core.slots import NavItem, nav_register

        # The API reference belongs to no one app; it is the last menu entry, hidden on phones.
        nav_register(
            NavItem(key="api", label=_("API"), url_name="api:openapi-view", order=90, hide_on_phone=True)
        )
