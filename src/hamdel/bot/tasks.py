"""The bot's background work: its turn after each customer message, and the 72-hour deflection count."""

from __future__ import annotations

from django.tasks import task

from hamdel.bot import services


@task()
def on_message(message_id: int) -> None:
    """After MessageCreated: the bot answers, offers candidates, hands over, or stays silent."""
    services.bot_on_message(message_id=message_id)


@task()
def settle_answers() -> None:
    """Every hour: answers nobody came back to within 72 hours count as resolved by the bot."""
    services.bot_settle_answers()


@task()
def embed_article(article_id: int, version: int = 0, visibility: str = "") -> None:
    """After ArticleChanged: store the e5 vectors of the article's title and phrasings (core.vectors), so
    the next index build only reads them."""
    from hamdel.core.vectors import vectors_fill
    from hamdel.knowledge.models import Article

    row = Article.objects.filter(pk=article_id).values_list("title", "questions").first()
    if row is not None:
        title, questions = row
        vectors_fill([title, *(q for q in questions or [] if isinstance(q, str))])
