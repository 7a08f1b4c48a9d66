"""Demo objection playbook: the Persian starter set, and two sales chats where the customer hesitates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from hamdel.coach.playbook.services import playbook_import
from hamdel.conversations import services
from hamdel.conversations.types import InboundMessage

STARTER = Path(settings.REPO_DIR) / "data" / "playbook" / "playbook-fa.json"
# Customers voicing an objection in their own words: the conversation's playbook panel offers the entry.
HESITATING = [
    ("کامران یزدانی", "سلام، نرم‌افزار رو دیدم ولی راستش برای مغازهٔ کوچیک ما هزینهٔ اشتراک زیاده."),
    ("الناز شریفی", "ممنون از توضیحاتتون. بذارید یه کم فکر کنم، بعداً خبر می‌دم."),
]


def load_playbook(*, lead: Any) -> int:
    """The starter set through the playbook's own action (by a team lead); returns how many were added."""
    created, _skipped = playbook_import(actor=lead, entries=json.loads(STARTER.read_text(encoding="utf-8")))
    for number, (name, text) in enumerate(HESITATING, start=1):
        services.ingest(
            InboundMessage(
                channel="chat",
                identity_kind="chat",
                address=f"playbook-demo-{number}",
                customer_name=name,
                text=text,
                external_id=f"playbook-demo-{number}",
            )
        )
    return created
