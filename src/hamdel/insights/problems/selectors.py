"""Reads for the problems page and API: problems of the last N weeks ranked by growth × volume.

Counts come from the stored ProblemMessage rows (one grouped query); the clustering runs only when
complaints arrived since the last run (periodic task, or here on demand, so the answer is never stale).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import SYSTEM, Perm, require
from hamdel.insights.problems.models import Problem, ProblemMessage, ProblemStatus
from hamdel.insights.problems.services import NEGATIVE, problems_refresh, problems_stale

MAX_WEEKS = 26
ON_DEMAND = 2000  # complaints a request may place itself before it leaves the backlog to the worker
EXAMPLES = 3
WEEK = dt.timedelta(weeks=1)


@dataclass
class ProblemRow:
    id: int
    label: str
    auto_label: str
    status: str
    count: int
    weekly: list[int]
    growth: float
    score: float
    negative_share: float
    regressions: int
    examples: list[dict[str, Any]] = field(default_factory=list)

    def api(self) -> dict[str, Any]:
        """The contract of GET /api/v1/insights/problems (exactly these keys)."""
        return {
            "id": self.id,
            "label": self.label,
            "count": self.count,
            "weekly": self.weekly,
            "growth": self.growth,
            "examples": [{"message_id": e["message_id"], "text": e["text"]} for e in self.examples],
        }


def growth_of(weekly: list[int]) -> float:
    """The last week against the mean of the weeks before it, as a ratio (1.0 = doubled; 0 = flat).

    A problem that did not exist before counts its first week against one message, so a brand-new problem
    of ten messages has growth 9, not infinity.
    """
    if len(weekly) < 2:
        return 0.0
    before = sum(weekly[:-1]) / (len(weekly) - 1)
    return round((weekly[-1] - before) / max(before, 1.0), 2)


def check_weeks(weeks: int) -> int:
    if not 1 <= weeks <= MAX_WEEKS:
        raise ApplicationError(
            _("Weeks must be between 1 and %(max)s.") % {"max": MAX_WEEKS},
            {"weeks": weeks},
            status=422,
            code="invalid",
        )
    return weeks


def problems_ranked(
    *, actor: Any, weeks: int = 4, now: dt.datetime | None = None, refresh: bool = True, limit: int = 100
) -> list[ProblemRow]:
    """Problems with complaints in the last `weeks` weeks (by the customer's sent time), fastest-growing
    × most frequent first; weeks are the 7-day spans ending now, oldest first."""
    require(actor, Perm.REPORTS_VIEW)
    check_weeks(weeks)
    if refresh:
        waiting = problems_stale(limit=ON_DEMAND + 1)
        if 0 < waiting <= ON_DEMAND:
            problems_refresh(actor=SYSTEM, now=now)
        elif waiting:  # a backlog (first run on a big database): the worker takes it, the page stays fast
            from hamdel.insights.problems.tasks import refresh_problems

            refresh_problems.enqueue()
    now = now or timezone.now()
    start = now - weeks * WEEK
    bounds = [start + k * WEEK for k in range(weeks)]
    buckets = {
        f"w{k}": Count("pk", filter=Q(at__gte=b, at__lt=bounds[k + 1]) if k + 1 < weeks else Q(at__gte=b))
        for k, b in enumerate(bounds)
    }
    grouped = (
        ProblemMessage.objects.filter(at__gte=start)
        .exclude(problem__status=ProblemStatus.MERGED)
        .values("problem_id")
        .annotate(
            total=Count("pk"),
            negative=Count("pk", filter=Q(message__analysis__sentiment__in=NEGATIVE)),  # as read now
            regressions=Count("pk", filter=Q(regression=True)),
            **buckets,
        )
    )
    groups: list[dict[str, Any]] = [dict(g) for g in grouped]
    problems = Problem.objects.in_bulk([g["problem_id"] for g in groups])
    rows = []
    for g in groups:
        weekly = [g[f"w{k}"] for k in range(weeks)]
        growth = growth_of(weekly)
        problem = problems[g["problem_id"]]
        rows.append(
            ProblemRow(
                id=problem.pk,
                label=problem.title,
                auto_label=problem.label,
                status=problem.status,
                count=g["total"],
                weekly=weekly,
                growth=growth,
                score=round(growth * g["total"], 2),
                negative_share=round(g["negative"] / g["total"], 2) if g["total"] else 0.0,
                regressions=g["regressions"],
            )
        )
    rows.sort(key=lambda r: (-r.score, -r.count, r.id))
    rows = rows[:limit]
    for row in rows:
        row.examples = problem_examples(row.id, since=start)
    return rows


def problem_examples(
    problem_id: int, *, since: dt.datetime | None = None, limit: int = EXAMPLES
) -> list[dict[str, Any]]:
    """The newest messages of a problem, with the conversation behind each."""
    qs = ProblemMessage.objects.filter(problem_id=problem_id)
    if since is not None:
        qs = qs.filter(at__gte=since)
    members = qs.select_related("message", "conversation").order_by("-at", "-message_id")[:limit]
    return [
        {
            "message_id": m.message_id,
            "text": m.message.text[:400],
            "conversation_id": m.conversation_id,
            "conversation_number": m.conversation.number,
            "at": m.at,
            "regression": m.regression,
        }
        for m in members
    ]


def problem_get(*, actor: Any, problem_id: int) -> Problem:
    require(actor, Perm.REPORTS_VIEW)
    problem = Problem.objects.filter(pk=problem_id).first()
    if problem is None:
        raise ApplicationError(
            _("No such problem."), {"problem_id": problem_id}, status=404, code="not_found"
        )
    return problem


def problem_choices() -> list[tuple[int, str]]:
    """Problems a merge can go into (not merged ones)."""
    return [
        (p.pk, p.title)
        for p in Problem.objects.exclude(status=ProblemStatus.MERGED).only("pk", "name", "label")
    ]
