"""Demo objection playbook: the Persian starter set, and two sales chats where the customer hesitates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from hamdel.coach.playbook.services import playbook_import
from hamdel.conversations import services
from hamdel.conversations.analysis import analyze_messages
from hamdel.conversations.models import Conversation, ConversationEvent, Message
from hamdel.conversations.types import InboundMessage
from hamdel.core.events import suppressed

STARTER = Path(settings.REPO_DIR) / "data" / "playbook" / "playbook-fa.json"
# Customers voicing an objection in their own words (and minutes ago): the conversation's playbook panel
# offers the entry.
HESITATING = [
    ("کامران یزدانی", "سلام، نرم‌افزار رو دیدم ولی راستش برای مغازهٔ کوچیک ما هزینهٔ اشتراک زیاده.", 25),
    ("الناز شریفی", "ممنون از توضیحاتتون. بذارید یه کم فکر کنم، بعداً خبر می‌دم.", 50),
]


def load_playbook(*, lead: Any) -> int:
    """The starter set through the playbook's own action (by a team lead); returns how many were added."""
    created, _skipped = playbook_import(actor=lead, entries=json.loads(STARTER.read_text(encoding="utf-8")))
    now = timezone.now()
    with suppressed():  # analysed here and dated in the past, like the rest of the demo's history
        for number, (name, text, minutes_ago) in enumerate(HESITATING, start=1):
            result = services.ingest(
                InboundMessage(
                    channel="chat",
                    identity_kind="chat",
                    address=f"playbook-demo-{number}",
                    customer_name=name,
                    text=text,
                    external_id=f"playbook-demo-{number}",
                )
            )
            message = Message.objects.get(pk=result.message_id)
            analyze_messages([message])
            at = now - dt.timedelta(minutes=minutes_ago)
            Message.objects.filter(pk=message.pk).update(created_at=at)
            ConversationEvent.objects.filter(conversation_id=result.conversation_id).update(at=at)
            Conversation.objects.filter(pk=result.conversation_id).update(
                created_at=at, last_inbound_at=at, last_message_at=at, updated_at=at
            )
    return created
