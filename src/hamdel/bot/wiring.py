"""What the bot plugs into: customer messages, article changes, the hourly clock and the settings hub."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    """Called once from BotConfig.ready()."""
    from hamdel.bot import tasks
    from hamdel.conversations.events import MessageCreated
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import NavItem, settings_register
    from hamdel.knowledge.events import ArticleChanged

    listen(MessageCreated, tasks.on_message)
    listen(ArticleChanged, tasks.embed_article)
    every(3600, tasks.settle_answers)
    settings_register(
        NavItem(key="bot", label=_("Bot"), url_name="bot:settings", order=60, perm=Perm.SETTINGS_MANAGE)
    )
