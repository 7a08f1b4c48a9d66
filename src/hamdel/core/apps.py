from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hamdel.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hamdel.core.permissions import Perm
        from hamdel.core.slots import NavItem, register_settings_entry, settings_register

        register_settings_entry()
        settings_register(
            NavItem(key="audit", label=_("Audit log"), url_name="audit_log", order=95, perm=Perm.AUDIT_VIEW)
        )
        _register_status()


def _register_status() -> None:
    """The system status page (crash recovery figures) as the last section of the settings hub."""
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, settings_register

    settings_register(
        NavItem(
            key="system_status",
            label=_("System status"),
            url_name="system_status",
            order=99,
            perm=Perm.SETTINGS_MANAGE,
        )
    )
