"""Refresh, name, merge, split, fixed and regression against the database, as a supervisor meets them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hamdel.core.errors import ApplicationError, Forbidden
from hamdel.core.models import AuditLog
from hamdel.insights.problems import selectors, services
from hamdel.insights.problems.models import Problem, ProblemMessage, ProblemState, ProblemStatus

BATTERY = ["باتری گوشی باد کرده و داغ می‌شود", "باتری گوشی جدیدم باد کرده", "گوشی داغ میشه، باتری باد کرده"]
PRINT = ["کتاب کج چاپ شده، صفحه‌ها ناخوانا", "چاپ کتاب کج و ناخواناست", "صفحه‌های کتاب کج چاپ شده"]


def _send(inbound, texts, *, days_ago: float = 1.0) -> list[int]:
    at = timezone.now() - dt.timedelta(days=days_ago)
    return [inbound(t, address=f"p{abs(hash(t)) % 10**6}@example.ir", sent_at=at).message_id for t in texts]


def _snapshot() -> list[tuple[str, list[int]]]:
    return [
        (p.label, sorted(ProblemMessage.objects.filter(problem=p).values_list("message_id", flat=True)))
        for p in Problem.objects.order_by("pk")
    ]


def test_rerun_from_scratch_gives_the_same_problems_and_a_second_run_changes_nothing(inbound, lead) -> None:
    _send(inbound, [*BATTERY, "ساعت کاری؟", *PRINT])
    services.problems_refresh()
    first = _snapshot()
    assert len(first) == 2
    services.problems_refresh()
    assert _snapshot() == first
    ProblemMessage.objects.all().delete()
    Problem.objects.all().delete()
    ProblemState.objects.all().delete()
    services.problems_refresh()
    assert [s for s in _snapshot()] == first


def test_new_complaints_join_the_existing_problem(inbound) -> None:
    _send(inbound, BATTERY)
    services.problems_refresh()
    problem = Problem.objects.get()
    (new,) = _send(inbound, ["باز هم باتری گوشی باد کرد"])
    result = services.problems_refresh()
    assert result.created == 0
    assert ProblemMessage.objects.get(message_id=new).problem == problem
    assert Problem.objects.count() == 1


def test_growing_problem_ranks_above_a_bigger_flat_one(inbound, lead) -> None:
    for week in range(4):
        _send(inbound, PRINT, days_ago=7 * (3 - week) + 1)  # 3 a week, flat
    for week, n in enumerate((0, 1, 2, 4)):
        _send(inbound, (BATTERY * 2)[:n], days_ago=7 * (3 - week) + 1)
    rows = selectors.problems_ranked(actor=lead, weeks=4)
    assert [r.weekly for r in rows] == [[0, 1, 2, 4], [3, 3, 3, 3]]
    assert rows[0].growth == 3.0  # 4 against the mean 1 of the weeks before
    assert rows[1].growth == 0.0
    assert selectors.growth_of([3, 3, 3, 3]) == 0.0
    assert selectors.growth_of([1, 3, 6, 10]) == 2.0


def test_merge_then_split_gives_the_two_problems_back(inbound, lead) -> None:
    battery_ids = _send(inbound, BATTERY)
    print_ids = _send(inbound, PRINT)
    services.problems_refresh()
    battery = ProblemMessage.objects.get(message_id=battery_ids[0]).problem
    printing = ProblemMessage.objects.get(message_id=print_ids[0]).problem
    merged = services.problem_merge(actor=lead, problem_id=printing.pk, into_id=battery.pk)
    assert merged.members.count() == 6
    printing.refresh_from_db()
    assert printing.status == ProblemStatus.MERGED and printing.merged_into == battery
    assert AuditLog.objects.filter(action="problem.merged").exists()
    kept, other = services.problem_split(actor=lead, problem_id=battery.pk)
    assert sorted(kept.members.values_list("message_id", flat=True)) == sorted(battery_ids)
    assert sorted(other.members.values_list("message_id", flat=True)) == sorted(print_ids)


def test_fixed_problem_counts_new_matches_as_regressions(inbound, lead) -> None:
    _send(inbound, BATTERY)
    services.problems_refresh()
    problem = services.problem_mark_fixed(actor=lead, problem_id=Problem.objects.get().pk)
    (new,) = _send(inbound, ["دوباره باتری گوشی باد کرده"], days_ago=-0.01)
    services.problems_refresh()
    member = ProblemMessage.objects.get(message_id=new)
    assert member.problem == problem and member.regression
    assert ProblemMessage.objects.filter(regression=True).count() == 1
    row = selectors.problems_ranked(actor=lead, weeks=1, refresh=False)[0]
    assert row.regressions == 1 and row.status == ProblemStatus.FIXED


def test_an_agent_cannot_change_problems_and_nothing_changes(inbound, agent) -> None:
    _send(inbound, BATTERY)
    services.problems_refresh()
    problem = Problem.objects.get()
    with pytest.raises(Forbidden):
        services.problem_name(actor=agent, problem_id=problem.pk, name="x")
    problem.refresh_from_db()
    assert problem.name == ""


def test_bad_requests_are_named(lead) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.problem_merge(actor=lead, problem_id=1, into_id=1)
    assert exc.value.extra == {"into_id": 1}
    with pytest.raises(ApplicationError) as missing:
        services.problem_name(actor=lead, problem_id=999, name="x")
    assert missing.value.status == 404


def test_what_counts_as_a_complaint(inbound) -> None:
    from hamdel.conversations.models import MessageAnalysis

    ids = _send(
        inbound, ["پیام خوانده‌نشده", "دستتان درد نکند، رسید", "بسته دیر رسید", "ممنون ولی دیگر نمی‌خرم"]
    )
    for pk, (sentiment, intent, churn) in zip(
        ids[1:],
        (("negative", "praise", False), ("neutral", "delivery_delay", False), ("negative", "praise", True)),
        strict=True,
    ):
        MessageAnalysis.objects.create(
            message_id=pk,
            sentiment=sentiment,
            polarity=-0.5,
            emotion="neutral",
            intent=intent,
            urgency="normal",
            language="fa",
            model_version="test",
            churn_risk=churn,
        )
    assert set(services.complaints().values_list("pk", flat=True)) == {ids[0], ids[2], ids[3]}
