"""Connect domain events to the tasks that follow them."""

from __future__ import annotations

from hamdel.core.events import listen


def register() -> None:
    from hamdel.conversations import tasks

    listen("message_created", tasks.notify_message)
    listen("message_created", tasks.analyze_message)
    listen("conversation_updated", tasks.notify_conversation)
    listen("delivery_updated", tasks.notify_delivery)
