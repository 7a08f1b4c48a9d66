"""Actions of the review feature: what an agent did with a finding of the coach.

Every function here is an action: require → validate the whole request → one transaction → a typed event
published on commit. Decisions feed the coaching view and the coach's retraining export.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.coach.review.events import CoachContextSet, CoachDecisionRecorded
from hamdel.coach.review.models import CoachDecision, Decision, ReplyContext
from hamdel.conversations.models import Conversation, Direction, Message, MessageKind
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.language.coach import CODES, FAULTS

MAX_EXCERPT = 500


def _team(conversation: Conversation, agent: User | None) -> Team | None:
    """The conversation's team, else the agent's first team: whose practice this decision tells about."""
    if conversation.team_id is not None:
        return conversation.team
    if agent is not None:
        return agent.teams.order_by("pk").first()
    return None


def coach_decision_record(
    *,
    actor: Any,
    conversation: Conversation,
    code: Any,
    decision: Any,
    draft_excerpt: Any = "",
    message: Message | None = None,
) -> CoachDecision:
    """Store that the agent applied or ignored a finding, or sent a reply with it still open."""
    require(actor, Perm.CONVERSATION_REPLY)
    errors: dict[str, str] = {}
    if not isinstance(code, str) or code not in CODES:
        errors["code"] = "unknown_code"
    if not isinstance(decision, str) or decision not in Decision.values:
        errors["decision"] = "unknown_decision"
    if not isinstance(draft_excerpt, str):
        errors["draft_excerpt"] = "text"
    if errors:
        texts = {
            "unknown_code": _("«code» must be one of the coach's codes: %(codes)s.")
            % {"codes": ", ".join(CODES)},
            "unknown_decision": _("«decision» must be applied, ignored or sent_with."),
            "text": _("«draft_excerpt» must be text."),
        }
        raise ApplicationError(
            " ".join(str(texts[c]) for c in errors.values()), {"fields": errors}, code="invalid_decision"
        )
    agent = actor if isinstance(actor, User) else None
    with transaction.atomic():
        row = CoachDecision.objects.create(
            conversation=conversation,
            agent=agent,
            team=_team(conversation, agent),
            message=message,
            code=code,
            decision=decision,
            draft_excerpt=draft_excerpt.strip()[:MAX_EXCERPT],
        )
        publish(
            CoachDecisionRecorded(
                decision_id=row.pk, conversation_id=conversation.pk, code=code, decision=decision
            )
        )
    return row


def coach_context_set(
    *, actor: Any, conversation: Conversation, fault: Any, request_possible: Any
) -> ReplyContext:
    """The agent's reading of the conversation for the coach: whose fault, whether the request can be met."""
    require(actor, Perm.CONVERSATION_REPLY)
    errors: dict[str, str] = {}
    if not isinstance(fault, str) or fault not in FAULTS:
        errors["fault"] = "one_of"
    if request_possible is not None and not isinstance(request_possible, bool):
        errors["request_possible"] = "boolean"
    if errors:
        texts = {
            "fault": _("«fault» must be one of: %(values)s.") % {"values": ", ".join(FAULTS)},
            "request_possible": _("«request_possible» must be true, false or empty."),
        }
        raise ApplicationError(
            " ".join(str(texts[name]) for name in errors), {"fields": errors}, code="invalid_context"
        )
    with transaction.atomic():
        row, _created = ReplyContext.objects.update_or_create(
            conversation=conversation,
            defaults={
                "fault": fault,
                "request_possible": request_possible,
                "set_by": actor if isinstance(actor, User) else None,
                "at": timezone.now(),
            },
        )
        publish(
            CoachContextSet(conversation_id=conversation.pk, fault=fault, request_possible=request_possible)
        )
    return row


def _excerpt(text: str, start: int, end: int) -> str:
    """The finding's span with some words around it, or the draft's start when the finding is an absence."""
    if end > start:
        return text[max(0, start - 100) : end + 100]
    return text[:MAX_EXCERPT]


def coach_record_sent(*, message_id: int) -> list[CoachDecision]:
    """A reply went out: each finding the coach still has on it, and the agent did not ignore while
    writing it, is recorded as `sent_with` (by the reply's author)."""
    from hamdel.coach.review.selectors import review_context
    from hamdel.language.coach import review

    message = (
        Message.objects.select_related("conversation", "author")
        .filter(pk=message_id, direction=Direction.OUTBOUND, kind=MessageKind.MESSAGE, author__isnull=False)
        .first()
    )
    if message is None or not message.text.strip():
        return []
    conversation = message.conversation
    result = review(message.text, review_context(conversation=conversation, before=message.pk))
    if not result.findings:
        return []
    previous = (
        Message.objects.filter(
            conversation=conversation,
            direction=Direction.OUTBOUND,
            kind=MessageKind.MESSAGE,
            pk__lt=message.pk,
        )
        .order_by("-pk")
        .first()
    )
    decided = CoachDecision.objects.filter(
        conversation=conversation, agent=message.author, decision=Decision.IGNORED, message__isnull=True
    )
    if previous is not None:
        decided = decided.filter(at__gt=previous.created_at)
    ignored = set(decided.values_list("code", flat=True))
    rows = []
    for code in dict.fromkeys(f.code for f in result.findings):
        if code in ignored:
            continue
        finding = next(f for f in result.findings if f.code == code)
        rows.append(
            coach_decision_record(
                actor=message.author,
                conversation=conversation,
                code=code,
                decision=Decision.SENT_WITH,
                draft_excerpt=_excerpt(message.text, finding.start, finding.end),
                message=message,
            )
        )
    return rows
