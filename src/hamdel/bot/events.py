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


@declare
@dataclass(frozen=True)
class BotDeflected(Event):
    """A bot answer resolved the question: the customer confirmed it, or did not come back within 72 hours."""

    name: ClassVar[str] = "bot_deflected"
    public: ClassVar[str] = "bot.deflected"
    conversation_id: int
    article_id: int
    how: str  # "confirmed" | "no_return"
