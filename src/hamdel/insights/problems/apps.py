from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "hamdel.insights.problems"
    label = "problems"
    verbose_name = _("Recurring problems")

    def ready(self) -> None:
        from hamdel.insights.problems import wiring

        wiring.ready()
