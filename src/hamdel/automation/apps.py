from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURES = ("rules", "webhooks")


class AutomationConfig(AppConfig):
    name = "hamdel.automation"
    label = "automation"
    verbose_name = _("Automation")

    def ready(self) -> None:
        """Each feature registers its listeners, periodic work, menu entries and panels itself."""
        for feature in FEATURES:
            import_module(f"hamdel.automation.{feature}.wiring").ready()
