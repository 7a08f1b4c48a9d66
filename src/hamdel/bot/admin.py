"""The bot's state in the admin, to look at only: the switch per inbox is on /settings/bot/."""

from django.contrib import admin

from hamdel.bot.models import BotAnswer, BotConversation, BotInbox
from hamdel.core.admin_readonly import ReadOnly


@admin.register(BotInbox)
class BotInboxAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("inbox", "enabled")


@admin.register(BotConversation)
class BotConversationAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("conversation", "failed", "stopped", "stop_reason", "updated_at")


@admin.register(BotAnswer)
class BotAnswerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("conversation", "article", "confidence", "outcome")
    list_filter = ("outcome",)
