"""The playbook API (mounted under /api/v1/): search for agents, CRUD for supervisors. Thin."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hamdel.coach.playbook import selectors, services
from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core.api_types import DbId

router = Router(tags=["coach"])


class SearchHitOut(Schema):
    id: int
    title: str
    answer: str
    snippet: str
    score: float = Field(..., description="0–1, the best hit of the query scores 1")
    match: float = Field(..., description="0–1, how much of the objection (or one phrasing) the query holds")
    evidence: str
    product_line: str


class SearchParams(Schema):
    q: str = Field("", max_length=20_000)
    limit: int = Field(10, ge=1, le=50)
    product_line: str = ""


class EntryOut(Schema):
    id: int
    title: str
    phrasings: list[str]
    answer: str
    evidence: str
    product_line: str
    tags: list[str]
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


# Loose types on purpose: the action checks every field and names each bad one in Persian.
class EntryIn(Schema):
    title: str | None = None
    phrasings: list[str] | str | None = None
    answer: str | None = None
    evidence: str | None = None
    product_line: str | None = None
    tags: list[str] | str | None = None
    active: bool | None = None


def _given(body: EntryIn) -> dict[str, object]:
    return body.model_dump(exclude_unset=True)


@router.get("/playbook/search", response=list[SearchHitOut])
def search_playbook(request: HttpRequest, params: Query[SearchParams]) -> list[dict[str, object]]:
    """Active entries for what the customer said, best first; an empty query finds nothing."""
    found = selectors.playbook_search(
        actor=request.user, q=params.q, limit=params.limit, product_line=params.product_line
    )
    return [
        {
            "id": f.entry.pk,
            "title": f.entry.title,
            "answer": f.entry.answer,
            "snippet": f.snippet,
            "score": f.hit.score,
            "match": f.hit.match,
            "evidence": f.entry.evidence,
            "product_line": f.entry.product_line,
        }
        for f in found
    ]


@router.get("/playbook", response=list[EntryOut])
def list_playbook(request: HttpRequest, product_line: str = "") -> object:
    """Every entry (inactive ones too), by product line and objection."""
    return selectors.playbook_list(actor=request.user, product_line=product_line)


@router.post("/playbook", response={201: EntryOut})
def create_playbook_entry(request: HttpRequest, body: EntryIn) -> tuple[int, PlaybookEntry]:
    return 201, services.playbook_entry_create(actor=request.user, data=_given(body))


@router.get("/playbook/{playbook_entry_id}", response=EntryOut)
def get_playbook_entry(request: HttpRequest, playbook_entry_id: DbId) -> PlaybookEntry:
    return selectors.playbook_entry_by_id(actor=request.user, entry_id=playbook_entry_id)


@router.patch("/playbook/{playbook_entry_id}", response=EntryOut)
def patch_playbook_entry(request: HttpRequest, playbook_entry_id: DbId, body: EntryIn) -> PlaybookEntry:
    """Change the fields given; one bad field and nothing changes."""
    entry = selectors.playbook_entry_by_id(actor=request.user, entry_id=playbook_entry_id)
    return services.playbook_entry_update(actor=request.user, entry=entry, data=_given(body))


@router.delete("/playbook/{playbook_entry_id}", response={204: None})
def delete_playbook_entry(request: HttpRequest, playbook_entry_id: DbId) -> tuple[int, None]:
    entry = selectors.playbook_entry_by_id(actor=request.user, entry_id=playbook_entry_id)
    services.playbook_entry_delete(actor=request.user, entry=entry)
    return 204, None
