"""The knowledge-base API (mounted under /api/v1/kb/): articles for staff, and the one Persian search."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hamdel.core.api_types import DbId
from hamdel.knowledge import selectors, services
from hamdel.knowledge.models import Article, Category

router = Router(tags=["knowledge"])


class ArticleCreatedOut(Schema):
    id: int
    slug: str
    url: str
    visibility: str


class ArticleOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    body: str
    body_html: str = Field(..., description="the body rendered to safe HTML (raw HTML and scripts are inert)")
    category: str | None
    category_id: int | None
    tags: list[str]
    questions: list[str]
    visibility: str
    related: list[int]
    author: str | None
    helpful_yes: int
    helpful_no: int
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None


# Loose types on purpose: the action checks every field and names each bad one in Persian.
class ArticleIn(Schema):
    title: str | None = None
    body: str | None = None
    category: int | str | None = None
    tags: list[str] | str | None = None
    visibility: str | None = None
    questions: list[str] | str | None = None
    related: list[DbId] | None = None


class FromMessageIn(Schema):
    message_id: DbId


class SearchParams(Schema):
    q: str = Field("", max_length=20_000, description="read up to 4,000 characters; empty finds nothing")
    limit: int = Field(10, ge=1, le=50)
    public_only: bool = Field(False, description="search as the help centre does (public articles only)")


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    snippet: str
    score: float = Field(..., description="0–1, the best hit of the query scores 1")


def _out(article: Article) -> dict[str, object]:
    from hamdel.knowledge.markdown import render

    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "url": selectors.article_url(article),
        "body": article.body,
        "body_html": render(article.body),
        "category": article.category.name if article.category else None,
        "category_id": article.category_id,
        "tags": article.tags,
        "questions": article.questions,
        "visibility": article.visibility,
        "related": sorted(article.related.values_list("id", flat=True)),
        "author": (article.author.get_full_name() or article.author.get_username())
        if article.author
        else None,
        "helpful_yes": article.helpful_yes,
        "helpful_no": article.helpful_no,
        "version": article.versions.count(),
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "published_at": article.published_at,
    }


def _created(article: Article) -> tuple[int, dict[str, object]]:
    return 201, {
        "id": article.pk,
        "slug": article.slug,
        "url": selectors.article_url(article),
        "visibility": article.visibility,
    }


@router.post("/articles", response={201: ArticleCreatedOut})
def create_article(request: HttpRequest, body: ArticleIn) -> tuple[int, dict[str, object]]:
    """A new article; a draft unless a supervisor or admin asks for `public` or `internal` (an agent asking
    that is refused with 403 and nothing is saved)."""
    return _created(services.article_create(actor=request.user, data=body.model_dump(exclude_unset=True)))


@router.post("/articles/from-message", response={201: ArticleCreatedOut})
def article_from_message(request: HttpRequest, body: FromMessageIn) -> tuple[int, dict[str, object]]:
    """Turn an agent's reply into a draft article (question from the customer's message before it)."""
    return _created(services.article_from_message(actor=request.user, message_id=body.message_id))


@router.get("/articles/{article_id}", response=ArticleOut)
def get_article(request: HttpRequest, article_id: DbId) -> dict[str, object]:
    return _out(selectors.article_get(actor=request.user, article_id=article_id))


@router.patch("/articles/{article_id}", response=ArticleOut)
def patch_article(request: HttpRequest, article_id: DbId, body: ArticleIn) -> dict[str, object]:
    """Change the fields given (a new version); one bad field and nothing changes. Agents change drafts
    only; publishing and editing a published article is for supervisors and admins."""
    article = selectors.article_get(actor=request.user, article_id=article_id)
    data = body.model_dump(exclude_unset=True)
    return _out(services.article_update(actor=request.user, article=article, data=data))


@router.delete("/articles/{article_id}", response={204: None})
def delete_article(request: HttpRequest, article_id: DbId) -> tuple[int, None]:
    """Delete a draft that was never published (its author, or a publisher). A published article answers
    409 `article_was_published`: archive it instead (PATCH `visibility: "archived"`)."""
    article = selectors.article_get(actor=request.user, article_id=article_id)
    services.article_delete(actor=request.user, article=article)
    return 204, None


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    order: int
    articles: int = Field(..., description="articles on the shelf that are not archived")
    public_articles: int


# Loose types on purpose: the action checks every field and names each bad one in Persian.
class CategoryIn(Schema):
    name: str | None = None
    description: str | None = None
    order: int | str | None = None


def _category_out(category: Category) -> dict[str, object]:
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "order": category.order,
        "articles": category.n_articles,  # type: ignore[attr-defined]
        "public_articles": category.n_public,  # type: ignore[attr-defined]
    }


def _counted(request: HttpRequest, category: Category) -> dict[str, object]:
    return _category_out(selectors.category_rows(actor=request.user).get(pk=category.pk))


@router.get("/categories", response=list[CategoryOut])
def list_categories(request: HttpRequest) -> list[dict[str, object]]:
    """The help centre's shelves in their order, with article counts."""
    return [_category_out(c) for c in selectors.category_rows(actor=request.user)]


@router.post("/categories", response={201: CategoryOut})
def create_category(request: HttpRequest, body: CategoryIn) -> tuple[int, dict[str, object]]:
    """A new shelf (supervisors and admins); the name must be unused."""
    data = body.model_dump(exclude_unset=True)
    return 201, _counted(request, services.category_create(actor=request.user, data=data))


@router.patch("/categories/{category_id}", response=CategoryOut)
def patch_category(request: HttpRequest, category_id: DbId, body: CategoryIn) -> dict[str, object]:
    """Rename, describe or reorder a shelf; its address stays so shared links keep working."""
    category = selectors.category_get(actor=request.user, category_id=category_id)
    data = body.model_dump(exclude_unset=True)
    return _counted(request, services.category_update(actor=request.user, category=category, data=data))


@router.delete("/categories/{category_id}", response={204: None})
def delete_category(request: HttpRequest, category_id: DbId) -> tuple[int, None]:
    """Remove a shelf; its articles stay, without a category."""
    category = selectors.category_get(actor=request.user, category_id=category_id)
    services.category_delete(actor=request.user, category=category)
    return 204, None


@router.get("/search", response=list[SearchHitOut])
def search_articles(request: HttpRequest, params: Query[SearchParams]) -> list[dict[str, object]]:
    """Articles for a question, best first: staff see internal and draft ones too unless `public_only`."""
    hits = selectors.article_search(
        actor=request.user, query=params.q, limit=params.limit, public_only=params.public_only
    )
    return [
        {"id": h.id, "title": h.title, "url": h.url, "snippet": h.snippet, "score": h.score} for h in hits
    ]
