from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "hamdel.insights"
    label = "insights"
    verbose_name = _("Insights")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Wire the app in: fact listeners, the periodic rollup refresh, the menu entry and its own tabs."""
        from hamdel.insights import wiring

        wiring.connect()
