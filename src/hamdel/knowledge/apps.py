from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "hamdel.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        """Wire the app in from its own package: the menu entry and the composer's article panel."""
        from hamdel.knowledge import wiring

        wiring.ready()
