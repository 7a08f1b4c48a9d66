"""The events the knowledge base publishes (the bot and insights listen to them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class ArticleChanged(Event):
    """An article was created or its text, visibility or links changed (the index notices by itself)."""

    name: ClassVar[str] = "article_changed"
    article_id: int
    version: int
    visibility: str


@declare
@dataclass(frozen=True)
class ArticlePublished(Event):
    """An article became public or internal (or moved between the two)."""

    name: ClassVar[str] = "article_published"
    article_id: int
    visibility: str


@declare
@dataclass(frozen=True)
class ArticleDeleted(Event):
    """A draft that was never published was deleted (published articles are archived, never deleted)."""

    name: ClassVar[str] = "article_deleted"
    article_id: int
