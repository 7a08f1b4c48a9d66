"""The playbook in the admin, to look at only: changes go through `playbook.services` (the playbook page)."""

from django.contrib import admin

from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core.admin_readonly import ReadOnly


@admin.register(PlaybookEntry)
class PlaybookEntryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "product_line", "active", "updated_at")
    list_filter = ("active", "product_line")
    search_fields = ("title", "answer")
