"""Per-agent figures inside one team, from the conversation facts of the period (not from messages).

Shown only once a team is chosen — the team view comes first, and the agent rows are for learning together,
not for ranking people across the company.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from hamdel.accounts.models import User
from hamdel.insights.metrics import percentile
from hamdel.insights.models import ConversationFact, ConversationTag
from hamdel.insights.periods import Period
from hamdel.insights.rollups import bucket_sql, minutes_sql, report_reads
from hamdel.insights.selectors import Filters


def _histogram(facts: QuerySet[ConversationFact], column: str) -> dict[int, dict[int, int]]:
    """Per assignee, {bucket: count} of one duration column, bucketed and counted in the database."""
    bucket = RawSQL(bucket_sql(minutes_sql(column)), [])  # noqa: S611 - our own column name and bounds
    out: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        facts.filter(**{f"{column}__isnull": False})
        .annotate(b=bucket)
        .values_list("assignee_id", "b")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for assignee, b, n in rows:
        out[assignee][int(b)] = n
    return out


def agent_rows(period: Period, filters: Filters) -> list[dict[str, Any]]:
    """Per assignee of the team: conversations resolved, FCR %, median first response and resolution —
    grouped in the database (a few rows per agent), never one Python step per conversation."""
    first, after = period.bounds()
    facts = ConversationFact.objects.filter(
        team_id=filters.team_id, resolved_at__gte=first, resolved_at__lt=after
    )
    if filters.channel:
        facts = facts.filter(channel=filters.channel)
    if filters.inbox_id:
        facts = facts.filter(inbox_id=filters.inbox_id)
    if filters.tag_id:
        facts = facts.filter(
            conversation_id__in=ConversationTag.objects.filter(tag_id=filters.tag_id).values(
                "conversation_id"
            )
        )
    with report_reads():
        per = {
            row["assignee_id"]: row
            for row in facts.values("assignee_id")
            .annotate(resolved=Count("pk"), fcr=Count("pk", filter=Q(agent_replies=1, reopen_count=0)))
            .order_by()
        }
        frt = _histogram(facts, "first_response_minutes")
        res = _histogram(facts, "resolution_minutes")
    names = {u.pk: u.name for u in User.objects.filter(pk__in=[a for a in per if a])}
    rows = [
        {
            "name": names.get(a, "—"),
            "resolved": r["resolved"],
            "fcr_rate": round(100 * r["fcr"] / r["resolved"], 1) if r["resolved"] else None,
            "first_response_p50": percentile(frt.get(a, {}), 50),
            "resolution_p50": percentile(res.get(a, {}), 50),
        }
        for a, r in per.items()
    ]
    return sorted(rows, key=lambda r: r["name"])
