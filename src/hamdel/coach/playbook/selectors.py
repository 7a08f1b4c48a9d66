"""Playbook reads: one entry, the list, and the Persian search (core.search) over the active entries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core import search
from hamdel.core.errors import NotFound
from hamdel.core.permissions import SYSTEM, Perm, require

INDEX = "coach.playbook"
WEIGHTS = {"title": 3.0, "phrasings": 2.0, "tags": 1.0, "answer": 1.0}
SHORT_FIELDS = ("title", "phrasings")
# An inbound message suggests an entry when the top hit's `match` (share of its objection or of one
# phrasing found in the message) reaches this; measured on data/playbook/match-eval.jsonl
# (docs/benchmarks.md, "Objection playbook").
SUGGEST_MATCH = 0.6
# Hits under this share of the best one's score are a stray shared word («کم» in «یه کم وقت می‌خوام»); left
# out, the lists get shorter (3.95 → 2.47 hits a query on the eval) and hit@3 stays 0.950.
MIN_SCORE = 0.3


@dataclass(frozen=True)
class Found:
    entry: PlaybookEntry
    hit: search.Hit

    @property
    def snippet(self) -> str:
        """The phrasing or the part of the answer that matched; the answer's start when the title or a tag
        matched (the title is shown beside it anyway)."""
        if self.hit.field in ("phrasings", "answer"):
            return self.hit.snippet
        return search.cut(self.entry.answer, 0)


def playbook_entry_by_id(*, actor: Any, entry_id: int) -> PlaybookEntry:
    """One entry for staff; 404 in Persian when unknown."""
    require(actor, Perm.CONVERSATION_VIEW)
    entry = PlaybookEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("No such playbook entry."), {"id": entry_id})
    return entry


def playbook_list(
    *, actor: Any, product_line: str = "", include_inactive: bool = True
) -> QuerySet[PlaybookEntry]:
    """Every entry (inactive ones too by default), by product line and objection."""
    require(actor, Perm.CONVERSATION_VIEW)
    qs = PlaybookEntry.objects.all()
    if product_line:
        qs = qs.filter(product_line=product_line)
    if not include_inactive:
        qs = qs.filter(active=True)
    return qs.order_by("product_line", "title", "id")


def playbook_product_lines() -> list[str]:
    return list(
        PlaybookEntry.objects.exclude(product_line="")
        .order_by("product_line")
        .values_list("product_line", flat=True)
        .distinct()
    )


def _version() -> tuple[Any, ...]:
    """Changes with every create, edit (updated_at) and delete (count): a search after a change sees it."""
    agg = PlaybookEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (agg["n"], agg["last"], agg["top"])


def _build(*, include_inactive: bool) -> search.SearchIndex:
    qs = PlaybookEntry.objects.all() if include_inactive else PlaybookEntry.objects.filter(active=True)
    docs = [
        (pk, {"title": title, "phrasings": phrasings, "tags": tags, "answer": answer})
        for pk, title, phrasings, tags, answer in qs.values_list("id", "title", "phrasings", "tags", "answer")
    ]
    return search.SearchIndex(docs, weights=WEIGHTS, short_fields=SHORT_FIELDS)


def playbook_index(*, include_inactive: bool = False) -> search.SearchIndex:
    """The agents' index holds active entries only; the team lead's page also finds switched-off ones."""
    name = f"{INDEX}.all" if include_inactive else INDEX
    return search.cached(name, _version(), partial(_build, include_inactive=include_inactive))


def playbook_search(
    *, actor: Any, q: str, limit: int = 10, product_line: str = "", include_inactive: bool = False
) -> list[Found]:
    """Entries matching `q`, best first, within one product line when given (staff, or Hamdel itself)."""
    require(actor, Perm.CONVERSATION_VIEW)
    limit = max(1, min(limit, 50))
    index = playbook_index(include_inactive=include_inactive)
    hits = index.search(q, limit=len(index) if product_line else limit)
    entries = PlaybookEntry.objects.in_bulk([h.id for h in hits])
    found = [
        Found(entries[h.id], h)
        for h in hits
        if h.score >= MIN_SCORE and h.id in entries and (include_inactive or entries[h.id].active)
    ]
    if product_line:
        found = [f for f in found if f.entry.product_line == product_line]
    return found[:limit]


def playbook_suggest(*, text: str) -> Found | None:
    """The entry an inbound message voices, when one clearly does (see SUGGEST_MATCH), else None."""
    found = playbook_search(actor=SYSTEM, q=text, limit=1)
    if found and found[0].hit.match >= SUGGEST_MATCH:
        return found[0]
    return None
