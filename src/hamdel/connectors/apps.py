from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "hamdel.connectors"
    label = "connectors"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from hamdel.connectors import tasks
        from hamdel.core.events import listen

        listen("delivery_created", tasks.deliver_later)
