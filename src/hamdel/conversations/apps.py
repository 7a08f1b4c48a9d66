from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "hamdel.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from hamdel.conversations import events, listeners  # noqa: F401  (declares the events)

        listeners.register()
