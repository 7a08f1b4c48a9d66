"""The coach's review of a draft: the context derived from the conversation, explicit fields on top.

`coach_review` reads only. What it derives (docs/coach.md, "Review in the composer"):
- first_reply: no agent reply (an outbound message, not a note) in the conversation yet;
- customer_message: the text of the latest inbound message;
- customer_mood: from that message's MessageAnalysis (`mood_of`), or from analysing an explicit
  customer_message when no mood is given;
- fault: the agent's pick in the conversation's coach panel (ReplyContext), else tags (`FAULT_TAGS`), else
  the intent of the latest inbound message (`FAULT_INTENTS`);
- request_possible: the agent's pick, else not known (None).
Explicit arguments always win over what is derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from hamdel.coach.review.models import ReplyContext
from hamdel.conversations.models import Conversation, Direction, Message, MessageAnalysis, MessageKind
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require
from hamdel.language.coach import FAULTS, MOODS, CoachContext, CoachResult, review
from hamdel.language.normalize import fold_for_search

MAX_DRAFT = 100_000  # longer is refused; the coach reads the first 20,000 characters of what it gets
MAX_CUSTOMER_MESSAGE = 100_000  # longer is refused; the first 20,000 characters are read

# Tags a team uses to say whose fault it was (folded for search: spelling variants match).
FAULT_TAGS: dict[str, str] = {
    "اشتباه ما": "ours",
    "خطای ما": "ours",
    "تقصیر ما": "ours",
    "our fault": "ours",
    "our-fault": "ours",
    "اشتباه مشتری": "customer",
    "خطای مشتری": "customer",
    "تقصیر مشتری": "customer",
    "customer fault": "customer",
    "customer-fault": "customer",
}
# Intents whose complaint is, until shown otherwise, about something we did (or failed to do).
FAULT_INTENTS = frozenset(
    {"damaged_or_defective", "wrong_or_missing_item", "delivery_delay", "staff_behavior"}
)

# Emotion first (it names the feeling); a neutral or surprised emotion falls back on the sentiment.
EMOTION_MOOD = {"anger": "angry", "disgust": "angry", "sadness": "upset", "fear": "worried", "joy": "happy"}
SENTIMENT_MOOD = {
    "very_negative": "angry",
    "negative": "upset",
    "neutral": "neutral",
    "positive": "happy",
    "very_positive": "happy",
}


def mood_of(*, sentiment: str, emotion: str, abusive: bool = False) -> str:
    """The customer's mood in the coach's five words, from the analysis' sentiment and emotion."""
    if abusive:
        return "angry"
    return EMOTION_MOOD.get(emotion) or SENTIMENT_MOOD.get(sentiment, "neutral")


def _mood_of_text(text: str) -> str:
    from hamdel.language import analyze

    if not text.strip():
        return "neutral"
    result = analyze([text[:20_000]])[0]  # the start says how they feel; a pasted log adds nothing
    return mood_of(sentiment=result.sentiment, emotion=result.emotion, abusive=result.abusive)


@dataclass(frozen=True)
class Derived:
    """What the conversation says about the reply being written (None = nothing known)."""

    first_reply: bool = True
    customer_message: str = ""
    customer_mood: str | None = None
    fault: str = "unknown"
    request_possible: bool | None = None


def conversation_context(*, conversation: Conversation, before: int | None = None) -> Derived:
    """The context of a reply in this conversation; `before` = the context of the message with that id."""
    messages = Message.objects.filter(conversation=conversation, kind=MessageKind.MESSAGE)
    if before is not None:
        messages = messages.filter(pk__lt=before)
    first_reply = not messages.filter(direction=Direction.OUTBOUND).exists()
    inbound = messages.filter(direction=Direction.INBOUND).order_by("-created_at", "-id").first()
    analysis = MessageAnalysis.objects.filter(message=inbound).first() if inbound else None
    mood = None
    if analysis is not None:
        mood = mood_of(sentiment=analysis.sentiment, emotion=analysis.emotion, abusive=analysis.abusive)
    chosen = ReplyContext.objects.filter(conversation=conversation).first()
    picked = chosen is not None and chosen.fault != "unknown"
    fault = chosen.fault if chosen is not None and picked else _fault(conversation, analysis)
    return Derived(
        first_reply=first_reply,
        customer_message=inbound.text if inbound else "",
        customer_mood=mood,
        fault=fault,
        request_possible=chosen.request_possible if chosen is not None else None,
    )


def _fault(conversation: Conversation, analysis: MessageAnalysis | None) -> str:
    tags = {fold_for_search(t.name).strip() for t in conversation.tags.all()}
    for name, fault in FAULT_TAGS.items():
        if fold_for_search(name) in tags:
            return fault
    if analysis is not None and analysis.intent in FAULT_INTENTS:
        return "ours"
    return "unknown"


def _check(errors: dict[str, str], name: str, value: Any, kind: type | tuple[str, ...]) -> None:
    if value is None:
        return
    if isinstance(kind, tuple):
        if not isinstance(value, str) or value not in kind:
            errors[name] = "one_of"
    elif kind is bool:
        if not isinstance(value, bool):
            errors[name] = "boolean"
    elif not isinstance(value, kind):
        errors[name] = "text"


def _refuse(errors: dict[str, str]) -> ApplicationError:
    texts = {
        "required": _("«%(field)s» is required."),
        "text": _("«%(field)s» must be text."),
        "boolean": _("«%(field)s» must be true or false."),
        "one_of": _("«%(field)s» must be one of: %(values)s."),
        "too_long": _("«%(field)s» is too long."),
    }
    choices = {"fault": ", ".join(FAULTS), "customer_mood": ", ".join(MOODS)}
    parts = [
        str(texts[code]) % {"field": name, "values": choices.get(name, "")} for name, code in errors.items()
    ]
    return ApplicationError(" ".join(parts), {"fields": errors}, status=400, code="invalid_review")


def coach_review(
    *,
    actor: Any,
    draft: Any,
    conversation: Conversation | None = None,
    customer_message: Any = None,
    first_reply: Any = None,
    fault: Any = None,
    request_possible: Any = None,
    customer_mood: Any = None,
) -> CoachResult:
    """The coach's findings on one draft; every bad field is named at once, nothing is written."""
    require(actor, Perm.CONVERSATION_REPLY)
    errors: dict[str, str] = {}
    if draft is None:
        errors["draft"] = "required"
    _check(errors, "draft", draft, str)
    _check(errors, "customer_message", customer_message, str)
    _check(errors, "first_reply", first_reply, bool)
    _check(errors, "fault", fault, FAULTS)
    _check(errors, "request_possible", request_possible, bool)
    _check(errors, "customer_mood", customer_mood, MOODS)
    if "draft" not in errors and len(draft) > MAX_DRAFT:
        errors["draft"] = "too_long"
    if "customer_message" not in errors and customer_message and len(customer_message) > MAX_CUSTOMER_MESSAGE:
        errors["customer_message"] = "too_long"
    if errors:
        raise _refuse(errors)
    return review(
        draft,
        review_context(
            conversation=conversation,
            customer_message=customer_message,
            first_reply=first_reply,
            fault=fault,
            request_possible=request_possible,
            customer_mood=customer_mood,
        ),
    )


def review_context(
    *,
    conversation: Conversation | None,
    customer_message: str | None = None,
    first_reply: bool | None = None,
    fault: str | None = None,
    request_possible: bool | None = None,
    customer_mood: str | None = None,
    before: int | None = None,
) -> CoachContext:
    """The derived context with the explicit (already valid) fields on top."""
    derived = conversation_context(conversation=conversation, before=before) if conversation else Derived()
    message = customer_message if customer_message is not None else derived.customer_message
    mood = customer_mood
    if mood is None:
        mood = derived.customer_mood if customer_message is None else None
    if mood is None:
        mood = _mood_of_text(message)
    return CoachContext(
        customer_message=message,
        first_reply=derived.first_reply if first_reply is None else first_reply,
        fault=derived.fault if fault is None else fault,
        request_possible=derived.request_possible if request_possible is None else request_possible,
        customer_mood=mood,
    )


def coach_review_dict(result: CoachResult) -> dict[str, Any]:
    """The API's answer, exactly: {"score", "findings": [{"code", "message", "start", "end", "suggestion"}]}
    (the language result's fields, nothing added)."""
    return {
        "score": result.score,
        "findings": [
            {"code": f.code, "message": f.message, "start": f.start, "end": f.end, "suggestion": f.suggestion}
            for f in result.findings
        ],
    }
