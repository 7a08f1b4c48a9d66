"""The coaching view's numbers: per team and per finding, how often it was shown, applied, ignored or sent.

"Shown" counts a finding once per outcome: every finding the agent met ends applied, ignored or sent with
the reply (a finding the agent fixed by their own rewording leaves no trace and is not counted). The trend
compares the period with the one just before it, of the same length. For learning, not blame: the first
screen has teams and findings only; per-agent numbers are one click deeper.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.accounts.models import Team, User
from hamdel.coach.review.models import CoachDecision, Decision
from hamdel.core.exports import csv_writer
from hamdel.core.permissions import Perm, require
from hamdel.language.coach import CODES

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
NO_TEAM = 0

CODE_LABELS = {
    "missing_greeting": _("No greeting"),
    "missing_introduction": _("No introduction"),
    "missing_empathy": _("No empathy"),
    "blaming": _("Blaming the customer"),
    "arguing": _("Arguing"),
    "vague_promise": _("Vague promise"),
    "no_remedy": _("No remedy offered"),
    "bare_no": _("A bare no"),
    "robotic": _("Robotic wording"),
}


@dataclass
class CodeRow:
    code: str
    label: Any
    applied: int = 0
    ignored: int = 0
    sent_with: int = 0
    before: int = 0  # shown in the previous period

    @property
    def shown(self) -> int:
        return self.applied + self.ignored + self.sent_with

    @property
    def applied_share(self) -> int | None:
        """Per cent of shown findings whose suggestion was applied."""
        return round(100 * self.applied / self.shown) if self.shown else None

    @property
    def trend(self) -> int | None:
        """Per cent change of how often it was shown against the previous period (negative = fewer)."""
        if not self.before:
            return None
        return round(100 * (self.shown - self.before) / self.before)

    @property
    def trend_size(self) -> int:
        return abs(self.trend or 0)


@dataclass
class Group:
    key: int  # the team's id, NO_TEAM for decisions on conversations without a team
    name: Any
    rows: list[CodeRow] = field(default_factory=list)

    @property
    def shown(self) -> int:
        return sum(r.shown for r in self.rows)

    @property
    def applied(self) -> int:
        return sum(r.applied for r in self.rows)


def period(days: Any, now: dt.datetime | None = None) -> tuple[int, dt.datetime, dt.datetime]:
    """The chosen length in days (one of PERIODS, else the default) and its start and end."""
    try:
        n = int(days)
    except (TypeError, ValueError):
        n = DEFAULT_DAYS
    if n not in PERIODS:
        n = DEFAULT_DAYS
    end = now or timezone.now()
    return n, end - dt.timedelta(days=n), end


def _counts(qs: QuerySet[CoachDecision], by: str) -> dict[tuple[Any, str, str], int]:
    return {
        (row[by], row["code"], row["decision"]): row["n"]
        for row in qs.values(by, "code", "decision").annotate(n=Count("id")).order_by()
    }


def _groups(
    qs: QuerySet[CoachDecision], by: str, start: dt.datetime, end: dt.datetime, names: dict[Any, Any]
) -> list[Group]:
    length = end - start
    now = _counts(qs.filter(at__gte=start, at__lt=end), by)
    before = _counts(qs.filter(at__gte=start - length, at__lt=start), by)
    keys = {k[0] for k in now} | {k[0] for k in before}
    groups = []
    for key in keys:
        rows = []
        for code in CODES:
            row = CodeRow(code=code, label=CODE_LABELS.get(code, code))
            row.applied = now.get((key, code, Decision.APPLIED), 0)
            row.ignored = now.get((key, code, Decision.IGNORED), 0)
            row.sent_with = now.get((key, code, Decision.SENT_WITH), 0)
            row.before = sum(before.get((key, code, d), 0) for d in Decision.values)
            if row.shown or row.before:
                rows.append(row)
        rows.sort(key=lambda r: (-r.shown, CODES.index(r.code)))
        groups.append(Group(key=key or NO_TEAM, name=names.get(key, _("No team")), rows=rows))
    groups.sort(key=lambda g: (g.key == NO_TEAM, str(g.name)))
    return groups


def coaching_by_team(*, actor: Any, start: dt.datetime, end: dt.datetime) -> list[Group]:
    """Per team and per finding: shown, applied, ignored, sent with it; and the previous period's shown."""
    require(actor, Perm.COACH_REPORT)
    names = dict(Team.objects.values_list("pk", "name"))
    return _groups(CoachDecision.objects.all(), "team_id", start, end, names)


def coaching_by_agent(*, actor: Any, team_id: int, start: dt.datetime, end: dt.datetime) -> list[Group]:
    """One team's numbers per agent (one click deeper than the first screen)."""
    require(actor, Perm.COACH_REPORT)
    qs = (
        CoachDecision.objects.filter(team__isnull=True)
        if team_id == NO_TEAM
        else CoachDecision.objects.filter(team_id=team_id)
    )
    names: dict[Any, Any] = {u.pk: u.name for u in User.objects.filter(pk__in=qs.values("agent_id"))}
    names[None] = _("Former staff")
    return _groups(qs, "agent_id", start, end, names)


EXPORT_COLUMNS = ("at", "conversation", "team", "code", "decision", "draft_excerpt")


def coaching_csv(*, actor: Any, start: dt.datetime, end: dt.datetime) -> str:
    """The decisions of the period for the coach's improvement (like the label corrections): which finding,
    what the agent did, and the draft around it. No agent names: the set teaches the model, not about
    people."""
    require(actor, Perm.COACH_REPORT)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = (
        CoachDecision.objects.filter(at__gte=start, at__lt=end)
        .select_related("conversation", "team")
        .order_by("at", "id")
    )
    for d in rows.iterator(chunk_size=1000):
        writer.writerow(
            [
                d.at.astimezone(dt.UTC).isoformat(),
                d.conversation.number,
                d.team.name if d.team else "",
                d.code,
                d.decision,
                d.draft_excerpt,
            ]
        )
    return out.getvalue()


def code_totals(groups: list[Group]) -> list[CodeRow]:
    """All teams together, per finding (the page's summary line)."""
    total: dict[str, CodeRow] = {}
    for g in groups:
        for r in g.rows:
            t = total.setdefault(r.code, CodeRow(code=r.code, label=r.label))
            t.applied += r.applied
            t.ignored += r.ignored
            t.sent_with += r.sent_with
            t.before += r.before
    return sorted(total.values(), key=lambda r: (-r.shown, CODES.index(r.code)))
