"""Canned replies: shared or per team (supervisors) and personal (each agent's own), and filling them.

Who may write depends on the reply's scope: a shared or team reply needs `canned.manage`, a personal one
`canned.personal` and being its owner. Each action keeps `search_text` (the folded title, shortcut and text)
in step, so the picker finds «می‌خواهم» when the agent types «میخواهم».
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamdel.accounts.models import Team, User
from hamdel.conversations.canned_text import (
    Filled,
    fill,
    search_key_text,
    unclosed_variable,
    unknown_variables,
)
from hamdel.conversations.models import CannedReply, Conversation
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, require
from hamdel.language.normalize import fold_for_search

_UNSET: Any = object()


def _perm(*, personal: bool) -> Perm:
    """A personal reply is `canned.personal`; one for everyone or a team is `canned.manage`."""
    return Perm.CANNED_PERSONAL if personal else Perm.CANNED_MANAGE


def _require_owner(actor: Any, canned: CannedReply) -> None:
    """Someone else's personal reply does not exist for this actor: 404, like the lists that hide it."""
    if canned.owner_id is not None and canned.owner_id != getattr(actor, "pk", None):
        raise NotFound(_("Canned reply not found."), {"canned_id": canned.pk}, code="not_found")


def _validate(canned: CannedReply, *, personal: bool, actor: Any, team_id: Any = _UNSET) -> None:
    """Every bad field at once: the model's rules, the variables, and scope that cannot be."""
    errors: dict[str, Any] = {}
    if team_id is not _UNSET:
        canned.team = Team.objects.filter(pk=form_id(team_id) or 0).first() if team_id is not None else None
        if team_id is not None and canned.team is None:
            errors["team_id"] = "unknown_team"
    try:
        canned.full_clean(exclude=["owner", "team", "search_text"], validate_constraints=False)
    except ValidationError as exc:
        errors.update({k: [str(m) for m in v] for k, v in exc.message_dict.items()})
    if personal and not isinstance(actor, User):
        errors["personal"] = "needs_person"
    if personal and canned.team_id is not None:
        errors["team_id"] = "personal_has_no_team"
    unknown = unknown_variables(canned.text)
    if unknown:
        names = "، ".join("{{" + name + "}}" for name in unknown)
        message = _("Unknown variable in the text: %(names)s.") % {"names": names}
        if errors:
            message = _("The canned reply is not valid.") + " " + message
        errors["text"] = "unknown_variable"
        errors["variables"] = unknown
        raise ApplicationError(message, errors, code="unknown_variable")
    if unclosed_variable(canned.text):
        errors["text"] = "unclosed_variable"
        message = _("A variable in the text is not closed: write it as {{customer.first_name}}.")
        raise ApplicationError(message, errors, code="unclosed_variable")
    if errors:
        raise ApplicationError(_("The canned reply is not valid."), errors, code="invalid")
    duplicate = CannedReply.objects.filter(shortcut=canned.shortcut, owner_id=canned.owner_id)
    if duplicate.exclude(pk=canned.pk).exists():
        raise ApplicationError(
            _("A canned reply with this shortcut exists."),
            {"shortcut": canned.shortcut},
            status=409,
            code="duplicate_shortcut",
        )


def _save(canned: CannedReply) -> None:
    canned.search_text = fold_for_search(search_key_text(canned.title, canned.shortcut, canned.text))
    canned.save()


@transaction.atomic
def canned_reply_create(
    *,
    title: str,
    shortcut: str,
    text: str,
    actor: Any,
    team_id: int | None = None,
    personal: bool = False,
) -> CannedReply:
    """A shared reply (no team), a team's reply, or — `personal` — the actor's own."""
    require(actor, _perm(personal=personal))
    canned = CannedReply(
        title=title.strip(),
        shortcut=shortcut.strip(),
        text=text,
        owner=actor if personal and isinstance(actor, User) else None,
    )
    _validate(canned, personal=personal, actor=actor, team_id=team_id)
    _save(canned)
    audit(actor=actor, action="canned_reply.create", target=canned.shortcut, scope=canned.scope)
    return canned


@transaction.atomic
def canned_reply_update(
    *,
    canned: CannedReply,
    actor: Any,
    title: str | None = None,
    shortcut: str | None = None,
    text: str | None = None,
    team_id: int | None = _UNSET,
    personal: bool | None = None,
) -> CannedReply:
    """Change a reply; moving it between personal and shared needs the right for both scopes."""
    require(actor, _perm(personal=canned.owner_id is not None))
    _require_owner(actor, canned)
    was_personal = canned.owner_id is not None
    now_personal = was_personal if personal is None else personal
    if now_personal != was_personal:
        require(actor, _perm(personal=now_personal))
    canned.title = title.strip() if title is not None else canned.title
    canned.shortcut = shortcut.strip() if shortcut is not None else canned.shortcut
    canned.text = text if text is not None else canned.text
    if now_personal != was_personal:
        canned.owner = actor if now_personal and isinstance(actor, User) else None
        if now_personal and team_id is _UNSET:
            canned.team = None  # made one's own: it leaves its team unless the request names one (refused)
    try:
        _validate(canned, personal=now_personal, actor=actor, team_id=team_id)
    except ApplicationError:
        canned.refresh_from_db()  # the caller's object shows what is stored, not the refused change
        raise
    _save(canned)
    audit(actor=actor, action="canned_reply.update", target=canned.shortcut, scope=canned.scope)
    return canned


@transaction.atomic
def canned_reply_delete(*, canned: CannedReply, actor: Any) -> None:
    require(actor, _perm(personal=canned.owner_id is not None))
    _require_owner(actor, canned)
    audit(actor=actor, action="canned_reply.delete", target=canned.shortcut, scope=canned.scope)
    canned.delete()


def canned_values(*, conversation: Conversation, agent: User | None) -> dict[str, str]:
    """What each variable reads in this conversation; empty when unknown (the filler drops or falls back)."""
    customer = conversation.customer
    names = customer.name.split()
    agent_name = agent.name.strip() if agent is not None else ""
    organisation = getattr(customer.organisation, "name", "") if customer.organisation_id else ""
    return {
        "customer.name": customer.name.strip(),
        "customer.first_name": names[0] if names else "",
        "customer.last_name": " ".join(names[1:]),
        "customer.organisation": organisation or "",
        "agent.name": agent_name,
        "agent.first_name": (agent.first_name.strip() if agent else "") or (agent_name.split() or [""])[0],
        "conversation.number": str(conversation.number),
        "conversation.subject": conversation.subject.strip(),
        "team.name": conversation.team.name if conversation.team_id else "",  # type: ignore[union-attr]
    }


def render_canned_preview(*, text: str, conversation: Conversation, agent: User | None) -> Filled:
    """The text as this conversation would get it, and the variables that had no value."""
    return fill(text, canned_values(conversation=conversation, agent=agent))


def render_canned(*, canned: CannedReply, conversation: Conversation, agent: User | None) -> str:
    """Fill the variables; a missing value never leaves a hole («سلام  عزیز»)."""
    return render_canned_preview(text=canned.text, conversation=conversation, agent=agent).text
