"""The public help centre at /help/: anonymous, public articles only, search as you type, helpful votes and
"still need help?" that opens the chat or the web form with the search text carried over. Thin."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.connectors.models import Inbox
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.ratelimit import over_limit
from hamdel.knowledge import selectors, services
from hamdel.knowledge.markdown import render as render_markdown
from hamdel.knowledge.models import Article, Category

MAX_Q = 200  # characters of a help-centre query kept (the search itself reads up to 4,000)
VISITOR = "kb_visitor"
LAST_MISS = "kb_last_miss"


def _visitor(request: HttpRequest) -> str:
    """An anonymous id for this browser session: one vote per visitor and article."""
    visitor = request.session.get(VISITOR)
    if not visitor:
        visitor = secrets.token_hex(16)
        request.session[VISITOR] = visitor
    return str(visitor)


def _log_miss(request: HttpRequest, q: str) -> None:
    """Remember a search that found nothing (one row per normalised query, prefixes while typing merged)."""
    if over_limit(request, "kb-miss", per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR * 10):
        return
    row = services.search_miss_record(query=q, replaces=request.session.get(LAST_MISS, ""))
    if row is not None:
        request.session[LAST_MISS] = row.key


def _contact_targets() -> dict[str, str]:
    """The first active chat and web-form inboxes: where "still need help?" sends the visitor."""
    found: dict[str, str] = {}
    for kind, key in (
        Inbox.objects.filter(is_active=True, kind__in=("chat", "web_form"))
        .order_by("id")
        .values_list("kind", "key")
    ):
        found.setdefault(kind, key)
    return found


def _search(q: str, limit: int = 10) -> list[selectors.ArticleHit]:
    return selectors.article_search(actor=None, query=q[:MAX_Q], limit=limit, public_only=True)


def home(request: HttpRequest) -> HttpResponse:
    """Categories, the search box and, with `?q=`, the results (a search without JavaScript)."""
    q = request.GET.get("q", "").strip()[:MAX_Q]
    hits = _search(q, 20) if q else []
    if q and not hits:
        _log_miss(request, q)
    context = {
        "q": q,
        "hits": hits,
        "categories": [c for c in selectors.categories(with_public_counts=True) if c.n],  # type: ignore[attr-defined]
        "recent": selectors.public_articles().order_by("-published_at", "-id")[:6],
        "contact": _contact_targets(),
    }
    return render(request, "knowledge/help/home.html", context)


def search_json(request: HttpRequest) -> JsonResponse:
    """Public: `[{"id","title","url","snippet","score"}]` best first, public articles only (as you type).
    An empty query answers `[]`; a long one is cut. A miss is logged for "what customers could not find"."""
    q = request.GET.get("q", "").strip()
    try:
        limit = max(1, min(int(request.GET.get("limit", "8")), 20))
    except ValueError:
        limit = 8
    hits = _search(q, limit) if q else []
    if q and not hits:
        _log_miss(request, q[:MAX_Q])
    data = [
        {"id": h.id, "title": h.title, "url": h.url, "snippet": h.snippet, "score": h.score} for h in hits
    ]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(_("No such category."))
    articles = selectors.public_articles(category=found)
    context = {"category": found, "articles": articles, "contact": _contact_targets(), "q": ""}
    return render(request, "knowledge/help/category.html", context)


def _public(slug: str) -> Article:
    try:
        return selectors.article_get_public(slug=slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _article_page(
    request: HttpRequest, found: Article, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "a": found,
        "html": render_markdown(found.body),
        "related": selectors.related_public(article=found),
        "voted": request.session.get(f"kb_voted_{found.pk}"),
        "thanked": bool(request.GET.get("thanks")) and not error,
        "error": error,
        "contact": _contact_targets(),
        "q": "",
        "carry": request.GET.get("q", "")[:MAX_Q] or found.title,  # "still need help?" says which article
    }
    return render(request, "knowledge/help/article.html", context, status=status)


def article(request: HttpRequest, slug: str) -> HttpResponse:
    """A public article; internal and draft ones are 404 here whatever the address."""
    return _article_page(request, _public(slug))


@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    """«Was this helpful?»: one vote per visitor (voting again changes it), rate-limited per address."""
    found = _public(slug)
    if over_limit(request, "kb-vote", per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR * 5):
        return _article_page(
            request, found, error=_("Too many requests; please try again later."), status=429
        )
    helpful = request.POST.get("helpful") == "yes"
    try:
        services.vote_record(
            article=found, visitor=_visitor(request), helpful=helpful, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        return _article_page(request, found, error=exc.message, status=exc.status)
    request.session[f"kb_voted_{found.pk}"] = "yes" if helpful else "no"
    return HttpResponseRedirect(reverse("help:article", args=[found.slug]) + "?thanks=1#vote")


@require_POST
def contact(request: HttpRequest) -> HttpResponse:
    """«Still need help?»: count the search as one that led to a person, then open the chat or the web form
    with the text carried over (`?text=` for the chat, `?question=` for the form)."""
    q = " ".join(request.POST.get("q", "").split())[:MAX_Q]
    to = request.POST.get("to", "")
    targets = _contact_targets()
    if to not in targets:
        raise Http404(_("No way to reach us is set up here yet."))
    # From an article page the text is the article's title: the visitor found it, so it is no miss.
    searched = not request.POST.get("article")
    if (
        q
        and searched
        and not over_limit(request, "kb-miss", per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR * 10)
    ):
        services.search_miss_record(query=q, contacted=True)
    if to == "chat":
        url = (
            reverse("connectors:chat", args=[targets["chat"]])
            + "?"
            + urlencode({"text": q, "page": request.build_absolute_uri(reverse("help:home"))})
        )
    else:
        url = reverse("connectors:form", args=[targets["web_form"]]) + (
            "?" + urlencode({"question": q}) if q else ""
        )
    return HttpResponseRedirect(url)
