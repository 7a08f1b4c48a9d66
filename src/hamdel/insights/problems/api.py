"""The problems API (mounted under /api/v1/): the ranked problems, and a supervisor's changes. Thin."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hamdel.insights.problems import selectors, services

router = Router(tags=["insights"])


class ExampleOut(Schema):
    message_id: int
    text: str


class ProblemOut(Schema):
    id: int
    label: str
    count: int
    weekly: list[int] = Field(description="complaints per week, oldest first, by the customer's sent time")
    growth: float = Field(description="the last week against the mean of the earlier ones (1.0 = doubled)")
    examples: list[ExampleOut]


class WeeksQuery(Schema):
    weeks: int = Field(4, description="how many 7-day weeks, ending now (1–26)")


class NameIn(Schema):
    name: str = Field("", description="empty brings back the automatic label")


class MergeIn(Schema):
    into_id: int


class FixedIn(Schema):
    fixed: bool = True


class ChangedOut(Schema):
    id: int
    label: str
    status: str


def _changed(problem: Any) -> dict[str, Any]:
    return {"id": problem.pk, "label": problem.title, "status": problem.status}


@router.get("/insights/problems", response=list[ProblemOut], summary="Recurring problems, growing ones first")
def problems(request: HttpRequest, query: Query[WeeksQuery]) -> list[dict[str, Any]]:
    return [row.api() for row in selectors.problems_ranked(actor=request.user, weeks=query.weeks)]


@router.post("/insights/problems/{problem_id}/name", response=ChangedOut, summary="Name a problem")
def problem_name(request: HttpRequest, problem_id: int, body: NameIn) -> dict[str, Any]:
    return _changed(services.problem_name(actor=request.user, problem_id=problem_id, name=body.name))


@router.post(
    "/insights/problems/{problem_id}/merge", response=ChangedOut, summary="Merge into another problem"
)
def problem_merge(request: HttpRequest, problem_id: int, body: MergeIn) -> dict[str, Any]:
    return _changed(services.problem_merge(actor=request.user, problem_id=problem_id, into_id=body.into_id))


@router.post(
    "/insights/problems/{problem_id}/split", response=list[ChangedOut], summary="Split a problem in two"
)
def problem_split(request: HttpRequest, problem_id: int) -> list[dict[str, Any]]:
    return [_changed(p) for p in services.problem_split(actor=request.user, problem_id=problem_id)]


@router.post(
    "/insights/problems/{problem_id}/fixed", response=ChangedOut, summary="Mark the root cause fixed"
)
def problem_fixed(request: HttpRequest, problem_id: int, body: FixedIn) -> dict[str, Any]:
    return _changed(services.problem_mark_fixed(actor=request.user, problem_id=problem_id, fixed=body.fixed))
