"""Shield actions: the admins' settings, routing an abusive conversation, the calm boundary message.

Routing goes through `conversation_update` and the boundary message through `reply()` and the outbox, so
the timeline, SLA clocks, rules and webhooks see them like any other change or answer.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.coach.shield.models import ShieldCase, ShieldSettings
from hamdel.conversations.models import Conversation, Direction, Message
from hamdel.conversations.services import ConversationChanges, conversation_update, reply
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, require

MAX_BOUNDARY = 2000


def shield_settings_get() -> ShieldSettings:
    """The one settings row (created with the defaults on first use)."""
    row, _created = ShieldSettings.objects.get_or_create(pk=1)
    return row


def shield_settings_read(*, actor: Any) -> ShieldSettings:
    """The settings as the settings page and the API show them: for whoever manages settings."""
    require(actor, Perm.SETTINGS_MANAGE)
    return shield_settings_get()


def _as_id(value: Any) -> int | None:
    if value in (None, "", 0, "0"):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return -1


@transaction.atomic
def shield_settings_update(
    *,
    actor: Any,
    route_team_id: int | str | None,
    route_user_id: int | str | None,
    boundary_text: str,
    auto_boundary: bool,
) -> ShieldSettings:
    """Change where abusive conversations go and the boundary message; every bad field is named."""
    require(actor, Perm.SETTINGS_MANAGE)
    errors: dict[str, str] = {}
    team = user = None
    team_id, user_id = _as_id(route_team_id), _as_id(route_user_id)
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            errors["route_team"] = "unknown_team"
    if user_id is not None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            errors["route_user"] = "unknown_user"
    text = (boundary_text or "").strip()
    if not text:
        errors["boundary_text"] = "required"
    elif len(text) > MAX_BOUNDARY:
        errors["boundary_text"] = "too_long"
    if errors:
        raise ApplicationError(
            _("Some fields need a change: %(fields)s.") % {"fields": "، ".join(errors)},
            errors,
            code="invalid_shield_settings",
        )
    row = ShieldSettings.objects.select_for_update().get(pk=shield_settings_get().pk)
    before = _audit_view(row)
    row.route_team, row.route_user = team, user
    row.boundary_text, row.auto_boundary = text, bool(auto_boundary)
    row.save(update_fields=["route_team", "route_user", "boundary_text", "auto_boundary", "updated_at"])
    audit(actor=actor, action="settings.shield", target="shield", before=before, after=_audit_view(row))
    return row


def _audit_view(row: ShieldSettings) -> dict[str, Any]:
    return {
        "route_team": row.route_team_id,
        "route_user": row.route_user_id,
        "boundary_text": row.boundary_text,
        "auto_boundary": row.auto_boundary,
    }


@transaction.atomic
def shield_message_flagged(*, message_id: int, actor: Any = None) -> ShieldCase | None:
    """An inbound message was analysed abusive: open or update the conversation's shield case, route the
    conversation once (the first time), and send the boundary message once if the admin switched it on.

    Run by Hamdel itself (the analysis listener); a supervisor who later moves the conversation back is
    never overruled.
    """
    require(actor, Perm.CONVERSATION_UPDATE)
    message = (
        Message.objects.select_related("conversation", "analysis")
        .filter(pk=message_id, direction=Direction.INBOUND)
        .first()
    )
    analysis = getattr(message, "analysis", None) if message else None
    if message is None or analysis is None or not analysis.abusive:
        return None
    conversation = message.conversation
    case, _created = ShieldCase.objects.select_for_update().get_or_create(conversation=conversation)
    case.abusive_messages += 1
    settings = shield_settings_get()
    fields = ["abusive_messages"]
    if case.routed_at is None and (settings.route_user_id or settings.route_team_id):
        changes = ConversationChanges(
            team_id=settings.route_team_id if settings.route_team_id else None,
            assignee_id=settings.route_user_id if settings.route_user_id else None,
            # A team without a named person: the team's next available member takes it.
            round_robin=bool(settings.route_team_id and not settings.route_user_id),
            reason=_("abusive language: routed by the shield"),
        )
        conversation = conversation_update(conversation=conversation, actor=actor, changes=changes)
        names = [
            settings.route_user.name if settings.route_user else "",
            getattr(settings.route_team, "name", ""),
        ]
        case.routed_at = timezone.now()
        case.routed_to = " / ".join(n for n in names if n)[:200]
        fields += ["routed_at", "routed_to"]
    case.save(update_fields=fields)
    if settings.auto_boundary and case.boundary_sent_at is None:
        shield_boundary_send(conversation=conversation, actor=actor)
        case.refresh_from_db()
    return case


@transaction.atomic
def shield_boundary_send(*, conversation: Conversation, actor: Any) -> Message:
    """Send the customer the calm boundary message through the normal reply and outbox.

    Refused when the last message of the conversation already is the boundary message (a double click).
    `actor` None is Hamdel sending it automatically.
    """
    require(actor, Perm.CONVERSATION_REPLY)
    last = (
        Message.objects.filter(conversation=conversation, kind="message")
        .order_by("-created_at", "-id")
        .values_list("meta", flat=True)
        .first()
    )
    if isinstance(last, dict) and last.get("shield") == "boundary":
        raise ApplicationError(
            _("The boundary message is already the last message of this conversation."),
            {"conversation": conversation.pk},
            code="boundary_already_sent",
        )
    settings = shield_settings_get()
    message = reply(
        conversation=conversation,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        text=settings.boundary_text,
        meta={"shield": "boundary"},
    )
    case, _created = ShieldCase.objects.select_for_update().get_or_create(conversation=conversation)
    case.boundary_message, case.boundary_sent_at = message, timezone.now()
    case.save(update_fields=["boundary_message", "boundary_sent_at"])
    return message
