"""Bot reads: the inboxes with their switch, and how many questions each article resolved (deflection)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from hamdel.bot.models import BotAnswer, BotInbox, Outcome
from hamdel.connectors.models import Inbox
from hamdel.core.permissions import Perm, require

__all__ = ["bot_inboxes", "deflections"]


def bot_inboxes(*, actor: Any) -> list[tuple[Inbox, bool]]:
    """Every inbox of a channel the bot answers on, with whether the bot is on there."""
    from hamdel.bot.services import CHANNELS

    require(actor, Perm.SETTINGS_MANAGE)
    off = set(BotInbox.objects.filter(enabled=False).values_list("inbox_id", flat=True))
    return [(i, i.pk not in off) for i in Inbox.objects.filter(kind__in=CHANNELS).order_by("name", "id")]


def deflections(*, actor: Any) -> list[dict[str, Any]]:
    """Per article: answers given, resolved by the bot (confirmed, or no return in 72 h), did not help."""
    require(actor, Perm.CONVERSATION_VIEW)
    rows = (
        BotAnswer.objects.values("article_id", "article__title")
        .annotate(
            answered=Count("id"),
            resolved=Count("id", filter=Q(outcome__in=[Outcome.CONFIRMED, Outcome.NO_RETURN])),
            failed=Count("id", filter=Q(outcome=Outcome.FAILED)),
        )
        .order_by("-resolved", "-answered")
    )
    return [dict(row) for row in rows]
