"""The bot's decisions and actions: answer, offer candidates, or hand over to a person with a reason.

`bot_answer` decides from the text alone (the API and every channel use it); `bot_on_message` runs it for
an inbound customer message in an inbox where the bot is on, replies through the normal reply/outbox path
as Hamdel itself (author None, `meta.bot`), and records a hand-over as a timeline row and an event. The bot
never reads internal or draft articles (it searches the public index only) and stops for good in a
conversation the moment a person replies there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.bot.events import BotDeflected, BotHandedOver
from hamdel.bot.models import BotAnswer, BotConversation, BotInbox, Outcome
from hamdel.bot.scoring import ANSWER_AT, CANDIDATE_FLOOR, confidence
from hamdel.conversations.models import Conversation, Direction, EventType, Message, MessageKind
from hamdel.conversations.services.history import conversation_record_event
from hamdel.conversations.services.replies import reply
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.knowledge.markdown import plain
from hamdel.knowledge.models import Article, Visibility
from hamdel.knowledge.selectors import article_index, article_url
from hamdel.language.normalize import fold_for_search

__all__ = [
    "CHANNELS",
    "HANDOFF_REASONS",
    "BotReply",
    "bot_answer",
    "bot_inbox_set",
    "bot_on_message",
    "bot_settle_answers",
]

CHANNELS = ("chat", "telegram", "bale", "web_form")
HANDOFF_REASONS = ("customer_request", "no_answer", "upset_customer", "unsupported_request", "bot_failed")
MAX_FAILED = 2
NO_RETURN = dt.timedelta(hours=72)
ANSWER_CHARS = 700

# «می‌خوام با یه آدم حرف بزنم», «اپراتور», «کارشناس لطفا», "human please" (folded text: no half-space)
_ASK_PERSON = re.compile(
    r"اپراتور|کارشناس|اپیراتور|\bادمین\b|آدم واقعی|یه آدم|یک آدم|با یه نفر|با یک نفر|با انسان|\bانسان\b"
    r"|پشتیبان (?:واقعی|انسانی)|تماس بگیر|زنگ بزن|\boperator\b|\bhuman\b|\bagent\b|real person"
)
# Things only a person can do for the customer: cancel, refund, change an order or account.
_ACTION = re.compile(
    r"(?:لغو|کنسل|عوض|تغییر|برگشت|پس)\s*(?:کن|کنید|بدید|بدین|بده|بزنید|بشه)|پولمو|پولم رو|آدرسمو|رمزمو"
    r"|سفارشمو|حسابمو|\bcancel\b|\brefund\b"
)
_THANKS = re.compile(r"^(?:ممنون|مرسی|متشکر|سپاس|حل شد|درست شد|عالی|بله|آره|اره|اوکی|ok|thanks?)\b")
_UPSET_SENTIMENT = {"very_negative"}
_UPSET_EMOTION = {"anger", "disgust"}


@dataclass(frozen=True)
class BotReply:
    """What the bot would say: an answer (with its article) or candidates, or a hand-over reason."""

    answer: str | None
    article_id: int | None
    confidence: float
    candidates: list[dict[str, Any]] = field(default_factory=list)
    handoff_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "article_id": self.article_id,
            "confidence": self.confidence,
            "candidates": self.candidates,
            "handoff_reason": self.handoff_reason,
        }


def _upset(text: str) -> bool:
    """Our language models read anger, contempt or a very negative message (or an insult)."""
    from hamdel.language.analyze import analyze

    result = analyze([text])[0]
    return (
        result.abusive
        or result.sentiment in _UPSET_SENTIMENT
        or (result.emotion in _UPSET_EMOTION and result.emotion_probs.get(result.emotion, 0) >= 0.5)
    )


def _answer_text(article: Article) -> str:
    body = " ".join(plain(article.body).split())
    if len(body) > ANSWER_CHARS:
        body = body[:ANSWER_CHARS].rsplit(" ", 1)[0] + "…"
    return f"{article.title}\n\n{body}\n\n{_('Read more:')} {article_url(article)}"


def bot_answer(text: str, channel: str = "", *, actor: Any = None) -> BotReply:
    """The bot's answer to one customer message, from public articles only.

    Order: asks for a person → `customer_request`; upset → `upset_customer`; a request only a person can
    carry out (cancel, refund, change: an imperative, not a how-to question) → `unsupported_request`; a
    confident article → answer; some likely articles → 2–3 candidates; nothing → `no_answer`.
    """
    if actor is not None:
        require(actor, Perm.CONVERSATION_VIEW)
    text = (text or "")[:4000]
    folded = fold_for_search(text)
    if not folded.strip():
        return BotReply(None, None, 0.0, [], "no_answer")
    if _ASK_PERSON.search(folded):
        return BotReply(None, None, 0.0, [], "customer_request")
    if _upset(text):
        return BotReply(None, None, 0.0, [], "upset_customer")
    if _ACTION.search(folded):  # «سفارشمو کنسل کنید» asks for a deed, not an answer («چطور کنسل کنم؟»)
        return BotReply(None, None, 0.0, [], "unsupported_request")
    hits = article_index(public_only=True).search(text, limit=3)
    conf = confidence(hits)
    articles = {
        a.pk: a for a in Article.objects.filter(pk__in=[h.id for h in hits], visibility=Visibility.PUBLIC)
    }
    hits = [h for h in hits if h.id in articles]  # unpublished a moment ago: never shown
    if hits and conf >= ANSWER_AT:
        best = articles[int(hits[0].id)]  # type: ignore[call-overload]
        return BotReply(_answer_text(best), best.pk, conf, [])
    if hits and conf >= CANDIDATE_FLOOR:
        candidates = [
            {
                "id": articles[int(h.id)].pk,  # type: ignore[call-overload]
                "title": articles[int(h.id)].title,  # type: ignore[call-overload]
                "url": article_url(articles[int(h.id)]),  # type: ignore[call-overload]
                "score": h.score,
            }
            for h in hits[:3]
        ]
        return BotReply(None, None, conf, candidates)
    return BotReply(None, None, conf, [], "no_answer")


@transaction.atomic
def bot_inbox_set(*, actor: Any, inbox_id: int, enabled: bool) -> BotInbox:
    """Switch the bot on or off in one inbox (admins)."""
    require(actor, Perm.SETTINGS_MANAGE)
    setting, _created = BotInbox.objects.update_or_create(inbox_id=inbox_id, defaults={"enabled": enabled})
    return setting


def _enabled(message: Message) -> bool:
    inbox = (message.meta or {}).get("inbox")
    if inbox is None:
        return True
    return not BotInbox.objects.filter(inbox_id=inbox, enabled=False).exists()


def _human_replied(conversation: Conversation) -> bool:
    return Message.objects.filter(
        conversation=conversation, direction=Direction.OUTBOUND, author__isnull=False
    ).exists()


REASON_LABELS = {
    "customer_request": "مشتری خواست با یک همکار صحبت کند",
    "no_answer": "ربات پاسخی در مقاله‌ها پیدا نکرد",
    "upset_customer": "مشتری ناراحت یا عصبانی است",
    "unsupported_request": "درخواستی است که فقط همکار انجام می‌دهد",
    "bot_failed": "دو پاسخ ربات کمکی نکرد",
}


def _hand_over(conversation: Conversation, state: BotConversation, reason: str) -> None:
    """Stop the bot here, tell the customer a person is coming, and leave a readable timeline row."""
    state.stopped, state.stop_reason = True, reason
    state.save(update_fields=["stopped", "stop_reason", "updated_at"])
    reply(
        conversation=conversation,
        author=None,
        text=_("I am passing your message to a colleague; they will answer here shortly."),
        meta={"bot": {"handoff": reason}},
    )
    conversation_record_event(
        conversation=conversation,
        actor=None,
        type=EventType.BOT_HANDOFF,
        new={"reason": reason, "summary": REASON_LABELS[reason]},
    )
    publish(BotHandedOver(conversation_id=conversation.pk, reason=reason))


@transaction.atomic
def bot_on_message(*, message_id: int) -> BotReply | None:
    """The bot's turn after an inbound customer message (MessageCreated); None when it stays silent."""
    message = Message.objects.select_related("conversation").filter(pk=message_id).first()
    if message is None or message.direction != Direction.INBOUND or message.kind != MessageKind.MESSAGE:
        return None
    conversation = message.conversation
    if conversation.channel not in CHANNELS or not _enabled(message):
        return None
    if not Article.objects.filter(visibility=Visibility.PUBLIC).exists():
        return None  # no help centre yet: nothing to answer from
    state, _created = BotConversation.objects.select_for_update().get_or_create(conversation=conversation)
    if state.stopped:
        return None
    if _human_replied(conversation):
        state.stopped, state.stop_reason = True, "human_replied"
        state.save(update_fields=["stopped", "stop_reason", "updated_at"])
        return None
    text = message.text or ""
    pending = BotAnswer.objects.filter(conversation=conversation, outcome=Outcome.PENDING).first()
    if pending is not None:
        if _THANKS.search(fold_for_search(text).strip()):
            _deflected(pending, Outcome.CONFIRMED)
            return None
        pending.outcome = Outcome.FAILED
        pending.save(update_fields=["outcome"])
        state.failed += 1
        state.save(update_fields=["failed", "updated_at"])
    result = bot_answer(text, conversation.channel)
    if result.handoff_reason is None and state.failed >= MAX_FAILED:
        result = BotReply(None, None, result.confidence, [], "bot_failed")
    if result.handoff_reason is not None:
        _hand_over(conversation, state, result.handoff_reason)
        return result
    if result.answer is not None and result.article_id is not None:
        reply(
            conversation=conversation,
            author=None,
            text=result.answer
            + "\n\n"
            + _("Did this answer your question? Write «thanks» if it did, or ask for a colleague."),
            meta={"bot": {"article_id": result.article_id, "confidence": result.confidence}},
        )
        BotAnswer.objects.create(
            conversation=conversation, article_id=result.article_id, confidence=result.confidence
        )
        return result
    lines = [_("These articles may answer your question:")]
    lines += [f"{i}. {c['title']} — {c['url']}" for i, c in enumerate(result.candidates, 1)]
    lines.append(_("If none of them helps, write «colleague» and a person will answer."))
    reply(
        conversation=conversation,
        author=None,
        text="\n".join(lines),
        meta={"bot": {"candidates": [c["id"] for c in result.candidates]}},
    )
    return result


def _deflected(answer: BotAnswer, outcome: str) -> None:
    """The answer resolved the question: its outcome, a timeline row (the reports count it) and an event."""
    answer.outcome = outcome
    answer.save(update_fields=["outcome"])
    how = "confirmed" if outcome == Outcome.CONFIRMED else "no_return"
    summary = (
        _("«%(title)s» — the customer confirmed it")
        if how == "confirmed"
        else _("«%(title)s» — the customer did not come back within 72 hours")
    )
    conversation_record_event(
        conversation=answer.conversation,
        actor=None,
        type=EventType.BOT_DEFLECTED,
        new={
            "article_id": answer.article_id,
            "how": how,
            "summary": summary % {"title": answer.article.title},
        },
    )
    publish(BotDeflected(conversation_id=answer.conversation_id, article_id=answer.article_id, how=how))


@transaction.atomic
def bot_settle_answers(*, now: dt.datetime | None = None) -> int:
    """Answers the customer neither confirmed nor came back to within 72 hours count as resolved."""
    cutoff = (now or timezone.now()) - NO_RETURN
    due = (
        BotAnswer.objects.select_for_update()
        .select_related("conversation", "article")
        .filter(outcome=Outcome.PENDING, created_at__lt=cutoff)
    )
    settled = 0
    for answer in due:
        _deflected(answer, Outcome.NO_RETURN)
        settled += 1
    return settled
