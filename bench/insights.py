"""Insights at scale: every dashboard page and the summary API timed (p50/p95) over rollups built from
1,000,000 messages and 1,000,000 survey answers.

    PYTHONPATH=src .venv/bin/python bench/insights.py [--messages N] [--answers N] [--repeat R]
    HAMDEL_DATABASE_URL=postgres://… PYTHONPATH=src .venv/bin/python bench/insights.py

The facts (the tables the rollups are computed from) are bulk-inserted directly — a year of messages over
6 channels, 5 teams, 8 tags, about 5 messages a conversation — then `insights_rebuild(rollups_only=True)`
recomputes every day and Jalali month, as `hamdel insights rebuild --since … --rollups-only` does. Then
each page and API call is requested R times through Django's test client as a supervisor (middleware,
permission check, the read-path refresh, templates and JSON included) for the usual periods and filters.
The target is p95 < 200 ms for every request kind. Prints one JSON object: wall-clock percentiles and, beside
them, this process's CPU time per request (on SQLite that includes the database's work; on PostgreSQL the
server's share is not in it), since on a shared machine the wall clock mostly measures the other tenants.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import percentiles, setup_django  # noqa: E402

CHANNELS = ("email", "chat", "telegram", "bale", "sms", "web_form")
SENTIMENTS = ("very_negative", "negative", "neutral", "positive", "very_positive")
EMOTIONS = ("anger", "sadness", "fear", "joy", "surprise", "disgust", "neutral")
INTENTS = (  # the real intent names, so the journey's default stages place them
    "order_status",
    "delivery_delay",
    "return_or_refund",
    "product_question",
    "praise",
    "cancellation",
    "technical_problem",
    "pricing",
    "service_quality",
)
POLARITY = {"very_negative": -1.0, "negative": -0.5, "neutral": 0.0, "positive": 0.5, "very_positive": 1.0}
COMPLAINTS = (  # recurring problems seeded for the problems page (real messages, one per conversation)
    "سفارشم هنوز نرسیده و کسی جواب نمی‌دهد",
    "کالا شکسته به دستم رسید",
    "مبلغ دو بار از حسابم کم شد",
    "رمز عبورم کار نمی‌کند و وارد حساب نمی‌شوم",
    "کد تخفیف در صفحه پرداخت قبول نمی‌شود",
    "پشتیبان تلفنی با من بد برخورد کرد",
    "بازگشت وجه بعد از دو هفته انجام نشده",
    "اپلیکیشن موقع پرداخت بسته می‌شود",
)
BATCH = 10_000


def _batches(rows: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(messages: int, answers: int, days: int, complaints: int) -> dict[str, Any]:
    from django.db import transaction
    from django.utils import timezone

    from hamdel.accounts.models import Team
    from hamdel.connectors.models import Inbox
    from hamdel.conversations.models import Tag
    from hamdel.customers.models import Customer
    from hamdel.insights.models import (
        ConversationFact,
        ConversationTag,
        MessageFact,
        OutcomeFact,
        SurveyFact,
    )

    rnd = random.Random(15)
    teams = [Team.objects.create(name=f"تیم {i}").pk for i in range(1, 6)]
    tags = [Tag.objects.create(name=f"برچسب {i}").pk for i in range(1, 9)]
    inboxes = {c: Inbox.objects.create(name=f"صندوق {c}", kind="email").pk for c in CHANNELS}
    now = timezone.now()
    start = now - dt.timedelta(days=days)
    span = days * 86400
    conversations = max(1, messages // 5)
    convs: list[tuple[str, int, int, list[int], int]] = []
    t0 = time.perf_counter()
    n_customers = max(1, conversations // 4)
    for batch in _batches(Customer(name=f"مشتری {i}") for i in range(1, n_customers + 1)):
        with transaction.atomic():
            Customer.objects.bulk_create(batch, batch_size=2000)
    customer_ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True))
    insert_customers_s = round(time.perf_counter() - t0, 1)

    def conversation_rows() -> Iterator[ConversationFact]:
        for cid in range(1, conversations + 1):
            channel = rnd.choice(CHANNELS)
            team = rnd.choice(teams)
            tagged = rnd.sample(tags, rnd.choice((0, 0, 0, 1, 1, 2)))
            customer = rnd.choice(customer_ids)
            convs.append((channel, team, inboxes[channel], tagged, customer))
            opened = start + dt.timedelta(seconds=rnd.random() * span)
            frt = rnd.expovariate(1 / 90)
            res = frt + rnd.expovariate(1 / 600) if rnd.random() < 0.85 else None
            replies = rnd.choice((1, 1, 1, 2, 3))
            yield ConversationFact(
                conversation_id=cid,
                channel=channel,
                team_id=team,
                inbox_id=inboxes[channel],
                assignee_id=0,
                customer_id=customer,
                tag_ids=tagged,
                opened_at=opened,
                first_response_at=opened + dt.timedelta(minutes=frt),
                resolved_at=opened + dt.timedelta(minutes=res) if res is not None else None,
                first_response_minutes=frt,
                first_response_business_minutes=frt * 0.7,
                resolution_minutes=res,
                resolution_business_minutes=res * 0.6 if res is not None else None,
                agent_replies=replies,
                reopen_count=1 if rnd.random() < 0.07 else 0,
                sla_breached=rnd.random() < 0.1,
                has_sla=rnd.random() < 0.8,
            )

    def tag_rows() -> Iterator[ConversationTag]:
        for cid, (_c, _t, _i, tagged, _cu) in enumerate(convs, start=1):
            for tag in tagged:
                yield ConversationTag(conversation_id=cid, tag_id=tag)

    def message_rows() -> Iterator[MessageFact]:
        for mid in range(1, messages + 1):
            cid = rnd.randint(1, conversations)
            channel, team, inbox, _tags, customer = convs[cid - 1]
            inbound = rnd.random() < 0.6
            sentiment = rnd.choice(SENTIMENTS) if inbound else ""
            yield MessageFact(
                message_id=mid,
                conversation_id=cid,
                at=start + dt.timedelta(seconds=rnd.random() * span),
                inbound=inbound,
                by_agent=not inbound,
                channel=channel,
                team_id=team,
                inbox_id=inbox,
                sentiment=sentiment,
                emotion=rnd.choice(EMOTIONS) if inbound else "",
                intent=rnd.choice(INTENTS) if inbound else "",
                customer_id=customer,
                polarity=POLARITY[sentiment] if inbound else None,
                churn=inbound and rnd.random() < 0.02,
            )

    def answer_rows() -> Iterator[SurveyFact]:
        scales = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10)}
        for i in range(answers):
            kind = ("csat", "nps", "ces")[i % 3]
            cid = rnd.randint(1, conversations)
            channel, team, inbox, _tags, _customer = convs[cid - 1]
            yield SurveyFact(
                response_id=i // 3 + 1,
                question_id=i % 3 + 1,
                kind=kind,
                score=rnd.randint(*scales[kind]),
                at=start + dt.timedelta(seconds=rnd.random() * span),
                conversation_id=cid,
                channel=channel,
                team_id=team,
                inbox_id=inbox,
            )

    def outcome_rows() -> Iterator[OutcomeFact]:
        for i in range(conversations // 10):
            yield OutcomeFact(
                event_id=i + 1,
                conversation_id=rnd.randint(1, conversations),
                kind=rnd.choice(("promise_kept", "promise_kept", "promise_broken")),
                at=start + dt.timedelta(seconds=rnd.random() * span),
            )

    timings = {}
    for name, model, rows in (
        ("conversations", ConversationFact, conversation_rows()),
        ("tags", ConversationTag, tag_rows()),
        ("messages", MessageFact, message_rows()),
        ("answers", SurveyFact, answer_rows()),
        ("outcomes", OutcomeFact, outcome_rows()),
    ):
        t0 = time.perf_counter()
        for batch in _batches(rows):
            with transaction.atomic():
                model.objects.bulk_create(batch, batch_size=2000)
        timings[f"insert_{name}_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    _problems(rnd, complaints, customer_ids, now)
    timings["insert_problems_s"] = round(time.perf_counter() - t0, 1)
    timings["insert_customers_s"] = insert_customers_s
    return {
        "conversations": conversations,
        "teams": teams,
        "tags": tags,
        "inboxes": list(inboxes.values()),
        "start": start,
        **timings,
    }


def _problems(rnd: random.Random, n: int, customer_ids: list[int], now: Any) -> None:
    """Real complaint messages (a conversation each, analysed) in problems over the last 8 weeks, each
    problem growing at its own rate, and the clustering's state past them (the page reads stored rows)."""
    from django.db import transaction

    from hamdel.conversations.models import Conversation, Message, MessageAnalysis
    from hamdel.insights.problems.models import Problem, ProblemMessage, ProblemState

    problems = [Problem.objects.create(label=text) for text in COMPLAINTS]
    base = (Conversation.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    rows = []
    for _ in range(n):
        k = rnd.randrange(len(COMPLAINTS))
        week = min(7, int(rnd.random() ** (1 / (1 + k % 4)) * 8))  # later weeks weigh more for some
        at = now - dt.timedelta(weeks=8 - week) + dt.timedelta(seconds=rnd.random() * 7 * 86400 - 60)
        rows.append((k, min(at, now - dt.timedelta(minutes=1))))
    for chunk in _batches(iter(rows)):
        with transaction.atomic():
            convs = Conversation.objects.bulk_create(
                [
                    Conversation(
                        number=base + j,
                        customer_id=rnd.choice(customer_ids),
                        channel="telegram",
                        status="resolved",
                        last_message_at=at,
                        last_inbound_at=at,
                        message_count=1,
                        preview=COMPLAINTS[k][:200],
                    )
                    for j, (k, at) in enumerate(chunk)
                ],
                batch_size=2000,
            )
            base += len(chunk)
            msgs = Message.objects.bulk_create(
                [
                    Message(
                        conversation=c,
                        direction="in",
                        text=f"{COMPLAINTS[k]} ({j})",
                        channel="telegram",
                        sent_at=at,
                    )
                    for j, (c, (k, at)) in enumerate(zip(convs, chunk, strict=True))
                ],
                batch_size=2000,
            )
            MessageAnalysis.objects.bulk_create(
                [
                    MessageAnalysis(
                        message=m,
                        sentiment="negative",
                        polarity=-0.5,
                        emotion="anger",
                        intent="service_quality",
                        urgency="normal",
                        language="fa",
                        model_version="bench",
                    )
                    for m in msgs
                ],
                batch_size=2000,
            )
            ProblemMessage.objects.bulk_create(
                [
                    ProblemMessage(
                        problem=problems[k], message=m, conversation=c, at=at, sentiment="negative"
                    )
                    for m, c, (k, at) in zip(msgs, convs, chunk, strict=True)
                ],
                batch_size=2000,
            )
    last = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ProblemState.objects.all().delete()
    ProblemState.objects.create(last_message_id=last, ran_at=now)


def reused() -> dict[str, Any]:
    """What `requests` needs from a database seeded by an earlier run (--reuse)."""
    from django.db.models import Min

    from hamdel.accounts.models import Team
    from hamdel.conversations.models import Tag
    from hamdel.insights.models import ConversationFact, MessageFact

    return {
        "conversations": ConversationFact.objects.count(),
        "messages": MessageFact.objects.count(),
        "teams": list(
            Team.objects.filter(name__startswith="تیم ").order_by("pk").values_list("pk", flat=True)
        ),
        "tags": list(
            Tag.objects.filter(name__startswith="برچسب ").order_by("pk").values_list("pk", flat=True)
        ),
        "start": ConversationFact.objects.aggregate(m=Min("opened_at"))["m"],
    }


def requests(world: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, path, query): every page and the API for the usual periods and filters."""
    import jdatetime

    from hamdel.insights.periods import local_today

    today = local_today()
    j = jdatetime.date.fromgregorian(date=today)
    last_month = f"{j.year}-{j.month - 1:02d}" if j.month > 1 else f"{j.year - 1}-12"
    season = f"{j.year}-{(j.month - 1) // 3 + 1}"
    year_ago = (today - dt.timedelta(days=365)).isoformat()
    periods = {
        "week": {"period": "week"},
        "month": {"period": "month"},
        "jmonth": {"period": "jmonth", "jmonth": last_month},
        "season": {"period": "season", "season": season},
        "year": {"period": "custom", "from": year_ago, "to": today.isoformat()},
        "today": {"period": "today"},
    }
    filters = {
        "all": {},
        "team": {"team": str(world["teams"][0])},
        "channel": {"channel": "telegram"},
        "tag": {"tag": str(world["tags"][0])},
    }
    out = []
    for page, path in (
        ("overview", "/insights/"),
        ("teams", "/insights/teams/"),
        ("channels", "/insights/channels/"),
        ("surveys", "/insights/surveys/"),
    ):
        for pq in periods.values():
            for fq in filters.values():
                out.append((f"page:{page}", path, {**pq, **fq}))
    for a, b in {
        "week": ((today - dt.timedelta(days=6)).isoformat(), today.isoformat()),
        "4weeks": ((today - dt.timedelta(days=27)).isoformat(), today.isoformat()),
        "quarter": ((today - dt.timedelta(days=90)).isoformat(), today.isoformat()),
        "year": (year_ago, today.isoformat()),
    }.values():
        for fq in ({}, {"channel": "telegram"}, filters["team"]):
            out.append(("api:summary", "/api/v1/insights/summary", {"from": a, "to": b, **fq}))
    for pq in (periods["week"], periods["month"], periods["season"]):
        out.append(("page:journey", "/insights/journey/", pq))
        out.append(("page:loyalty", "/insights/loyalty/", pq))  # its snapshot row (taken by the worker)
        # no snapshot yet: the page asks the worker (a task row) and answers "being prepared" at once
        out.append(("page:loyalty-cold", "/insights/loyalty/", pq))
    out.append(
        ("page:journey", "/insights/journey/", {**periods["month"], "stage": "delivery", "emotion": "anger"})
    )
    for weeks in ("4", "8"):
        out.append(("page:problems", "/insights/problems/", {"weeks": weeks}))
        out.append(("api:problems", "/api/v1/insights/problems", {"weeks": weeks}))
    out.append(("export:csv", "/insights/export.csv", {**periods["season"], "view": "overview"}))
    out.append(("export:xlsx", "/insights/export.xlsx", {**periods["season"], "view": "teams"}))
    return out


def _snapshot_forget(query: dict[str, str]) -> None:
    """Delete the loyalty snapshot of this period and the page's "already asked" marker, so the request
    finds none and enqueues the task (the cold path)."""
    from django.core.cache import cache

    from hamdel.insights.periods import period_from_query
    from hamdel.insights.problems.loyalty import LIST_LIMIT
    from hamdel.insights.problems.models import LoyaltySnapshot

    start, end = period_from_query(query).bounds()
    LoyaltySnapshot.objects.filter(period_start=start, period_end=end, limit=LIST_LIMIT).delete()
    cache.clear()


def _snapshots_take(plan: list[tuple[str, str, dict[str, str]]]) -> list[float]:
    """The worker's side: take the week / month / season snapshots (what the periodic task does); ms each."""
    from hamdel.insights.periods import period_from_query
    from hamdel.insights.problems.loyalty import loyalty_snapshot_take

    taken = []
    for query in [q for kind, _path, q in plan if kind == "page:loyalty"]:
        start, end = period_from_query(query).bounds()
        t = time.perf_counter()
        loyalty_snapshot_take(start=start, end=end)
        taken.append((time.perf_counter() - t) * 1000)
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--complaints", type=int, default=20_000, help="real complaint messages in problems")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep what an earlier run seeded (HAMDEL_DATA_DIR / HAMDEL_DATABASE_URL): rebuild, time",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="with --reuse: time the requests only")
    parser.add_argument("--only", default="", help="time only the requests whose kind starts with this")
    args = parser.parse_args()
    setup_django(flush=not args.reuse)
    from django.db import connection
    from django.test import Client

    from hamdel.accounts.models import Role, User
    from hamdel.accounts.services import user_create
    from hamdel.core.permissions import SYSTEM
    from hamdel.insights.models import DurationRollup, LabelRollup, Rollup
    from hamdel.insights.services import Rebuilt, insights_rebuild

    world = reused() if args.reuse else generate(args.messages, args.answers, args.days, args.complaints)
    print(f"generated: { {k: v for k, v in world.items() if k.startswith('insert_')} }", file=sys.stderr)
    t0 = time.perf_counter()
    since = world["start"].date() - dt.timedelta(days=1)
    if args.no_rebuild and args.reuse:
        done = Rebuilt(conversations=0, days=0, since=since)
    else:
        done = insights_rebuild(actor=SYSTEM, since=since, rollups_only=True)
    rebuild_s = round(time.perf_counter() - t0, 1)
    print(f"rebuilt {done.days} days in {rebuild_s} s", file=sys.stderr)
    if connection.vendor == "postgresql":  # what autovacuum does after a bulk change, without the wait:
        with connection.cursor() as cursor:  # statistics, and the visibility map index-only scans need
            cursor.execute("VACUUM ANALYZE")
    user = User.objects.filter(username="bench-lead").first() or user_create(
        username="bench-lead", password="s3cret-pass", role=Role.SUPERVISOR
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    samples: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}  # this process's CPU time: the load of a shared machine left out
    worst: dict[str, tuple[float, str]] = {}
    plan = [r for r in requests(world) if r[0].startswith(args.only)]
    take_ms = _snapshots_take(plan)  # the worker's periodic work, so the page has its snapshots
    for _kind, path, query in plan:  # warm-up: templates, caches, the first connection
        client.get(path, query)
    take_ms += _snapshots_take(plan)  # fresh again for the timed rounds (at most 5 minutes old)
    for _round in range(args.repeat):
        for kind, path, query in plan:
            if kind.endswith("-cold"):
                _snapshot_forget(query)
            t, c = time.perf_counter(), time.process_time()
            response = client.get(path, query)
            ms = (time.perf_counter() - t) * 1000
            cpu.setdefault(kind, []).append((time.process_time() - c) * 1000)
            assert response.status_code == 200, (path, query, response.status_code)
            samples.setdefault(kind, []).append(ms)
            if ms > worst.get(kind, (0.0, ""))[0]:
                worst[kind] = (round(ms, 1), json.dumps(query, ensure_ascii=False))
    from django_tasks_db.models import DBTaskResult  # the cold pages' requests to the worker: not left

    DBTaskResult.objects.filter(task_path__endswith="prepare_loyalty").delete()
    every = [ms for values in samples.values() for ms in values]
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "messages": args.messages,
                "answers": args.answers,
                "conversations": world["conversations"],
                **{k: v for k, v in world.items() if k.startswith("insert_")},
                "rebuild_days": done.days,
                "rebuild_s": rebuild_s,
                "rollup_rows": Rollup.objects.count(),
                "label_rows": LabelRollup.objects.count(),
                "duration_rows": DurationRollup.objects.count(),
                "requests": len(every),
                "loyalty_snapshot_take_ms": percentiles(take_ms),  # the worker's cost per period
                "load_average": os.getloadavg(),
                "all": percentiles(every),
                "all_cpu": percentiles([ms for values in cpu.values() for ms in values]),
                "by_kind": {
                    k: {**percentiles(v), "cpu": percentiles(cpu[k]), "n": len(v), "slowest": worst[k]}
                    for k, v in samples.items()
                },
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
