"""Per-agent figures inside one team, from the conversation facts of the period (not from messages).

Shown only once a team is chosen — the team view comes first, and the agent rows are for learning together,
not for ranking people across the company.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.db.models.expressions import RawSQL

from hamdel.accounts.models import User
from hamdel.insights.metrics import percentile
from hamdel.insights.models import ConversationFact, ConversationTag
from hamdel.insights.periods import Period
from hamdel.insights.rollups import bucket_sql, report_reads
from hamdel.insights.selectors import Filters


def _bucketed(column: str) -> RawSQL:
    """The bucket of one duration column (NULL when it has none), computed in the database."""
    return RawSQL(f"CASE WHEN {column} IS NULL THEN NULL ELSE {bucket_sql(column)} END", [])  # noqa: S611


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
    per: dict[int, dict[str, Any]] = defaultdict(lambda: {"resolved": 0, "fcr": 0, "frt": {}, "res": {}})
    with report_reads():  # one grouped pass: per assignee × first-response bucket × resolution bucket
        grouped = (
            facts.annotate(frt=_bucketed("first_response_minutes"), res=_bucketed("resolution_minutes"))
            .values_list("assignee_id", "frt", "res")
            .annotate(n=Count("pk"), fcr=Count("pk", filter=Q(agent_replies=1, reopen_count=0)))
            .order_by()
        )
        for assignee, frt, res, n, fcr in grouped:
            row = per[assignee]
            row["resolved"] += n
            row["fcr"] += fcr
            for key, bucket in (("frt", frt), ("res", res)):
                if bucket is not None:
                    row[key][int(bucket)] = row[key].get(int(bucket), 0) + n
    names = {u.pk: u.name for u in User.objects.filter(pk__in=[a for a in per if a])}
    rows = [
        {
            "name": names.get(a, "—"),
            "resolved": r["resolved"],
            "fcr_rate": round(100 * r["fcr"] / r["resolved"], 1) if r["resolved"] else None,
            "first_response_p50": percentile(r["frt"], 50),
            "resolution_p50": percentile(r["res"], 50),
        }
        for a, r in per.items()
    ]
    return sorted(rows, key=lambda r: r["name"])
