"""Masked insults: an agent reveals the original words of one message, and the reveal is kept in the history.

The text is stored exactly as received; the inbox and the conversation show it masked (language.abuse).
Revealing is one action so that it is permission-checked and logged like every other change: supervisors
see in the timeline who looked at the insults, and when.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.conversations.models import Direction, EventType, Message
from hamdel.conversations.services.history import event_record, publish_changes
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.language.abuse import find


@transaction.atomic
def message_reveal(*, message: Message, actor: Any) -> str:
    """The original text of a masked customer message, for this actor only; writes `abuse_revealed`."""
    require(actor, Perm.CONVERSATION_VIEW)
    require(actor, Perm.ABUSE_REVEAL)
    if message.direction != Direction.INBOUND or not find(message.text):
        raise ApplicationError(
            _("This message has nothing masked."), {"message": message.pk}, code="nothing_masked"
        )
    event = event_record(message.conversation, actor, EventType.ABUSE_REVEALED, new=message.pk)
    publish_changes(message.conversation, [event])
    return message.text
