"""Demo coaching: the reply coach reads the demo's sent replies, and agents applied or ignored some findings.

Every row goes through the review actions (the same reading of a sent reply as the live listener, and
`coach_decision_record` for the composer's choices), then is dated at its reply so the coaching view has a
quarter's history with a trend.
"""

from __future__ import annotations

import random

from hamdel.coach.review.models import CoachDecision
from hamdel.coach.review.selectors import review_context
from hamdel.coach.review.services import coach_decision_record, coach_record_sent
from hamdel.conversations.models import Direction, Message, MessageKind
from hamdel.language.coach import review

APPLIED_OFTEN = ("missing_greeting", "missing_empathy", "vague_promise", "missing_introduction")


def load_coach_review_demo(rnd: random.Random, limit: int = 200) -> None:
    """For the latest `limit` agent replies in team conversations: what the agent did with each finding."""
    replies = (
        Message.objects.filter(
            direction=Direction.OUTBOUND,
            kind=MessageKind.MESSAGE,
            author__isnull=False,
            conversation__team__isnull=False,
        )
        .select_related("conversation", "author")
        .order_by("-created_at", "-pk")[:limit]
    )
    for message in replies:
        last = CoachDecision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        found = {
            f.code
            for f in review(
                message.text, review_context(conversation=message.conversation, before=message.pk)
            ).findings
        }
        # While writing: some findings were ignored on purpose (kept in the reply), and some suggestions were
        # applied (so the sent reply no longer has that finding).
        choices = [(code, "ignored") for code in sorted(found) if rnd.random() < 0.3]
        fixed = [code for code in APPLIED_OFTEN if code not in found]
        if fixed and rnd.random() < 0.45:
            choices.append((rnd.choice(fixed), "applied"))
        for code, decision in choices:
            coach_decision_record(
                actor=message.author,
                conversation=message.conversation,
                code=code,
                decision=decision,
                draft_excerpt=message.text[:500],
            )
        CoachDecision.objects.filter(pk__gt=last).update(at=message.created_at)
        coach_record_sent(message_id=message.pk)
        CoachDecision.objects.filter(pk__gt=last).update(at=message.created_at)
