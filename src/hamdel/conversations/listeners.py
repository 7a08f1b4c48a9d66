"""Connect domain events to the tasks that follow them."""

from __future__ import annotations

from hamdel.core.events import listen


def register() -> None:
    from hamdel.conversations import tasks
    from hamdel.conversations.services.ingest import redelivered_hook_register

    listen("message_created", tasks.notify_message)
    listen("message_created", tasks.analyze_message, many=tasks.analyze_messages_many)
    listen("conversation_updated", tasks.notify_conversation)
    listen("delivery_updated", tasks.notify_delivery)
    redelivered_hook_register(tasks.analysis_ensure)
