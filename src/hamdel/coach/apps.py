from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURES = ("review", "playbook", "shield")


class CoachConfig(AppConfig):
    name = "hamdel.coach"
    label = "coach"
    verbose_name = _("Reply coach")

    def ready(self) -> None:
        """Each feature registers its listeners, menu entries, panels and composer checks itself."""
        for feature in FEATURES:
            import_module(f"hamdel.coach.{feature}.wiring").ready()
