"""Demo: two chat conversations the bot took first — one it answered from an article, one it handed over."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hamdel.bot.services import bot_on_message
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage

CHATS = [
    ("visitor-bot-1", "نیلوفر احمدی", ["سفارشم کی می‌رسد؟", "ممنون، حل شد"]),
    ("visitor-bot-2", "حمید کریمی", ["سلام، سفارشمو کنسل کنید لطفا", "با یک کارشناس صحبت کنم"]),
]


def load_bot_demo(*, now: dt.datetime, rnd: random.Random, backdate: Callable[..., Any]) -> None:
    """Through ingest and the bot's own turn (the demo loads with events suppressed, so it is called here);
    then dated a few hours back, like every demo conversation."""
    for address, name, texts in CHATS:
        result = None
        for text in texts:
            result = ingest(
                InboundMessage(
                    channel="chat", identity_kind="chat", address=address, customer_name=name, text=text
                )
            )
            bot_on_message(message_id=result.message_id)
        if result is not None:
            conversation = Conversation.objects.get(pk=result.conversation_id)
            backdate(conversation, now - dt.timedelta(hours=rnd.randint(3, 48)), now, rnd)
