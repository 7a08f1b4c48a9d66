"""Per-agent figures inside one team, from the conversation facts of the period (not from messages).

Shown only once a team is chosen — the team view comes first, and the agent rows are for learning together,
not for ranking people across the company.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hamdel.accounts.models import User
from hamdel.insights.metrics import bucket_of, percentile
from hamdel.insights.models import ConversationFact
from hamdel.insights.periods import Period
from hamdel.insights.selectors import Filters


def agent_rows(period: Period, filters: Filters) -> list[dict[str, Any]]:
    """Per assignee of the team: conversations resolved, FCR %, median first response and resolution."""
    first, after = period.bounds()
    facts = ConversationFact.objects.filter(
        team_id=filters.team_id, resolved_at__gte=first, resolved_at__lt=after
    )
    if filters.channel:
        facts = facts.filter(channel=filters.channel)
    if filters.inbox_id:
        facts = facts.filter(inbox_id=filters.inbox_id)
    per: dict[int, dict[str, Any]] = defaultdict(lambda: {"resolved": 0, "fcr": 0, "frt": {}, "res": {}})
    for assignee, replies, reopens, frt, res, tags in facts.values_list(
        "assignee_id",
        "agent_replies",
        "reopen_count",
        "first_response_minutes",
        "resolution_minutes",
        "tag_ids",
    ).iterator(chunk_size=2000):
        if filters.tag_id and filters.tag_id not in (tags or []):
            continue
        row = per[assignee]
        row["resolved"] += 1
        row["fcr"] += replies == 1 and reopens == 0
        if frt is not None:
            b = bucket_of(frt)
            row["frt"][b] = row["frt"].get(b, 0) + 1
        if res is not None:
            b = bucket_of(res)
            row["res"][b] = row["res"].get(b, 0) + 1
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
