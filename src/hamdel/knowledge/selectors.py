"""Knowledge reads: one article (staff or public), the lists, and the Persian search (core.search).

`article_search` is the one search over articles: the staff API, the composer panel, the public help centre
and the bot all call it. The ranking itself is `hamdel.core.search` (normalised words + letter triples);
this module only decides what each caller may see and turns hits into `ArticleHit`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hamdel.core import search, vectors
from hamdel.core.errors import NotFound
from hamdel.core.permissions import Perm, can, require
from hamdel.knowledge.markdown import plain
from hamdel.knowledge.models import Article, ArticleVote, Category, SearchMiss, Visibility

__all__ = [
    "ArticleHit",
    "article_get",
    "article_get_public",
    "article_list",
    "article_search",
    "article_url",
]

INDEX = "knowledge.articles"
WEIGHTS = {"title": 3.0, "questions": 2.0, "tags": 1.0, "body": 1.0}
SHORT_FIELDS = ("title", "questions")
MAX_LIMIT = 50


@dataclass(frozen=True)
class ArticleHit:
    """One search result: `url` is the help-centre page of a public article, the staff page otherwise;
    `score` is 0–1 (the best hit of the query scores 1)."""

    id: int
    title: str
    slug: str
    url: str
    snippet: str
    score: float
    visibility: str = Visibility.PUBLIC


def article_url(article: Article | None = None, *, pk: int = 0, slug: str = "", visibility: str = "") -> str:
    """Where a reader opens the article: the help centre for public ones, the staff page for the others."""
    if article is not None:
        pk, slug, visibility = article.pk, article.slug, article.visibility
    if visibility == Visibility.PUBLIC:
        return reverse("help:article", args=[slug])
    return reverse("knowledge:article", args=[pk])


def _not_found(article_id: Any) -> NotFound:
    return NotFound(_("No such article."), {"id": article_id}, code="not_found")


def article_get(*, actor: Any, article_id: int) -> Article:
    """Any article for staff (drafts too: they are proposals to review); 404 in Persian when unknown."""
    require(actor, Perm.CONVERSATION_VIEW)
    article = (
        Article.objects.select_related("category", "author", "published_by").filter(pk=article_id).first()
    )
    if article is None:
        raise _not_found(article_id)
    return article


def article_get_public(*, slug: str) -> Article:
    """A public article by its address; internal and draft ones do not exist for the public (404)."""
    article = (
        Article.objects.select_related("category").filter(slug=slug, visibility=Visibility.PUBLIC).first()
    )
    if article is None:
        raise NotFound(_("No such article."), {"slug": slug}, code="not_found")
    return article


def article_list(
    *,
    actor: Any,
    visibility: str = "",
    category_id: int | None = None,
    q: str = "",
    author_id: int | None = None,
) -> QuerySet[Article]:
    """The staff list, newest change first, with the filters of the /kb/ page."""
    require(actor, Perm.CONVERSATION_VIEW)
    qs = Article.objects.select_related("category", "author")
    if visibility in Visibility.values:
        qs = qs.filter(visibility=visibility)
    else:  # archived articles show only when asked for
        qs = qs.exclude(visibility=Visibility.ARCHIVED)
    if category_id:
        qs = qs.filter(category_id=category_id)
    if author_id:
        qs = qs.filter(author_id=author_id)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(slug__icontains=q.strip()))
    return qs.order_by("-updated_at", "-id")


def category_get(*, actor: Any, category_id: int) -> Category:
    """One shelf for staff; 404 in Persian when unknown."""
    require(actor, Perm.CONVERSATION_VIEW)
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFound(_("No such category."), {"id": category_id}, code="not_found")
    return category


def category_rows(*, actor: Any) -> QuerySet[Category]:
    """Every shelf with its article counts (all, public), in help-centre order, for the staff page and API."""
    require(actor, Perm.CONVERSATION_VIEW)
    return Category.objects.annotate(
        n_articles=Count("articles", filter=~Q(articles__visibility=Visibility.ARCHIVED)),
        n_public=Count("articles", filter=Q(articles__visibility=Visibility.PUBLIC)),
    ).order_by("order", "name", "id")


def categories(*, with_public_counts: bool = False) -> QuerySet[Category]:
    qs = Category.objects.all()
    if with_public_counts:
        qs = qs.annotate(n=Count("articles", filter=Q(articles__visibility=Visibility.PUBLIC)))
    return qs.order_by("order", "name", "id")


def public_articles(*, category: Category | None = None) -> QuerySet[Article]:
    qs = Article.objects.filter(visibility=Visibility.PUBLIC).select_related("category")
    if category is not None:
        qs = qs.filter(category=category)
    return qs.order_by("title", "id")


def related_public(*, article: Article) -> list[Article]:
    return list(article.related.filter(visibility=Visibility.PUBLIC).order_by("title")[:8])


# --- search ------------------------------------------------------------------------------------------------


def _scope(public_only: bool) -> Q:
    if public_only:
        return Q(visibility=Visibility.PUBLIC)
    return Q(visibility__in=[Visibility.PUBLIC, Visibility.INTERNAL, Visibility.DRAFT])


def _version(public_only: bool) -> tuple[Any, ...]:
    """Changes with every create or edit (the last updated_at) and delete or unpublish (the count) of the
    rows this index holds. Two queries, each answered from an index (kb_article_vis_updated, visibility):
    measured 2–3 ms at 10,000 articles where one aggregate of both read the table (~9 ms)."""
    rows = Article.objects.filter(_scope(public_only))
    return (rows.count(), rows.aggregate(last=Max("updated_at"))["last"])


def _build(public_only: bool) -> search.SearchIndex:
    rows = Article.objects.filter(_scope(public_only)).values_list("id", "title", "questions", "tags", "body")
    docs = [
        (pk, {"title": title, "questions": questions, "tags": tags, "body": plain(body)})
        for pk, title, questions, tags, body in rows.iterator(chunk_size=2000)
    ]
    # With e5 vectors of each title and phrasing (core.vectors; measured in docs/benchmarks.md).
    return vectors.embedded_index(docs, weights=WEIGHTS, short_fields=SHORT_FIELDS, embed_fields=SHORT_FIELDS)


def article_index(*, public_only: bool) -> search.SearchIndex:
    """This process's index of public articles (help centre, bot) or of every article (staff)."""
    name = f"{INDEX}.public" if public_only else f"{INDEX}.all"
    return search.cached(name, _version(public_only), partial(_build, public_only))


def article_search(*, actor: Any, query: str, limit: int = 10, public_only: bool) -> list[ArticleHit]:
    """Articles answering `query`, best first. `public_only=True` never returns an internal or draft
    article (help centre, bot; `actor` may be None there); staff searches need a staff actor. An empty
    query finds nothing; a very long one is read up to `search.MAX_QUERY` characters."""
    if not public_only:
        require(actor, Perm.CONVERSATION_VIEW)
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not query or not query.strip():
        return []
    index = article_index(public_only=public_only)
    hits = index.search(query, limit=limit)
    if not hits:
        return []
    rows = {
        pk: (title, slug, visibility)
        for pk, title, slug, visibility in Article.objects.filter(
            _scope(public_only), pk__in=[h.id for h in hits]
        ).values_list("id", "title", "slug", "visibility")
    }
    found = []
    for hit in hits:
        row = rows.get(hit.id)  # type: ignore[call-overload]
        if row is None:  # changed since the index was built (unpublished a moment ago): never shown
            continue
        title, slug, visibility = row
        found.append(
            ArticleHit(
                id=int(hit.id),  # type: ignore[call-overload]
                title=title,
                slug=slug,
                url=article_url(pk=int(hit.id), slug=slug, visibility=visibility),  # type: ignore[call-overload]
                snippet=hit.snippet,
                score=hit.score,
                visibility=visibility,
            )
        )
    return found


# --- staff summaries ---------------------------------------------------------------------------------


def vote_summary(*, article: Article) -> dict[str, Any]:
    """The helpful counts and the latest reasons visitors gave (newest first)."""
    reasons = list(
        ArticleVote.objects.filter(article=article)
        .exclude(reason="")
        .order_by("-updated_at")
        .values("helpful", "reason", "updated_at")[:10]
    )
    total = article.helpful_yes + article.helpful_no
    share = round(100 * article.helpful_yes / total) if total else None
    return {"yes": article.helpful_yes, "no": article.helpful_no, "share": share, "reasons": reasons}


def search_misses(*, actor: Any, limit: int = 100) -> QuerySet[SearchMiss]:
    """What customers could not find: most asked first, then most recent."""
    require(actor, Perm.CONVERSATION_VIEW)
    return SearchMiss.objects.order_by("-misses", "-contacts", "-last_seen")[:limit]


def can_publish(actor: Any) -> bool:
    return can(actor, Perm.KB_PUBLISH)
