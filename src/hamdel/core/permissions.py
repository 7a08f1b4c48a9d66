"""Who may do what: one role matrix for the UI, the API, the CLI, tasks and automation rules.

Every action (service that writes) calls `require(actor, Perm.X)` before it validates or writes, so a
forgotten check in one of the five entry points cannot open a hole. Views use `@requires(Perm.X)` only to
hide pages early; the service still decides. The table in docs/permissions.md is generated from `MATRIX`
by `hamdel permissions` and checked against it by the tests.

An actor is a user (a person, or the user an API key acts as), or `None`/`SYSTEM` for Hamdel's own work
(ingest, scheduled tasks), which may do everything. An automation rule acts as `RuleActor`, with an
agent's rights on conversations: it must never manage users, surveys or settings.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.utils.translation import gettext_lazy as _

from hamdel.core.errors import Forbidden


class Perm(enum.StrEnum):
    # conversations
    CONVERSATION_VIEW = "conversation.view"
    CONVERSATION_REPLY = "conversation.reply"
    CONVERSATION_NOTE = "conversation.note"
    CONVERSATION_UPDATE = "conversation.update"  # status, priority, assignee, team, tags
    CONVERSATION_BULK = "conversation.bulk"
    CONVERSATION_MERGE = "conversation.merge"
    LABEL_CORRECT = "label.correct"
    TAG_CREATE = "tag.create"
    CANNED_MANAGE = "canned.manage"  # shared canned replies
    # customers
    CUSTOMER_VIEW = "customer.view"
    CUSTOMER_EDIT = "customer.edit"  # create, rename, identities, notes
    CUSTOMER_MERGE = "customer.merge"
    # voice of the customer
    SURVEY_MANAGE = "survey.manage"  # create and change surveys, triggers, cards
    SURVEY_SEND = "survey.send"  # invite one customer to an existing survey
    FEEDBACK_RECORD = "feedback.record"  # log a review, a mention, an audit, a call outcome
    IDEA_MANAGE = "idea.manage"  # status of ideas, "we did it"
    # set-up
    INBOX_MANAGE = "inbox.manage"  # channels and their secrets
    TEAM_MANAGE = "team.manage"
    USER_MANAGE = "user.manage"
    API_KEY_MANAGE = "apikey.manage"
    SETTINGS_MANAGE = "settings.manage"  # company-wide settings
    REPORTS_VIEW = "reports.view"
    PROBLEM_MANAGE = "problem.manage"  # name, merge, split, mark fixed recurring problems; journey stages
    # promises kept (policies app; calendars live in core)
    CALENDAR_MANAGE = "calendar.manage"  # business calendars, holidays, exceptions
    SLA_MANAGE = "sla.manage"  # SLA policies, warnings and escalation
    PROMISE_EDIT = "promise.edit"  # add, change, tick the promises of a conversation
    ORDER_MANAGE = "order.manage"  # create, import and update orders
    RETURN_MANAGE = "return.manage"  # open returns and move them through their statuses
    RETURN_REFUSE = "return.refuse"  # refuse a return (a withdrawal inside its window is a legal right)
    REMEDY_OFFER = "remedy.offer"  # offer a remedy within one's authority
    REMEDY_APPROVE = "remedy.approve"  # approve a remedy above the offerer's authority
    # automation (admin only)
    RULE_MANAGE = "rule.manage"  # automation rules: create, change, order, dry run
    WEBHOOK_MANAGE = "webhook.manage"  # webhook subscriptions, their secrets and deliveries
    # The reply coach (issue 14)
    CANNED_PERSONAL = "canned.personal"  # one's own personal canned replies
    PLAYBOOK_MANAGE = "playbook.manage"  # objection playbook entries
    COACH_REPORT = "coach.report"  # the team's coaching view: which findings were taken or ignored
    ABUSE_REVEAL = "abuse.reveal"  # reveal masked insults in a message (logged)
    # privacy and accountability (issue 10)
    MESSAGE_REDACT = "message.redact"  # hide a message's text (who and why stay in the timeline)
    CUSTOMER_EXPORT = "customer.export"  # everything Hamdel holds about one customer, as a file
    CUSTOMER_ERASE = "customer.erase"  # erase one customer's personal data (admin only, audited)
    AUDIT_VIEW = "audit.view"  # read the audit log
    # The knowledge base (issue 12)
    KB_WRITE = "kb.write"  # write and change draft articles (propose); read internal articles
    KB_PUBLISH = "kb.publish"  # publish (public/internal), unpublish, edit published articles


class Role(enum.StrEnum):
    """The roles of the matrix; `accounts.Role` stores the same three values on the user."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    RULE = "rule"


_AGENT = {
    Perm.CONVERSATION_VIEW,
    Perm.CONVERSATION_REPLY,
    Perm.CONVERSATION_NOTE,
    Perm.CONVERSATION_UPDATE,
    Perm.CONVERSATION_BULK,
    Perm.LABEL_CORRECT,
    Perm.CUSTOMER_VIEW,
    Perm.CUSTOMER_EDIT,
    Perm.SURVEY_SEND,
    Perm.FEEDBACK_RECORD,
    Perm.PROMISE_EDIT,
    Perm.RETURN_MANAGE,
    Perm.REMEDY_OFFER,
    Perm.CANNED_PERSONAL,
    Perm.ABUSE_REVEAL,
    # Duplicates are found by the agent who meets them; merging keeps every message and is reversible by hand.
    Perm.CONVERSATION_MERGE,
    Perm.CUSTOMER_MERGE,
    Perm.KB_WRITE,
}
_SUPERVISOR = _AGENT | {
    Perm.TAG_CREATE,
    Perm.CANNED_MANAGE,
    Perm.SURVEY_MANAGE,
    Perm.IDEA_MANAGE,
    Perm.REPORTS_VIEW,
    Perm.ORDER_MANAGE,
    Perm.RETURN_REFUSE,
    Perm.REMEDY_APPROVE,
    Perm.PLAYBOOK_MANAGE,
    Perm.COACH_REPORT,
    Perm.MESSAGE_REDACT,
    Perm.KB_PUBLISH,
    Perm.PROBLEM_MANAGE,
}
_ADMIN = set(Perm)

MATRIX: dict[Role, frozenset[Perm]] = {
    Role.AGENT: frozenset(_AGENT),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
    # A rule does what an agent does on a conversation, and may tag with tags it names; nothing else:
    # no merges, no money (remedies, returns), no personal replies and no reveal of insults without a person.
    Role.RULE: frozenset(
        (
            _AGENT
            - {
                Perm.CONVERSATION_MERGE,
                Perm.CUSTOMER_MERGE,
                Perm.REMEDY_OFFER,
                Perm.RETURN_MANAGE,
                Perm.CANNED_PERSONAL,
                Perm.ABUSE_REVEAL,
                Perm.KB_WRITE,
            }
        )
        | {Perm.TAG_CREATE}
    ),
}


@dataclass(frozen=True)
class _System:
    """Hamdel itself (ingest, scheduled tasks, the demo loader): allowed everything."""

    name: str = "system"


SYSTEM = _System()


@dataclass(frozen=True)
class RuleActor:
    """An automation rule acting through the same services as a person."""

    rule_id: int
    name: str = ""


def role_of(actor: Any) -> Role | None:
    """The matrix row of an actor; None for an anonymous visitor or an inactive user."""
    if isinstance(actor, RuleActor):
        return Role.RULE
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return None
    if getattr(actor, "is_superuser", False):
        return Role.ADMIN
    try:
        return Role(getattr(actor, "role", ""))
    except ValueError:
        return None


def is_system(actor: Any) -> bool:
    return actor is None or isinstance(actor, _System)


def can(actor: Any, perm: Perm) -> bool:
    if is_system(actor):
        return True
    role = role_of(actor)
    return role is not None and perm in MATRIX[role]


def require(actor: Any, perm: Perm) -> None:
    """Refuse before anything is read or written: 403 with a Persian message and code `forbidden`."""
    if not can(actor, perm):
        raise Forbidden(
            _("You do not have permission to do this."), {"permission": str(perm)}, code="forbidden"
        )


def requires(perm: Perm) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The one decorator for HTML views: log in first, then a translated 403 page for the wrong role."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        from django.contrib.auth.decorators import login_required
        from django.core.exceptions import PermissionDenied

        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not can(request.user, perm):
                raise PermissionDenied(str(perm))
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorate


def permission_table() -> list[tuple[str, str, dict[Role, bool]]]:
    """Rows of (permission, description, allowed per role) for the docs and the settings page."""
    return [(str(p), str(DESCRIPTIONS.get(p, "")), {r: p in MATRIX[r] for r in MATRIX}) for p in Perm]


DESCRIPTIONS: dict[Perm, Any] = {
    Perm.CONVERSATION_VIEW: _("See conversations, messages and their history"),
    Perm.CONVERSATION_REPLY: _("Reply to customers"),
    Perm.CONVERSATION_NOTE: _("Add internal notes"),
    Perm.CONVERSATION_UPDATE: _("Change status, priority, assignee, team and tags"),
    Perm.CONVERSATION_BULK: _("Bulk actions in the inbox"),
    Perm.CONVERSATION_MERGE: _("Merge conversations"),
    Perm.LABEL_CORRECT: _("Correct sentiment, emotion and intent labels"),
    Perm.TAG_CREATE: _("Create tags"),
    Perm.CANNED_MANAGE: _("Create and change shared canned replies"),
    Perm.CUSTOMER_VIEW: _("See customers and their history"),
    Perm.CUSTOMER_EDIT: _("Create customers, change names, identities and notes"),
    Perm.CUSTOMER_MERGE: _("Merge customers"),
    Perm.SURVEY_MANAGE: _("Create and change surveys, triggers and satisfaction cards"),
    Perm.SURVEY_SEND: _("Send a survey to a customer"),
    Perm.FEEDBACK_RECORD: _("Record reviews, mentions, audits and call outcomes"),
    Perm.IDEA_MANAGE: _("Change the status of ideas and announce them"),
    Perm.INBOX_MANAGE: _("Set up channels and their secrets"),
    Perm.TEAM_MANAGE: _("Create and change teams"),
    Perm.USER_MANAGE: _("Create users and change their roles"),
    Perm.API_KEY_MANAGE: _("Create and revoke API keys"),
    Perm.SETTINGS_MANAGE: _("Change company-wide settings"),
    Perm.REPORTS_VIEW: _("See reports and exports"),
    Perm.PROBLEM_MANAGE: _("Name, merge, split and close recurring problems; edit the journey stages"),
    Perm.CALENDAR_MANAGE: _("Set business calendars, holidays and exceptions"),
    Perm.SLA_MANAGE: _("Set SLA policies, warnings and escalation"),
    Perm.PROMISE_EDIT: _("Add, change and tick promises made to customers"),
    Perm.ORDER_MANAGE: _("Create, import and update orders"),
    Perm.RETURN_MANAGE: _("Open returns and move them through their statuses"),
    Perm.RETURN_REFUSE: _("Refuse a return"),
    Perm.REMEDY_OFFER: _("Offer a remedy within one's authority"),
    Perm.REMEDY_APPROVE: _("Approve a remedy above the offerer's authority"),
    Perm.RULE_MANAGE: _("Create, change, order and dry-run automation rules"),
    Perm.WEBHOOK_MANAGE: _("Manage webhook subscriptions, their secrets and deliveries"),
    Perm.CANNED_PERSONAL: _("Write one's own personal canned replies"),
    Perm.PLAYBOOK_MANAGE: _("Write and change the objection playbook"),
    Perm.COACH_REPORT: _("See the team's coaching view"),
    Perm.ABUSE_REVEAL: _("Reveal masked insults in a message (the reveal is logged)"),
    Perm.MESSAGE_REDACT: _("Hide the text of a message, saying why"),
    Perm.CUSTOMER_EXPORT: _("Export everything held about one customer"),
    Perm.CUSTOMER_ERASE: _("Erase a customer's personal data"),
    Perm.AUDIT_VIEW: _("Read the audit log"),
    Perm.KB_WRITE: _("Write and change draft knowledge-base articles"),
    Perm.KB_PUBLISH: _("Publish knowledge-base articles and edit published ones"),
}


ROLE_LABELS: dict[Role, Any] = {
    Role.AGENT: _("Agent"),
    Role.SUPERVISOR: _("Team lead"),
    Role.ADMIN: _("Admin"),
    Role.RULE: _("Automation rule"),
}


def permission_markdown() -> str:
    """The table of docs/permissions.md, made from MATRIX so the docs cannot drift from the code."""
    roles = list(MATRIX)
    lines = [
        "| permission | what it allows | " + " | ".join(r.value for r in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for perm in Perm:
        marks = " | ".join("✓" if perm in MATRIX[r] else "—" for r in roles)
        lines.append(f"| `{perm.value}` | {DESCRIPTIONS[perm]} | {marks} |")
    return "\n".join(lines) + "\n"
