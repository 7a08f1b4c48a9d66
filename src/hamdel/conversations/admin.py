from django.contrib import admin

from hamdel.conversations.models import (
    Attachment,
    CannedReply,
    Conversation,
    ConversationEvent,
    Delivery,
    InboundEnvelope,
    LabelCorrection,
    Message,
    MessageAnalysis,
    SearchDocument,
    Tag,
)
from hamdel.core.admin_readonly import ReadOnly


class MessageInline(admin.TabularInline):
    """The conversation's history, to read: messages are written by ingest() and reply(), never by hand."""

    model = Message
    extra = 0
    fields = ("direction", "kind", "author", "text", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "subject",
        "customer",
        "channel",
        "status",
        "priority",
        "assignee",
        "last_message_at",
    )
    list_filter = ("status", "priority", "channel", "team")
    search_fields = ("number", "subject", "customer__name")
    raw_id_fields = ("customer",)
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: a customer's text is never edited; a redaction is an action with a reason (timeline)."""

    list_display = ("id", "conversation", "direction", "kind", "channel", "created_at")
    list_filter = ("direction", "kind", "channel")
    raw_id_fields = ("conversation",)


@admin.register(InboundEnvelope)
class InboundEnvelopeAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "status", "received_at", "error")
    list_filter = ("status", "channel")
    readonly_fields = ("channel", "payload", "headers", "received_at", "message", "attempts")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("message", "status", "attempts", "last_error", "sent_at")
    list_filter = ("status",)
    raw_id_fields = ("message",)


admin.site.register(Tag)


@admin.register(CannedReply)
class CannedReplyAdmin(ReadOnly, admin.ModelAdmin):
    """To read: replies are written in settings or the API, whose actions check scope and variables."""

    list_display = ("title", "shortcut", "team", "owner", "updated_at")
    list_filter = ("team",)
    search_fields = ("title", "shortcut", "text")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("id", "name", "content_type", "size", "message")
    raw_id_fields = ("message",)


@admin.register(MessageAnalysis)
class MessageAnalysisAdmin(admin.ModelAdmin):
    list_display = (
        "message",
        "sentiment",
        "emotion",
        "intent",
        "urgency",
        "abusive",
        "churn_risk",
        "model_version",
    )
    list_filter = ("sentiment", "emotion", "intent", "corrected", "model_version")
    raw_id_fields = ("message",)


@admin.register(LabelCorrection)
class LabelCorrectionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "author", "field", "old_value", "new_value", "message")
    list_filter = ("field",)
    raw_id_fields = ("message",)


@admin.register(SearchDocument)
class SearchDocumentAdmin(admin.ModelAdmin):
    """Read-only: the folded search text, to see why a search does or does not find a conversation."""

    list_display = ("conversation", "message", "body")
    search_fields = ("body",)
    raw_id_fields = ("conversation", "message")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ConversationEvent)
class ConversationEventAdmin(ReadOnly, admin.ModelAdmin):
    """The history is written by actions only: readable here, never editable."""

    list_display = ("conversation", "type", "actor_kind", "actor_name", "old", "new", "at")
    list_filter = ("type", "actor_kind")
    search_fields = ("conversation__number", "actor_name")
    raw_id_fields = ("conversation",)
    list_select_related = ("conversation",)
