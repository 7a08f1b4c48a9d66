"""Demo of the abuse shield: rude customers' words masked, one conversation routed to the team lead.

Everything goes through the actions: the admin's settings, ingest, the analysis, the shield's routing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from hamdel.accounts.models import User
from hamdel.coach.shield.models import DEFAULT_BOUNDARY_TEXT, ShieldCase
from hamdel.coach.shield.services import shield_message_flagged, shield_settings_update
from hamdel.conversations.analysis import analyze_messages
from hamdel.conversations.models import Message
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage

MESSAGES = (
    (
        "demo-shield-1",
        "reza.k@example.ir",
        "رضا کریمی",
        "سفارش ۴۸۲۹۱۷ دو هفته است نرسیده. ا ح م ق ها چرا کسی جواب نمی‌ده؟ بیشعووووورا پولمو پس بدید!",
    ),
    (
        "demo-shield-2",
        "m.ahmadi@example.ir",
        "مهدی احمدی",
        "اگه تا فردا پولمو برنگردونید حسابتونو می‌رسم، آدرس دفترتونو دارم",
    ),
)


def load_shield_demo(
    *,
    admin: User,
    lead: User,
    now: dt.datetime,
    rnd: random.Random,
    backdate: Callable[[Any, dt.datetime, dt.datetime, random.Random], None],
) -> None:
    """The admin routes abusive conversations to the team lead; two rude messages arrived this morning."""
    shield_settings_update(
        actor=admin,
        route_team_id=None,
        route_user_id=lead.pk,
        boundary_text=DEFAULT_BOUNDARY_TEXT,
        auto_boundary=False,
    )
    for external_id, address, name, text in MESSAGES:
        result = ingest(
            InboundMessage(
                channel="email",
                identity_kind="email",
                address=address,
                customer_name=name,
                external_id=external_id,
                text=text,
                thread_key=external_id,
            )
        )
        message = Message.objects.select_related("conversation").get(pk=result.message_id)
        analyze_messages([message])
        shield_message_flagged(message_id=message.pk)
        conversation = message.conversation
        backdate(conversation, now - dt.timedelta(hours=rnd.randint(2, 6)), now, rnd)
        # the case's times follow the backdated history, like the rest of the demo
        assigned = conversation.events.filter(type="assigned").order_by("at")
        routed = assigned.values_list("at", flat=True).first()
        arrived = Message.objects.get(pk=message.pk).created_at
        ShieldCase.objects.filter(conversation=conversation).update(flagged_at=arrived, routed_at=routed)
