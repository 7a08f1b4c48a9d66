from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURES = ("calendars", "sla", "promises", "returns", "remedies")


class PoliciesConfig(AppConfig):
    name = "hamdel.policies"
    label = "policies"
    verbose_name = _("Promises kept")

    def ready(self) -> None:
        """Each feature registers its listeners, periodic work, menu entries and panels itself."""
        for feature in FEATURES:
            import_module(f"hamdel.policies.{feature}.wiring").ready()
        import_module("hamdel.policies.snapshots").register()  # webhook payloads: promise, return, remedy
