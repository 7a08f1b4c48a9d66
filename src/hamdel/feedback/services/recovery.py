"""Recovery: an unhappy named customer gets a follow-up conversation the team answers like any other.

Hamdel's own work, run by a task after a response is completed (`ResponseCompleted`); no person calls it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation, Priority
from hamdel.conversations.services import conversation_set_priority, ingest
from hamdel.conversations.types import InboundMessage
from hamdel.core import channels
from hamdel.customers.models import IdentityKind
from hamdel.feedback.models import QuestionType, Response

_CHANNEL_FOR_IDENTITY: dict[str, str] = {
    IdentityKind.EMAIL: "email",
    IdentityKind.PHONE: "phone",
    IdentityKind.TELEGRAM: "telegram",
    IdentityKind.BALE: "bale",
    IdentityKind.CHAT: "chat",
    IdentityKind.SOCIAL: "social",
    IdentityKind.HANDLE: "api",
}


def detractor_reasons(response: Response) -> list[str]:
    """Why this response needs a call back: NPS 0–6 or CSAT 1–2 (per DESIGN.md)."""
    reasons = []
    for row in response.rows.select_related("question"):
        if row.number is None:
            continue
        if row.question.type == QuestionType.NPS and row.number <= 6:
            reasons.append(_("NPS %(score)s of 10") % {"score": int(row.number)})
        elif row.question.type == QuestionType.CSAT and row.number <= 2:
            reasons.append(_("satisfaction %(score)s of 5") % {"score": int(row.number)})
    return reasons


def response_recover(*, response_id: int) -> Conversation | None:
    """Open a follow-up conversation for an unhappy customer, linked to the response (idempotent).

    Goes through `ingest()` with the customer's own identity on the channel they used, so the team
    answers it like any other conversation and the reply reaches the customer the usual way.
    """
    response = Response.objects.select_related("survey", "customer", "conversation").get(pk=response_id)
    if response.recovery_conversation_id or response.survey.anonymous or response.customer is None:
        return None
    reasons = detractor_reasons(response)
    if not reasons:
        return None
    identities = list(response.customer.identities.all())
    if not identities:
        return None
    # the identity a reply on that channel goes to, from the channel's spec (e-mail, phone, telegram…)
    channel_now = response.conversation.channel if response.conversation else ""
    wanted = channels.identity_kind(channel_now) or None
    identity = next((i for i in identities if i.kind == wanted), None)
    identity = identity or next((i for i in identities if i.kind == IdentityKind.PHONE), identities[0])
    channel = response.conversation.channel if response.conversation and wanted == identity.kind else None
    channel = channel or _CHANNEL_FOR_IDENTITY.get(identity.kind, "api")
    comments = [row.text for row in response.rows.all() if row.text]
    lines = [
        _("Follow-up: an unhappy answer to the survey “%(survey)s” (%(reasons)s).")
        % {"survey": response.survey.name, "reasons": "، ".join(reasons)},
    ]
    lines += [f"«{c}»" for c in comments]
    if response.conversation:
        lines.append(_("About conversation #%(number)s.") % {"number": response.conversation.number})
    lines.append(_("Please call the customer back, listen, and make it right."))
    result = ingest(
        InboundMessage(
            channel=channel,
            identity_kind=identity.kind,
            address=identity.address,
            text="\n".join(lines),
            external_id=f"feedback-response-{response.pk}",
            thread_key=f"feedback-{response.pk}",
            subject=_("Unhappy customer: call back (survey)"),
            meta={"feedback_response": response.pk},
        )
    )
    conversation = Conversation.objects.get(pk=result.conversation_id)
    conversation_set_priority(
        conversation=conversation, priority=Priority.HIGH, actor=None, reason=_("unhappy survey answer")
    )
    Response.objects.filter(pk=response.pk).update(recovery_conversation=conversation)
    return conversation
