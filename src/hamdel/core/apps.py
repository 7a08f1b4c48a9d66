from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hamdel.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hamdel.core.slots import register_settings_entry

        register_settings_entry()
