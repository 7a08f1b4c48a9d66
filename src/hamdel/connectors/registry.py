"""Which adapter speaks for which channel. Adapters translate; they never write models."""

from __future__ import annotations

from typing import Protocol

from hamdel.conversations.types import DeliveryResult, OutboundMessage


class Adapter(Protocol):
    def send(self, message: OutboundMessage) -> DeliveryResult: ...


_adapters: dict[str, Adapter] = {}


def register(channel: str, adapter: Adapter) -> None:
    _adapters[channel] = adapter


def adapter_for(channel: str) -> Adapter | None:
    if not _adapters:
        _load_builtin()
    return _adapters.get(channel)


def _load_builtin() -> None:
    from hamdel.connectors.bots.adapter import BotAdapter
    from hamdel.connectors.chat.adapter import ChatAdapter
    from hamdel.connectors.email.adapter import EmailAdapter
    from hamdel.connectors.generic.adapter import GenericAdapter
    from hamdel.connectors.offline import OfflineAdapter
    from hamdel.connectors.sms.adapter import SmsAdapter
    from hamdel.connectors.webform.adapter import WebFormAdapter

    register("email", EmailAdapter())
    register("api", GenericAdapter())
    register("telegram", BotAdapter())
    register("bale", BotAdapter())
    register("sms", SmsAdapter())
    register("chat", ChatAdapter())
    # The web form's customer gets the answer by e-mail with the tracking link, or on the tracking page.
    register("web_form", WebFormAdapter())
    # Logged channels: the agent's answer is given in person or on the phone; recording it is the delivery.
    for channel in ("phone", "walk_in", "social"):
        register(channel, OfflineAdapter())
