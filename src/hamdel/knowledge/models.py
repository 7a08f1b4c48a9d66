"""Articles of the knowledge base, their history, the visitors' votes and the searches that found nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel

__all__ = ["Article", "ArticleVersion", "ArticleVote", "Category", "SearchMiss", "Visibility"]


class Visibility(models.TextChoices):
    """Who may read an article: everyone (help centre, bot), staff only, nobody yet (a proposal), or nobody
    any more (archived: out of every search, kept with its votes and the bot's answers, restorable)."""

    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    DRAFT = "draft", _("Draft")
    ARCHIVED = "archived", _("Archived")


class Category(models.Model):
    """A shelf of the help centre («ارسال و تحویل», «پرداخت»…)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("address"), max_length=140, unique=True, allow_unicode=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=50)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ("order", "name", "id")

    def __str__(self) -> str:
        return self.name


class Article(TimeStampedModel):
    """One answer, in Markdown, with the other ways customers ask its question (`questions`)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True, allow_unicode=True)
    body = models.TextField(_("body (Markdown)"))
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("category"),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    questions = models.JSONField(_("other phrasings of the question"), default=list, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.DRAFT, db_index=True
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related articles")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    helpful_yes = models.PositiveIntegerField(_("helpful"), default=0)
    helpful_no = models.PositiveIntegerField(_("not helpful"), default=0)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ("-updated_at", "-id")
        # The search index's version (count, last change) of the public or of all articles is read before
        # every search: this index answers it without reading the table.
        indexes = [models.Index(fields=("visibility", "updated_at"), name="kb_article_vis_updated")]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """The article as it was after one save: who saved it and when (the history never changes)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ("-number",)
        constraints = [models.UniqueConstraint(fields=("article", "number"), name="kb_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class ArticleVote(models.Model):
    """ "Was this helpful?" from one visitor (browser session); voting again changes their answer."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    visitor = models.CharField(_("visitor"), max_length=64)
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [models.UniqueConstraint(fields=("article", "visitor"), name="kb_vote_one_per_visitor")]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.helpful else '-'}"


class SearchMiss(TimeStampedModel):
    """A help-centre search (grouped by its normalised text) that found nothing, or after which the visitor
    still asked for a person: the next articles to write."""

    key = models.CharField(_("normalised query"), max_length=200, unique=True)
    query = models.CharField(_("query"), max_length=200)
    misses = models.PositiveIntegerField(_("found nothing"), default=0)
    contacts = models.PositiveIntegerField(_("then asked for help"), default=0)
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ("-last_seen",)

    def __str__(self) -> str:
        return self.query
