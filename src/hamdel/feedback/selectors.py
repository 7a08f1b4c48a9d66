"""Feedback reads: survey metrics per DESIGN.md, trends, comments, listening-post volumes, ideas, audits."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from hamdel.core.exports import csv_writer
from hamdel.core.persian import jalali_date, to_tehran
from hamdel.feedback.models import (
    Answer,
    Audit,
    FeedbackItem,
    Idea,
    IdeaStatus,
    Invitation,
    InvitationStatus,
    ItemSource,
    Question,
    QuestionType,
    Response,
    Survey,
)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _scores(rows: QuerySet[Answer], qtype: str) -> dict[str, Any]:
    """CSAT top-two-box with its mean, NPS promoters minus detractors, CES mean (DESIGN.md)."""
    rows = rows.filter(question__type=qtype, number__isnull=False)
    agg = rows.aggregate(
        n=Count("id"),
        mean=Avg("number"),
        top=Count("id", filter=Q(number__gte=4)),
        promoters=Count("id", filter=Q(number__gte=9)),
        detractors=Count("id", filter=Q(number__lte=6)),
    )
    n = agg["n"]
    if not n:
        return {"n": 0, "score": None, "mean": None}
    if qtype == QuestionType.CSAT:
        return {"n": n, "score": _pct(agg["top"], n), "mean": round(agg["mean"], 2)}
    if qtype == QuestionType.NPS:
        return {
            "n": n,
            "score": round(100 * (agg["promoters"] - agg["detractors"]) / n, 1),
            "mean": round(agg["mean"], 2),
            "promoters": _pct(agg["promoters"], n),
            "detractors": _pct(agg["detractors"], n),
        }
    return {"n": n, "score": round(agg["mean"], 2), "mean": round(agg["mean"], 2)}


def _completed_rows(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.filter(response__survey=survey, response__completed_at__isnull=False)


def _distribution(question: Question, rows: QuerySet[Answer]) -> list[dict[str, Any]]:
    mine = rows.filter(question=question)
    if question.is_scale:
        low, high = question.scale or (0, 0)
        by_value = dict(mine.values_list("number").annotate(c=Count("id")).values_list("number", "c"))
        total = sum(by_value.values())
        return [
            {"value": v, "count": by_value.get(float(v), 0), "share": _pct(by_value.get(float(v), 0), total)}
            for v in range(low, high + 1)
        ]
    if question.is_choice:
        counts: dict[str, int] = defaultdict(int)
        answered = 0
        for choices in mine.values_list("choices", flat=True):
            answered += 1
            for c in choices:
                counts[c] += 1
        return [
            {"value": c, "count": counts.get(c, 0), "share": _pct(counts.get(c, 0), answered)}
            for c in question.choices
        ]
    return []


MIN_ANONYMOUS_GROUP = 5  # fewer answers than this in any group of an anonymous survey are not shown


def _hidden(survey: Survey, count: int) -> bool:
    """An anonymous survey shows no group (the survey, a week, a source, a place) of fewer than five answers:
    with three invitees and three answers, a mean is already somebody's answer."""
    return survey.anonymous and count < MIN_ANONYMOUS_GROUP


def survey_summary(*, survey: Survey) -> dict[str, Any]:
    """The numbers for the API and the results page; a score is null where the survey has no such question."""
    questions = list(survey.questions.all())
    types = {q.type for q in questions}
    rows = _completed_rows(survey)
    completed = survey.responses.filter(completed_at__isnull=False)
    responses = completed.count()
    invited = survey.invitations.filter(status__in=[InvitationStatus.SENT, InvitationStatus.ANSWERED]).count()
    answered_invitations = survey.invitations.filter(answered=True).count()
    scores: dict[str, dict[str, Any]] = {
        str(t): _scores(rows, t) for t in (QuestionType.CSAT, QuestionType.NPS, QuestionType.CES)
    }
    per_question = []
    for q in questions:
        mine = rows.filter(question=q)
        per_question.append(
            {
                "key": q.key,
                "type": q.type,
                "text": q.text,
                "answers": mine.count(),
                "mean": round(m, 2) if (m := mine.aggregate(m=Avg("number"))["m"]) is not None else None,
                "distribution": _distribution(q, rows),
            }
        )
    summary: dict[str, Any] = {
        "id": survey.pk,
        "name": survey.name,
        "responses": responses,
        "partial": survey.responses.filter(completed_at__isnull=True).count(),
        "invitations": invited,
        "response_rate": _pct(answered_invitations, invited),
        "nps": scores["nps"]["score"] if "nps" in types else None,
        "nps_promoters": scores["nps"].get("promoters") if "nps" in types else None,
        "nps_detractors": scores["nps"].get("detractors") if "nps" in types else None,
        "csat": scores["csat"]["score"] if "csat" in types else None,
        "csat_mean": scores["csat"]["mean"] if "csat" in types else None,
        "ces": scores["ces"]["score"] if "ces" in types else None,
        "by_source": {
            source: count
            for source, count in completed.values_list("source")
            .annotate(c=Count("id"))
            .values_list("source", "c")
            if not _hidden(survey, count)
        },
        "questions": per_question,
        "hidden": _hidden(survey, responses),
    }
    if summary["hidden"]:
        for key in ("nps", "nps_promoters", "nps_detractors", "csat", "csat_mean", "ces"):
            summary[key] = None
        summary["questions"] = [{**q, "mean": None, "distribution": []} for q in per_question]
    return summary


def survey_trend(*, survey: Survey, weeks: int = 12) -> list[dict[str, Any]]:
    """Weekly CSAT, NPS and CES, for the trend chart (weeks without answers are left out)."""
    since = timezone.now() - dt.timedelta(weeks=weeks)
    rows = _completed_rows(survey).filter(response__completed_at__gte=since)
    by_week = (
        rows.annotate(week=TruncWeek("response__completed_at"))
        .values_list("week", flat=True)
        .distinct()
        .order_by("week")
    )
    trend = []
    for week in by_week:
        mine = rows.filter(
            response__completed_at__gte=week, response__completed_at__lt=week + dt.timedelta(days=7)
        )
        answered = mine.values("response_id").distinct().count() if survey.anonymous else 0
        if _hidden(survey, answered):
            continue
        trend.append(
            {
                "week": week.date().isoformat(),
                "label": jalali_date(week),
                "csat": _scores(mine, QuestionType.CSAT)["score"],
                "nps": _scores(mine, QuestionType.NPS)["score"],
                "ces": _scores(mine, QuestionType.CES)["score"],
            }
        )
    return trend


def survey_comments(*, survey: Survey, limit: int = 100) -> QuerySet[FeedbackItem]:
    done = survey.responses.filter(completed_at__isnull=False).count() if survey.anonymous else 0
    if _hidden(survey, done):
        return FeedbackItem.objects.none()
    return (
        FeedbackItem.objects.filter(response__survey=survey)
        .select_related("location", "customer")
        .order_by("-occurred_at")[:limit]
    )


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        done=Count("responses", filter=Q(responses__completed_at__isnull=False), distinct=True)
    ).order_by("-is_active", "-created_at")


def survey_csv(*, survey: Survey) -> str:
    """One line per completed response, one column per question; anonymous surveys carry no identity."""
    questions = list(survey.questions.all())
    out = io.StringIO()
    writer = csv_writer(out)
    head = ["response", "completed_at", "completed_jalali", "source", "location"]
    if not survey.anonymous:
        head += ["customer_id", "customer", "conversation"]
    writer.writerow(head + [q.key for q in questions])
    responses = (
        survey.responses.filter(completed_at__isnull=False)
        .select_related("customer", "conversation", "location")
        .order_by("completed_at")
    )
    places: Counter[int | None] = Counter()
    if survey.anonymous:
        # no row ids (they follow the order of answering) and no groups too small to hide anybody
        if _hidden(survey, responses.count()):
            return out.getvalue()
        places = Counter(r.location_id for r in responses)
    for number, r in enumerate(responses, start=1):
        # Tehran time, and the Jalali date spreadsheets in Iran are read with
        when = to_tehran(r.completed_at or r.started_at)
        jalali = f"{jalali_date(when, persian=False)} {when:%H:%M}"
        line: list[Any] = [r.pk, when.isoformat(), jalali, r.source, str(r.location or "")]
        if survey.anonymous:
            line[0] = number
            line[4] = "" if _hidden(survey, places[r.location_id]) else line[4]
        if not survey.anonymous:
            line += [
                r.customer_id or "",
                r.customer.name if r.customer else "",
                r.conversation.number if r.conversation else "",
            ]
        for q in questions:
            value = r.answers.get(q.key, "")
            line.append("؛ ".join(value) if isinstance(value, list) else value)
        writer.writerow(line)
    return out.getvalue()


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("survey").filter(token=token).first()


# --- listening posts ----------------------------------------------------------------------------------------


def listening_overview(*, weeks: int = 12) -> dict[str, Any]:
    """Every source's weekly volume and mean polarity, plus totals, for the listening-posts page."""
    since = timezone.now() - dt.timedelta(weeks=weeks)
    items = FeedbackItem.objects.filter(occurred_at__gte=since)
    weekly = (
        items.annotate(week=TruncWeek("occurred_at"))
        .values("source", "week")
        .annotate(n=Count("id"), polarity=Avg("polarity"))
        .order_by("week")
    )
    week_keys = sorted({row["week"] for row in weekly})
    labels = [jalali_date(w) for w in week_keys]
    series: dict[str, dict[str, list[Any]]] = {}
    for row in weekly:
        s = series.setdefault(
            row["source"], {"volume": [0] * len(week_keys), "polarity": [None] * len(week_keys)}
        )
        i = week_keys.index(row["week"])
        s["volume"][i] = row["n"]
        s["polarity"][i] = round(row["polarity"], 2) if row["polarity"] is not None else None
    totals: dict[str, dict[str, Any]] = {
        row["source"]: dict(row)
        for row in items.values("source").annotate(
            n=Count("id"),
            polarity=Avg("polarity"),
            negative=Count("id", filter=Q(sentiment__in=["negative", "very_negative"])),
            positive=Count("id", filter=Q(sentiment__in=["positive", "very_positive"])),
        )
    }
    sources = [
        {
            "key": key,
            "label": str(label),
            "count": totals.get(key, {}).get("n", 0),
            "polarity": round(totals[key]["polarity"], 2)
            if totals.get(key, {}).get("polarity") is not None
            else None,
            "negative": _pct(totals.get(key, {}).get("negative", 0), totals.get(key, {}).get("n", 0)),
            "positive": _pct(totals.get(key, {}).get("positive", 0), totals.get(key, {}).get("n", 0)),
        }
        for key, label in ItemSource.choices
    ]
    chart = {
        "labels": labels,
        "series": [
            {"key": s["key"], "label": s["label"], **series[s["key"]]} for s in sources if s["key"] in series
        ],
    }
    return {"sources": sources, "chart": chart, "total": items.count()}


def items_list(*, source: str = "", sentiment: str = "", limit: int = 50) -> QuerySet[FeedbackItem]:
    qs = FeedbackItem.objects.select_related("customer", "location")
    if source in ItemSource.values:
        qs = qs.filter(source=source)
    if sentiment == "negative":
        qs = qs.filter(sentiment__in=["negative", "very_negative"])
    elif sentiment == "positive":
        qs = qs.filter(sentiment__in=["positive", "very_positive"])
    return qs.order_by("-occurred_at")[:limit]


# --- ideas and audits ---------------------------------------------------------------------------------------


def ideas_public(*, status: str = "", order: str = "top") -> QuerySet[Idea]:
    qs = Idea.objects.filter(merged_into__isnull=True).annotate(comment_count=Count("comments"))
    if status in IdeaStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at") if order == "new" else qs.order_by("-votes", "-created_at")


def idea_voted(*, idea: Idea, voter: str) -> bool:
    return idea.followers.filter(voter=voter, voted=True).exists()


def audit_results() -> dict[str, Any]:
    """Mean score per branch, and each branch's scores over time for the chart."""
    branches = list(
        Audit.objects.values("branch").annotate(n=Count("id"), mean=Avg("score")).order_by("-mean")
    )
    history: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for audit in Audit.objects.order_by("visited_at").values("branch", "visited_at", "score"):
        history[audit["branch"]].append({"date": jalali_date(audit["visited_at"]), "score": audit["score"]})
    return {"branches": branches, "history": dict(history)}


def customer_feedback(*, customer_id: int) -> dict[str, Any]:
    """What one customer told us: survey answers (never anonymous ones) and feedback items."""
    return {
        "responses": Response.objects.filter(customer_id=customer_id, completed_at__isnull=False)
        .select_related("survey")
        .prefetch_related("survey__questions")
        .order_by("-completed_at")[:20],
        "items": FeedbackItem.objects.filter(customer_id=customer_id).order_by("-occurred_at")[:20],
    }


def calls_due(*, today: dt.date | None = None) -> Q:
    """Calls still to make whose day has come."""
    from hamdel.feedback.models import CallStatus

    today = today or timezone.localdate()
    return Q(status=CallStatus.TO_CALL, due_on__lte=today)
