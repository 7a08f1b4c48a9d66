"""Knowledge actions: agents write drafts (Perm.KB_WRITE), supervisors and admins publish (Perm.KB_PUBLISH).

Each is one action: require → validate the whole request (every bad field named) → one transaction →
a version row and typed events. An agent asking for `visibility` public or internal, or changing an article
that is already published, is refused with 403 `forbidden` and nothing is saved: a proposal stays a draft
until a publisher reads it. The search index notices every change by itself (selectors._version).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.conversations.models import Direction, Message, MessageKind
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.knowledge.events import ArticleChanged, ArticleDeleted, ArticlePublished
from hamdel.knowledge.models import Article, ArticleVersion, ArticleVote, Category, SearchMiss, Visibility
from hamdel.language.normalize import fold_for_search

MAX_TITLE = 200
MAX_BODY = 50_000
MAX_QUESTION = 300
MAX_QUESTIONS = 30
MAX_TAG = 40
MAX_TAGS = 20
MAX_RELATED = 20
MAX_REASON = 500
MAX_CATEGORY_DESCRIPTION = 300
LIVE = (Visibility.PUBLIC, Visibility.INTERNAL)
FIELDS = ("title", "body", "category", "tags", "visibility", "questions", "related")
_FIELD_NAMES = {
    "title": gettext_lazy("Title"),
    "body": gettext_lazy("Body"),
    "category": gettext_lazy("Category"),
    "tags": gettext_lazy("Tags"),
    "visibility": gettext_lazy("Visibility"),
    "questions": gettext_lazy("Other phrasings"),
    "related": gettext_lazy("Related articles"),
}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text_list(value: Any, field: str, longest: int, most: int, bad: Any) -> list[str]:
    """A list of short texts, from a list or one text with a line (or comma, for tags) per item."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines() if field == "questions" else value.replace("،", ",").split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(field, _("Give a list of texts."))
        return []
    items = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    if len(items) > most:
        bad(field, _("At most %(n)d items.") % {"n": most})
    elif any(len(v) > longest for v in items):
        bad(field, _("Each item may have at most %(n)d characters.") % {"n": longest})
    return items


def _category(value: Any, bad: Any) -> Category | None:
    """A category by id, or by name (created when a publisher or writer names a new one)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        bad("category", _("Give a category id or name."))
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        found = Category.objects.filter(pk=int(value)).first()
        if found is None:
            bad("category", _("No such category."))
        return found
    if isinstance(value, str) and len(value.strip()) <= 120:
        name = value.strip()
        return Category.objects.filter(name=name).first() or Category(name=name)
    bad("category", _("Give a category id or name."))
    return None


def _clean(data: dict[str, Any], article: Article | None) -> dict[str, Any]:
    """Every field of the request checked at once; one ApplicationError naming each bad field."""
    errors: list[dict[str, str]] = []

    def bad(field: str, message: str) -> None:
        errors.append({"field": field, "message": str(message)})

    for field in sorted(set(data) - set(FIELDS)):
        bad(field, _("Unknown field."))
    clean: dict[str, Any] = {}
    for field, longest in (("title", MAX_TITLE), ("body", MAX_BODY)):
        if field not in data:
            if article is None:
                bad(field, _("This field is required."))
            continue
        value = data[field]
        if not isinstance(value, str):
            bad(field, _("Give a text."))
            continue
        value = value.strip()
        if not value:
            bad(field, _("This field is required."))
        elif len(value) > longest:
            bad(field, _("At most %(n)d characters.") % {"n": longest})
        clean[field] = value
    if "title" in clean and not slugify(clean["title"], allow_unicode=True):
        bad("title", _("The title needs at least one letter or digit."))
    if "category" in data:
        clean["category"] = _category(data["category"], bad)
    if "tags" in data:
        clean["tags"] = _text_list(data["tags"], "tags", MAX_TAG, MAX_TAGS, bad)
    if "questions" in data:
        clean["questions"] = _text_list(data["questions"], "questions", MAX_QUESTION, MAX_QUESTIONS, bad)
    if "visibility" in data:
        if data["visibility"] not in Visibility.values:
            bad("visibility", _("Choose public, internal, draft or archived."))
        elif article is None and data["visibility"] == Visibility.ARCHIVED:
            bad("visibility", _("A new article cannot start archived: choose public, internal or draft."))
        else:
            clean["visibility"] = data["visibility"]
    if "related" in data:
        ids = data["related"] or []
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            bad("related", _("Give a list of article ids."))
        elif len(ids) > MAX_RELATED:
            bad("related", _("At most %(n)d items.") % {"n": MAX_RELATED})
        else:
            ids = [i for i in dict.fromkeys(ids) if article is None or i != article.pk]
            known = set(Article.objects.filter(pk__in=ids).values_list("id", flat=True))
            if len(known) != len(ids):
                bad(
                    "related",
                    _("No such article: %(ids)s") % {"ids": ", ".join(str(i) for i in ids if i not in known)},
                )
            clean["related"] = ids
    if errors:
        raise _invalid(errors, _FIELD_NAMES, "invalid_article")
    return clean


def _invalid(errors: list[dict[str, str]], names: dict[str, Any], code: str) -> ApplicationError:
    """One error naming every bad field; the message names the field itself when it is the only one."""
    if len(errors) == 1:
        message = f"{names.get(errors[0]['field'], errors[0]['field'])}: {errors[0]['message']}"
    else:
        message = _("Some fields are not valid; nothing was saved.")
    return ApplicationError(
        message, {"errors": errors, **{e["field"]: e["message"] for e in errors}}, code=code
    )


def _unique_slug(title: str, exclude: int | None = None) -> str:
    """A readable address from the title (Persian letters kept); «-2», «-3»… when it is taken."""
    base = slugify(title, allow_unicode=True)[:200].strip("-") or "article"
    slug, n = base, 1
    taken = Article.objects.exclude(pk=exclude or 0)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _version(article: Article, actor: Any) -> int:
    number = (article.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    ArticleVersion.objects.create(
        article=article,
        number=number,
        title=article.title,
        body=article.body,
        visibility=article.visibility,
        author=_user(actor),
    )
    return number


def _check_publishing(actor: Any, article: Article | None, clean: dict[str, Any]) -> None:
    """Publishing, unpublishing and editing a published article are a publisher's; writers propose drafts."""
    wants = clean.get("visibility")
    published_now = article is not None and article.visibility != Visibility.DRAFT
    if published_now or (wants is not None and wants != Visibility.DRAFT):
        require(actor, Perm.KB_PUBLISH)


def _save_new_category(category: Category | None) -> None:
    """A category a writer named in the article form is stored with an address of its own."""
    if category is not None and category.pk is None:
        category.slug = _category_slug(category.name)
        category.save()


def _save_related(article: Article, ids: list[int] | None) -> None:
    if ids is not None:
        article.related.set(ids)


@transaction.atomic
def article_create(*, actor: Any, data: dict[str, Any]) -> Article:
    """A new article; a draft unless a publisher asks for `visibility` public or internal."""
    require(actor, Perm.KB_WRITE)
    clean = _clean(data, None)
    _check_publishing(actor, None, clean)
    related = clean.pop("related", None)
    _save_new_category(clean.get("category"))
    visibility = clean.setdefault("visibility", Visibility.DRAFT)
    now = timezone.now()
    published = visibility != Visibility.DRAFT
    for attempt in range(3):  # two writers taking the same address at once: the loser takes the next one
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    **clean,
                    slug=_unique_slug(clean["title"]),
                    author=_user(actor),
                    published_at=now if published else None,
                    published_by=_user(actor) if published else None,
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise
    _save_related(article, related)
    number = _version(article, actor)
    publish(ArticleChanged(article_id=article.pk, version=number, visibility=article.visibility))
    if published:
        publish(ArticlePublished(article_id=article.pk, visibility=article.visibility))
    return article


@transaction.atomic
def article_update(*, actor: Any, article: Article, data: dict[str, Any]) -> Article:
    """Change the fields the request names (a new version); one bad field and nothing changes. The
    address (slug) stays as it was, so links already sent keep working."""
    require(actor, Perm.KB_WRITE)
    article = Article.objects.select_for_update().get(pk=article.pk)
    clean = _clean(data, article)
    _check_publishing(actor, article, clean)
    related = clean.pop("related", None)
    _save_new_category(clean.get("category"))
    was = article.visibility
    fields = list(clean)
    for field, value in clean.items():
        setattr(article, field, value)
    went_live = article.visibility in LIVE and was != article.visibility
    if went_live:
        article.published_at, article.published_by = timezone.now(), _user(actor)
        fields += ["published_at", "published_by"]
    article.save(update_fields=[*fields, "updated_at"])
    _save_related(article, related)
    number = _version(article, actor)
    publish(ArticleChanged(article_id=article.pk, version=number, visibility=article.visibility))
    if went_live:
        publish(ArticlePublished(article_id=article.pk, visibility=article.visibility))
    return article


def article_publish(*, actor: Any, article: Article, visibility: str = Visibility.PUBLIC) -> Article:
    """Publish a draft (public or internal), take an article back to draft, or archive it (out of every
    search and the help centre, its votes and the bot's answers kept): a publisher's action."""
    require(actor, Perm.KB_PUBLISH)
    return article_update(actor=actor, article=article, data={"visibility": visibility})


def article_from_message(*, actor: Any, message_id: int) -> Article:
    """Turn an agent's good reply into a draft article: the title is the customer's last message before
    it, the body is the reply. Only a draft: a publisher reads it before customers do."""
    require(actor, Perm.KB_WRITE)
    reply = Message.objects.filter(pk=message_id).select_related("conversation").first()
    if reply is None:
        raise NotFound(_("No such message."), {"id": message_id}, code="not_found")
    if reply.direction != Direction.OUTBOUND or reply.kind != MessageKind.MESSAGE or not reply.text.strip():
        raise ApplicationError(
            _("Only an agent's reply can become an article."), {"message_id": message_id}, code="not_a_reply"
        )
    question = (
        Message.objects.filter(
            conversation=reply.conversation,
            direction=Direction.INBOUND,
            kind=MessageKind.MESSAGE,
            created_at__lte=reply.created_at,
        )
        .exclude(pk=reply.pk)
        .order_by("-created_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    question = " ".join((question or "").split())
    title = question[:MAX_TITLE].rsplit(" ", 1)[0] if len(question) > MAX_TITLE else question
    if not slugify(title, allow_unicode=True):
        title = _("Answer from conversation %(n)s") % {"n": reply.conversation.number}
    data: dict[str, Any] = {"title": title, "body": reply.text[:MAX_BODY], "visibility": Visibility.DRAFT}
    if question and question != title:
        data["questions"] = [question[:MAX_QUESTION]]
    return article_create(actor=actor, data=data)


# --- the public side: votes and the searches that found nothing -------------------------------------


@transaction.atomic
def vote_record(*, article: Article, visitor: str, helpful: bool, reason: str = "") -> ArticleVote:
    """A visitor's "was this helpful?" (public, rate-limited by the view): one vote per visitor and article;
    voting again changes the answer. Only public articles take votes."""
    if article.visibility != Visibility.PUBLIC:
        raise NotFound(_("No such article."), {"slug": article.slug}, code="not_found")
    if not visitor or len(visitor) > 64:
        raise ApplicationError(
            _("Your browser did not keep the session; please try again."), code="no_session"
        )
    vote, _created = ArticleVote.objects.update_or_create(
        article=article,
        visitor=visitor,
        defaults={"helpful": bool(helpful), "reason": " ".join(reason.split())[:MAX_REASON]},
    )
    counts = ArticleVote.objects.filter(article=article).aggregate(
        yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False))
    )
    # A vote is not an edit: updated_at (and the search index built on it) stays as it was.
    Article.objects.filter(pk=article.pk).update(helpful_yes=counts["yes"], helpful_no=counts["no"])
    return vote


def miss_key(query: str) -> str:
    """Searches grouped by their normalised words: «میخواهم» and «می‌خواهم» are one row."""
    return " ".join(fold_for_search(query).split())[:200]


@transaction.atomic
def search_miss_record(*, query: str, contacted: bool = False, replaces: str = "") -> SearchMiss | None:
    """Log a help-centre search that found nothing (or after which the visitor asked for a person).

    `replaces` is the same visitor's previous miss while typing: when the new query continues it
    («پیگ» → «پیگیری سفارش»), that count moves to the longer text, so search as you type logs one row.
    Public (the view rate-limits); Hamdel's own bookkeeping, no actor.
    """
    key = miss_key(query)
    if len(key) < 2:
        return None
    now = timezone.now()
    if replaces and replaces != key and key.startswith(replaces) and not contacted:
        old = SearchMiss.objects.select_for_update().filter(key=replaces).first()
        if old is not None:
            if old.misses <= 1 and old.contacts == 0:
                old.delete()
            else:
                SearchMiss.objects.filter(pk=old.pk).update(misses=max(old.misses - 1, 0))
    row, _created = SearchMiss.objects.select_for_update().get_or_create(
        key=key, defaults={"query": " ".join(query.split())[:200], "last_seen": now}
    )
    if contacted:
        row.contacts += 1
    else:
        row.misses += 1
    row.query, row.last_seen = " ".join(query.split())[:200], now
    row.save(update_fields=["misses", "contacts", "query", "last_seen", "updated_at"])
    return row


@transaction.atomic
def article_delete(*, actor: Any, article: Article) -> None:
    """Delete a draft that was never published. A published article is archived instead, because its
    votes, links already sent and the bot's answers (deflection figures) refer to it."""
    require(actor, Perm.KB_WRITE)
    article = Article.objects.select_for_update().get(pk=article.pk)
    mine = article.author_id is not None and article.author_id == getattr(_user(actor), "pk", None)
    if not mine:
        require(actor, Perm.KB_PUBLISH)
    if article.published_at is not None or article.visibility != Visibility.DRAFT:
        raise ApplicationError(
            _("Only a draft that was never published can be deleted; archive this article instead."),
            status=409,
            code="article_was_published",
        )
    pk = article.pk
    article.delete()
    publish(ArticleDeleted(article_id=pk))


# --- categories --------------------------------------------------------------------------------------------


def _category_clean(data: dict[str, Any], category: Category | None) -> dict[str, Any]:
    """Name, description and order of a shelf, every bad field named at once."""
    errors: list[dict[str, str]] = []

    def bad(field: str, message: str) -> None:
        errors.append({"field": field, "message": str(message)})

    unknown = sorted(set(data) - {"name", "description", "order"})
    for field in unknown:
        bad(field, _("Unknown field."))
    clean: dict[str, Any] = {}
    if "name" in data or category is None:
        name = data.get("name")
        name = " ".join(name.split()) if isinstance(name, str) else ""
        if not name:
            bad("name", _("Give the category a name."))
        elif len(name) > 120:
            bad("name", _("At most %(n)d characters.") % {"n": 120})
        elif Category.objects.filter(name=name).exclude(pk=category.pk if category else 0).exists():
            bad("name", _("Another category already has this name."))
        else:
            clean["name"] = name
    if "description" in data:
        text = data["description"]
        if text is None:
            text = ""
        if not isinstance(text, str) or len(text) > MAX_CATEGORY_DESCRIPTION:
            bad("description", _("At most %(n)d characters.") % {"n": MAX_CATEGORY_DESCRIPTION})
        else:
            clean["description"] = text.strip()
    if "order" in data:
        order = data["order"]
        if isinstance(order, str) and order.strip().isdigit():
            order = int(order.strip())
        if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= 10_000:
            bad("order", _("A whole number from 0 to 10000."))
        else:
            clean["order"] = order
    if errors:
        names = {"name": _("Name"), "description": _("Description"), "order": _("Order")}
        raise _invalid(errors, names, "invalid_category")
    return clean


def _category_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:120] or "c"
    slug, n = base, 1
    while Category.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def category_create(*, actor: Any, data: dict[str, Any]) -> Category:
    """A new shelf of the help centre; its address comes from the name."""
    require(actor, Perm.KB_PUBLISH)
    clean = _category_clean(data, None)
    return Category.objects.create(**clean, slug=_category_slug(clean["name"]))


@transaction.atomic
def category_update(*, actor: Any, category: Category, data: dict[str, Any]) -> Category:
    """Rename, describe or reorder a shelf. The address stays, so help-centre links already shared work."""
    require(actor, Perm.KB_PUBLISH)
    category = Category.objects.select_for_update().get(pk=category.pk)
    clean = _category_clean(data, category)
    for field, value in clean.items():
        setattr(category, field, value)
    if clean:
        category.save(update_fields=list(clean))
    return category


@transaction.atomic
def category_delete(*, actor: Any, category: Category) -> int:
    """Remove a shelf; its articles stay, without a category. Returns how many articles were on it."""
    require(actor, Perm.KB_PUBLISH)
    count = Article.objects.filter(category=category).count()
    Category.objects.filter(pk=category.pk).delete()
    return count
