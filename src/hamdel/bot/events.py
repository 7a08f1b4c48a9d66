"""The events the bot publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class BotHandedOver(Event):
    """The bot stopped and handed the conversation to a person; `reason` is one of HANDOFF_REASONS."""

    name: ClassVar[str] = "bot_handed_over"
    public: ClassVar[str] = "bot.handed_over"
    conversation_id: int
    reason: str
