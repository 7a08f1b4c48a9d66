"""Actions: refresh the problems from new complaints; name, merge, split, close and reopen a problem;
edit a journey stage; record a survey's score for loyalty.

Each action checks the actor, validates, writes in one transaction and publishes its event (the audit
trail). The clustering itself is `hamdel.language.problem_clusters` (pure, deterministic).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.conversations.models import Direction, Message, MessageKind
from hamdel.core import channels
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.insights.problems.events import ProblemChanged, ProblemRegressed, ProblemsRefreshed
from hamdel.insights.problems.models import (
    JourneyStage,
    Problem,
    ProblemMessage,
    ProblemState,
    ProblemStatus,
    SurveySignal,
)
from hamdel.language import problem_clusters as pc
from hamdel.language.data import INTENTS

# What counts as a complaint: a negative message, a complaint intent, a churn signal — or a message the
# models have not read yet (a complaint must not vanish because the worker is behind). Praise and
# suggestions never are, even when the sentiment model reads "دستتان درد نکند" (thank you) as negative.
NEGATIVE = ("negative", "very_negative")
COMPLAINT_INTENTS = (
    "delivery_delay",
    "damaged_or_defective",
    "wrong_or_missing_item",
    "return_or_refund",
    "cancellation",
    "billing_payment",
    "account_access",
    "technical_problem",
    "staff_behavior",
    "service_quality",
)
NOT_COMPLAINTS = ("praise", "suggestion")
LOOKBACK = dt.timedelta(weeks=12)  # unplaced complaints older than this are not clustered again
POOL_LIMIT = 4000  # the newest unplaced complaints clustered per run
BATCH = 20000  # new messages read per run (the next run takes the rest)


def complaints() -> QuerySet[Any]:
    """Inbound customer messages that are complaints, with `at` = when the customer sent them."""
    return (
        Message.objects.filter(direction=Direction.INBOUND, kind=MessageKind.MESSAGE)
        .filter(
            Q(analysis__isnull=True)
            | Q(analysis__sentiment__in=NEGATIVE)
            | Q(analysis__intent__in=COMPLAINT_INTENTS)
            | Q(analysis__churn_risk=True)
        )
        .exclude(analysis__intent__in=NOT_COMPLAINTS, analysis__churn_risk=False)
        .annotate(at=Coalesce(F("sent_at"), F("created_at")))
    )


@dataclass(frozen=True)
class RefreshResult:
    placed: int
    created: int


def _idf(state: ProblemState) -> pc.Idf:
    return pc.Idf(docs=state.docs, df=dict(state.df))


def _state() -> ProblemState:
    state = ProblemState.objects.select_for_update().order_by("pk").first()
    return state if state is not None else ProblemState.objects.create()


def problems_refresh(*, actor: Any = None, now: dt.datetime | None = None) -> RefreshResult:
    """Place the complaints that arrived since the last run: onto existing problems first, by centroid
    similarity, then cluster what is left (with earlier unplaced complaints) into new problems.

    Existing problems keep their centroid and label, so a rerun never renames or reshuffles them.
    """
    require(actor, Perm.REPORTS_VIEW)
    now = now or timezone.now()
    with transaction.atomic():
        state = _state()
        fresh = list(
            complaints().filter(pk__gt=state.last_message_id).order_by("pk").values_list("pk", "text")[:BATCH]
        )
        idf = _idf(state)
        idf.add(pc.terms(text) for _pk, text in fresh)
        if fresh:
            state.last_message_id = fresh[-1][0]
        pool = list(
            complaints()
            .filter(pk__lte=state.last_message_id, at__gte=now - LOOKBACK)
            .exclude(pk__in=ProblemMessage.objects.values("message_id"))
            .select_related("analysis")
            .order_by("-at", "-pk")[:POOL_LIMIT]
        )
        pool.sort(key=lambda m: (m.at, m.pk))  # oldest first: the order the clustering sees is fixed
        vectors = [pc.vectorise(pc.terms(m.text), idf) for m in pool]
        problems = {p.pk: p for p in Problem.objects.exclude(status=ProblemStatus.MERGED)}
        matches = pc.assign(vectors, {pk: p.centroid for pk, p in problems.items()})
        rows: list[ProblemMessage] = []
        left: list[int] = []
        regressed: list[tuple[int, int]] = []
        for i, (msg, key) in enumerate(zip(pool, matches, strict=True)):
            if key is None:
                left.append(i)
                continue
            problem = problems[key]
            regression = problem.status == ProblemStatus.FIXED and bool(
                problem.fixed_at and msg.at > problem.fixed_at
            )
            rows.append(_member(problem, msg, pc.cosine(vectors[i], problem.centroid), regression))
            if regression:
                regressed.append((problem.pk, msg.pk))
        created = 0
        for group in pc.cluster([vectors[i] for i in left]):
            members = [left[j] for j in group]
            cent = pc.centroid(vectors[i] for i in members)
            problem = Problem.objects.create(label=pc.label(cent), centroid=cent)
            created += 1
            rows.extend(_member(problem, pool[i], pc.cosine(vectors[i], cent), False) for i in members)
        ProblemMessage.objects.bulk_create(rows)
        state.docs, state.df, state.ran_at = idf.docs, idf.df, now
        state.save(update_fields=["last_message_id", "docs", "df", "ran_at"])
        for problem_id, message_id in regressed:
            publish(ProblemRegressed(problem_id=problem_id, message_id=message_id))
        publish(ProblemsRefreshed(placed=len(rows), created=created))
    return RefreshResult(placed=len(rows), created=created)


def problems_stale(limit: int = 1) -> int:
    """How many complaints arrived since the last run, counted up to `limit` (one indexed query)."""
    state = ProblemState.objects.order_by("pk").first()
    return complaints().filter(pk__gt=state.last_message_id if state else 0)[:limit].count()


def _member(problem: Problem, msg: Any, similarity: float, regression: bool) -> ProblemMessage:
    analysis = getattr(msg, "analysis", None)
    return ProblemMessage(
        problem=problem,
        message_id=msg.pk,
        conversation_id=msg.conversation_id,
        at=msg.at,
        similarity=round(similarity, 4),
        sentiment=analysis.sentiment if analysis else "",
        regression=regression,
    )


def _get(problem_id: int, *, lock: bool = True) -> Problem:
    qs = Problem.objects.select_for_update() if lock else Problem.objects.all()
    problem = qs.filter(pk=problem_id).exclude(status=ProblemStatus.MERGED).first()
    if problem is None:
        raise ApplicationError(
            _("No such problem."), {"problem_id": problem_id}, status=404, code="not_found"
        )
    return problem


def _changed(actor: Any, problem: Problem, change: str, other: Problem | None = None, **details: Any) -> None:
    other_id = other.pk if other else None
    audit(actor=actor, action=f"problem.{change}", target=f"problem:{problem.pk}", other=other_id, **details)
    publish(ProblemChanged(problem_id=problem.pk, change=change, other_id=other_id))


def problem_name(*, actor: Any, problem_id: int, name: str) -> Problem:
    """Give a problem a name people recognise ("empty name" brings back the automatic label)."""
    require(actor, Perm.PROBLEM_MANAGE)
    name = (name or "").strip()
    if len(name) > 200:
        raise ApplicationError(_("The name is too long (at most 200 characters)."), {"name": name[:20]})
    with transaction.atomic():
        problem = _get(problem_id)
        old = problem.name
        problem.name = name
        problem.save(update_fields=["name", "updated_at"])
        _changed(actor, problem, "named", before={"name": old}, after={"name": name})
    return problem


def _weighted(a: Problem, na: int, b: Problem, nb: int) -> pc.Vector:
    total: dict[str, float] = {}
    for cent, n in ((a.centroid, max(na, 1)), (b.centroid, max(nb, 1))):
        for t, v in cent.items():
            total[t] = total.get(t, 0.0) + v * n
    return pc.centroid([total])


def problem_merge(*, actor: Any, problem_id: int, into_id: int) -> Problem:
    """Move every message of `problem_id` into `into_id`; the first is kept as "merged" for the record."""
    require(actor, Perm.PROBLEM_MANAGE)
    if problem_id == into_id:
        raise ApplicationError(_("A problem cannot be merged into itself."), {"into_id": into_id})
    with transaction.atomic():
        source, target = _get(problem_id), _get(into_id)
        moved = ProblemMessage.objects.filter(problem=source)
        n_source, n_target = moved.count(), ProblemMessage.objects.filter(problem=target).count()
        target.centroid = _weighted(target, n_target, source, n_source)
        target.label = pc.label(target.centroid)
        target.save(update_fields=["centroid", "label", "updated_at"])
        moved.update(problem=target)
        source.status, source.merged_into = ProblemStatus.MERGED, target
        source.save(update_fields=["status", "merged_into", "updated_at"])
        _changed(actor, target, "merged", source, moved=n_source)
    return target


def problem_split(*, actor: Any, problem_id: int) -> tuple[Problem, Problem]:
    """Split a problem that mixes two complaints into two, by 2-means over its messages' words."""
    require(actor, Perm.PROBLEM_MANAGE)
    with transaction.atomic():
        problem = _get(problem_id)
        members = list(
            ProblemMessage.objects.filter(problem=problem)
            .select_related("message")
            .order_by("at", "message_id")
        )
        state = _state()
        idf = _idf(state)
        vectors = [pc.vectorise(pc.terms(m.message.text), idf) for m in members]
        left, right = pc.split(vectors)
        if len(members) < 2 * 2 or len(left) < 2 or len(right) < 2:
            raise ApplicationError(
                _("This problem is too small or too uniform to split."), {"problem_id": problem_id}
            )
        problem.centroid = pc.centroid(vectors[i] for i in left)
        problem.label = pc.label(problem.centroid)
        problem.save(update_fields=["centroid", "label", "updated_at"])
        cent = pc.centroid(vectors[i] for i in right)
        other = Problem.objects.create(
            label=pc.label(cent), centroid=cent, status=problem.status, fixed_at=problem.fixed_at
        )
        ProblemMessage.objects.filter(pk__in=[members[i].pk for i in right]).update(problem=other)
        _changed(actor, problem, "split", other, moved=len(right))
    return problem, other


def problem_mark_fixed(*, actor: Any, problem_id: int, fixed: bool = True) -> Problem:
    """Mark the root cause fixed (new matches then count as a regression), or reopen the problem."""
    require(actor, Perm.PROBLEM_MANAGE)
    with transaction.atomic():
        problem = _get(problem_id)
        if fixed:
            problem.status, problem.fixed_at = ProblemStatus.FIXED, timezone.now()
        else:
            problem.status, problem.fixed_at = ProblemStatus.ACTIVE, None
        problem.save(update_fields=["status", "fixed_at", "updated_at"])
        _changed(actor, problem, "fixed" if fixed else "reopened")
    return problem


def journey_stage_update(
    *, actor: Any, stage_id: int, name: str, intents: list[str], tags: list[str], channel_names: list[str]
) -> JourneyStage:
    """Change what a journey stage is called and which intents, tags and channels place a message in it."""
    require(actor, Perm.PROBLEM_MANAGE)
    errors: dict[str, Any] = {}
    name = (name or "").strip()
    if not name or len(name) > 100:
        errors["name"] = _("Give the stage a name of at most 100 characters.")
    bad_intents = sorted(set(intents) - set(INTENTS))
    if bad_intents:
        errors["intents"] = bad_intents
    known_channels = {key for key, _label in channels.choices()}
    bad_channels = sorted(set(channel_names) - known_channels)
    if bad_channels:
        errors["channels"] = bad_channels
    clean_tags = sorted({t.strip() for t in tags if t.strip()})
    if errors:
        raise ApplicationError(_("The stage is not valid."), errors)
    with transaction.atomic():
        stage = JourneyStage.objects.select_for_update().filter(pk=stage_id).first()
        if stage is None:
            raise ApplicationError(_("No such stage."), {"stage_id": stage_id}, status=404, code="not_found")
        old = {"name": stage.name, "intents": stage.intents, "tags": stage.tags, "channels": stage.channels}
        stage.name, stage.intents = name, sorted(set(intents))
        stage.tags, stage.channels = clean_tags, sorted(set(channel_names))
        stage.save(update_fields=["name", "intents", "tags", "channels", "updated_at"])
        new = {"name": stage.name, "intents": stage.intents, "tags": stage.tags, "channels": stage.channels}
        audit(actor=actor, action="journey.stage_changed", target=f"stage:{stage.key}", before=old, after=new)
    return stage


def survey_signal_record(*, response_id: int, snapshot: dict[str, Any] | None) -> SurveySignal | None:
    """Keep a finished survey's score for its customer (Hamdel's own work, from the survey.answered event).

    The snapshot is the feedback app's public view of the response (core.slots), so this app never reads
    the feedback tables. Anonymous responses name no customer and are not kept.
    """
    if not snapshot or not snapshot.get("customer") or snapshot.get("score") is None:
        return None
    completed = snapshot.get("completed_at") or timezone.now()
    if isinstance(completed, str):
        completed = dt.datetime.fromisoformat(completed)
    signal, _created = SurveySignal.objects.update_or_create(
        response_id=response_id,
        defaults={
            "customer_id": snapshot["customer"]["id"],
            "kind": snapshot.get("score_type") or "rating",
            "score": float(snapshot["score"]),
            "at": completed,
        },
    )
    return signal


def journey_stages_ensure(*, actor: Any) -> int:
    """Put back any default stage that is missing (a fresh database gets them from migration 0002; a
    database emptied and reloaded — the demo, a restore of data only — gets them here). Edited stages stay."""
    require(actor, Perm.PROBLEM_MANAGE)
    from hamdel.insights.problems.journey import DEFAULT_STAGES

    added = 0
    with transaction.atomic():
        for position, data in enumerate(DEFAULT_STAGES):
            _stage, created = JourneyStage.objects.get_or_create(
                key=data["key"],
                defaults={
                    "name": data["name"],
                    "position": position,
                    "intents": data["intents"],
                    "channels": data["channels"],
                    "tags": [],
                },
            )
            added += created
    return added
