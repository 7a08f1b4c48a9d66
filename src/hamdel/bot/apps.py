from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "hamdel.bot"
    label = "bot"
    verbose_name = _("Bot")

    def ready(self) -> None:
        """Plug in through events: nothing imports the bot."""
        from hamdel.bot import wiring

        wiring.ready()
