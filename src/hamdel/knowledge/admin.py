"""The knowledge base in the admin, to look at only: changes go through `knowledge.services` (/kb/)."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.knowledge.models import Article, ArticleVersion, ArticleVote, Category, SearchMiss


@admin.register(Category)
class CategoryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "slug", "order")


@admin.register(Article)
class ArticleAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "category", "visibility", "helpful_yes", "helpful_no", "updated_at")
    list_filter = ("visibility", "category")
    search_fields = ("title", "body")


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("article", "number", "visibility", "author", "created_at")


@admin.register(ArticleVote)
class ArticleVoteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("article", "helpful", "reason", "updated_at")
    list_filter = ("helpful",)


@admin.register(SearchMiss)
class SearchMissAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("query", "misses", "contacts", "last_seen")
    search_fields = ("query", "key")
