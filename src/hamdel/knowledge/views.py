"""The staff pages of the knowledge base: list, write/preview/publish, history, votes, what customers could
not find, and the composer's article search. Thin: parse, call one action or selector, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, requires
from hamdel.knowledge import selectors, services
from hamdel.knowledge.markdown import render as render_markdown
from hamdel.knowledge.models import Article, Visibility


class ArticleForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=services.MAX_TITLE)
    body = forms.CharField(
        label=gettext_lazy("Body (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        help_text=gettext_lazy(
            "**bold**, - lists, ## headings, [text](https://…) links. HTML is shown as text."
        ),
    )
    questions = forms.CharField(
        label=gettext_lazy("Other phrasings of the question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("One per line, as customers ask it («سفارشم کی میرسه؟»): search finds them."),
    )
    category = forms.CharField(
        label=gettext_lazy("Category"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"list": "kb-categories", "dir": "auto"}),
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"), required=False, help_text=gettext_lazy("Comma separated.")
    )
    related = forms.CharField(
        label=gettext_lazy("Related articles"),
        required=False,
        help_text=gettext_lazy("Article numbers, comma separated."),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["questions"] = data["questions"].splitlines()
        data["tags"] = data["tags"].replace("،", ",").split(",")
        data["category"] = data["category"].strip() or None
        numbers = [p.strip() for p in data["related"].replace("،", ",").split(",") if p.strip()]
        data["related"] = [int(p) if p.isdigit() else p for p in numbers]
        return data


def _initial(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "body": article.body,
        "questions": "\n".join(article.questions),
        "category": article.category.name if article.category else "",
        "tags": "، ".join(article.tags),
        "related": ", ".join(str(pk) for pk in article.related.values_list("id", flat=True)),
    }


@requires(Perm.CONVERSATION_VIEW)
def article_list(request: HttpRequest) -> HttpResponse:
    """Every article with filters (visibility, category, title), or the search's ranking when `q` is given."""
    visibility = request.GET.get("visibility", "")
    category_id = form_id(request.GET.get("category", ""))
    q = request.GET.get("q", "").strip()[:500]
    rows = list(
        selectors.article_list(actor=request.user, visibility=visibility, category_id=category_id)[:300]
    )
    snippets: dict[int, str] = {}
    if q:
        hits = selectors.article_search(actor=request.user, query=q, limit=50, public_only=False)
        by_id = {a.pk: a for a in rows}
        rows = [by_id[h.id] for h in hits if h.id in by_id]
        snippets = {h.id: h.snippet for h in hits}
    context = {
        "rows": [{"a": a, "snippet": snippets.get(a.pk, "")} for a in rows],
        "q": q,
        "visibility": visibility,
        "category_id": category_id,
        "visibilities": Visibility.choices,
        "categories": selectors.categories(),
        "can_publish": selectors.can_publish(request.user),
        "misses": selectors.search_misses(actor=request.user, limit=5),
    }
    template = "knowledge/list.html"
    if getattr(request, "htmx", False):
        template += "#rows"
    return render(request, template, context)


def _article(request: HttpRequest, pk: int) -> Article:
    try:
        return selectors.article_get(actor=request.user, article_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@requires(Perm.CONVERSATION_VIEW)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One article as customers will see it, with its history, votes and related articles."""
    article = _article(request, pk)
    context = {
        "a": article,
        "html": render_markdown(article.body),
        "versions": article.versions.select_related("author")[:30],
        "related": article.related.order_by("title")[:20],
        "votes": selectors.vote_summary(article=article),
        "can_publish": selectors.can_publish(request.user),
        "help_url": selectors.article_url(article) if article.visibility == Visibility.PUBLIC else "",
    }
    return render(request, "knowledge/article.html", context)


@requires(Perm.KB_WRITE)
def article_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write a new article (a draft) or change one; a publisher may publish it in the same step."""
    article = _article(request, pk) if pk else None
    initial = _initial(article) if article else {"title": request.GET.get("title", "")[: services.MAX_TITLE]}
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_action()
        wanted = request.POST.get("visibility", "")
        if wanted in Visibility.values and (article is None or wanted != article.visibility):
            data["visibility"] = wanted
        try:
            if article is None:
                saved = services.article_create(actor=request.user, data=data)
            else:
                saved = services.article_update(actor=request.user, article=article, data=data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The article was saved."))
            return redirect("knowledge:article", saved.pk)
    context = {
        "a": article,
        "form": form,
        "categories": selectors.categories(),
        "visibilities": Visibility.choices,
        "can_publish": selectors.can_publish(request.user),
    }
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "knowledge/edit.html", context, status=status)


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def preview(request: HttpRequest) -> HttpResponse:
    """The body as the help centre will show it (safe HTML), for the editor's preview tab."""
    html = render_markdown(request.POST.get("body", "")[: services.MAX_BODY])
    return render(request, "knowledge/_preview.html", {"html": html})


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(request, pk)
    visibility = request.POST.get("visibility", Visibility.PUBLIC)
    try:
        services.article_publish(actor=request.user, article=article, visibility=visibility)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Visibility changed to: %(v)s") % {"v": Visibility(visibility).label})
    return redirect("knowledge:article", article.pk)


@require_POST
@requires(Perm.KB_WRITE)
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never published; a published article is archived instead."""
    article = _article(request, pk)
    try:
        services.article_delete(actor=request.user, article=article)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("knowledge:article", article.pk)
    messages.success(request, _("The draft «%(t)s» was deleted.") % {"t": article.title})
    return redirect("knowledge:list")


class CategoryForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=120, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=services.MAX_CATEGORY_DESCRIPTION,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    order = forms.IntegerField(
        label=gettext_lazy("Order"),
        min_value=0,
        max_value=10_000,
        initial=50,
        help_text=gettext_lazy("Smaller comes first in the help centre."),
    )


def _categories_page(request: HttpRequest, form: CategoryForm, status: int = 200) -> HttpResponse:
    rows = selectors.category_rows(actor=request.user)
    context = {"rows": rows, "form": form, "can_publish": selectors.can_publish(request.user)}
    return render(request, "knowledge/categories.html", context, status=status)


@requires(Perm.CONVERSATION_VIEW)
def categories(request: HttpRequest) -> HttpResponse:
    """The help centre's shelves: everyone reads the list, supervisors and admins add, rename and reorder."""
    if request.method != "POST":
        return _categories_page(request, CategoryForm(auto_id="new-cat-%s"))
    form = CategoryForm(request.POST, auto_id="new-cat-%s")
    if form.is_valid():
        try:
            category = services.category_create(actor=request.user, data=form.cleaned_data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Category «%(n)s» added.") % {"n": category.name})
            return redirect("knowledge:categories")
    return _categories_page(request, form, status=400)


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        category = selectors.category_get(actor=request.user, category_id=pk)
        data = {k: request.POST.get(k, "") for k in ("name", "description", "order")}
        category = services.category_update(actor=request.user, category=category, data=data)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Category «%(n)s» saved.") % {"n": category.name})
    return redirect("knowledge:categories")


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        category = selectors.category_get(actor=request.user, category_id=pk)
        moved = services.category_delete(actor=request.user, category=category)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Category «%(n)s» removed; its %(k)s articles are now without a category.")
            % {"n": category.name, "k": moved},
        )
    return redirect("knowledge:categories")


@requires(Perm.CONVERSATION_VIEW)
def misses(request: HttpRequest) -> HttpResponse:
    """What customers could not find in the help centre: the next articles to write."""
    rows = selectors.search_misses(actor=request.user, limit=200)
    return render(request, "knowledge/misses.html", {"rows": rows})


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def from_message(request: HttpRequest, message_id: int) -> HttpResponse:
    """The "make a draft article of this reply" button on an agent's message."""
    try:
        article = services.article_from_message(actor=request.user, message_id=message_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(request.headers.get("Referer") or "knowledge:list")
    messages.success(request, _("A draft article was made from the reply; check it and ask for publishing."))
    return redirect("knowledge:edit", article.pk)
