"""The composer check: the coach's findings on the draft, shown under the reply box as the agent types."""

from __future__ import annotations

from typing import Any

from hamdel.coach.review.selectors import review_context
from hamdel.core.slots import Finding
from hamdel.language.coach import review

DECISION_URL = "/api/v1/coach/decisions"


def coach_findings(draft: str, conversation: Any) -> list[Finding]:
    """The review of the draft in this conversation's context (the draft-check endpoint checked access)."""
    if not draft.strip():
        return []
    result = review(draft, review_context(conversation=conversation))
    return [
        Finding(
            code=f.code,
            message=f.message,
            start=f.start,
            end=f.end,
            suggestion=f.suggestion,
            decision_url=DECISION_URL,
        )
        for f in result.findings
    ]
