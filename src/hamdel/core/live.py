"""Send live updates to agents' browsers through the Channels layer, from any thread.

With Redis the layer is shared by every process. Without it (one machine, `hamdel serve`), the in-memory
layer lives on the server's event loop, and the worker thread must hand the send to that loop instead of
starting a loop of its own.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)
_server_loop: asyncio.AbstractEventLoop | None = None


def remember_server_loop() -> None:
    """Called from a consumer: the loop that owns the in-memory layer's queues."""
    global _server_loop
    _server_loop = asyncio.get_running_loop()


def _send_from_sync(layer: Any, group: str, message: dict[str, Any]) -> None:
    """async_to_sync refuses to run in a thread that already has a loop (an async caller, or a test
    driving a browser); hand the send to a short-lived thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(group, message)
        return
    thread = threading.Thread(target=asyncio.run, args=(layer.group_send(group, message),), daemon=True)
    thread.start()
    thread.join(timeout=5)


def broadcast(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        if isinstance(layer, InMemoryChannelLayer):
            loop = _server_loop
            if loop is None or not loop.is_running():
                return  # nobody is connected to this process
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:
                loop.create_task(layer.group_send(group, message))
            else:
                asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
        else:
            _send_from_sync(layer, group, message)
    except Exception:  # live updates are best effort; the page still shows the truth on reload
        logger.exception("live update to %s failed", group)
