"""The inbox at the site root and one conversation per number under /c/."""

from django.urls import path

from hamdel.conversations import catalog_views, files, views

app_name = "conversations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("inbox/bulk/", views.inbox_bulk, name="inbox_bulk"),
    path("c/<int:number>/", views.conversation, name="conversation"),
    path("c/<int:number>/timeline/", views.conversation_timeline, name="conversation_timeline"),
    path("c/<int:number>/reply/", views.conversation_reply, name="conversation_reply"),
    path("c/<int:number>/update/", views.conversation_update, name="conversation_update"),
    path("c/<int:number>/retry/", views.delivery_retry, name="delivery_retry"),
    path("c/<int:number>/canned/<int:pk>/", views.canned_render, name="canned_render"),
    path("c/<int:number>/messages/<int:pk>/labels/", views.label_correct, name="label_correct"),
    path("c/<int:number>/messages/<int:pk>/reveal/", views.message_reveal, name="message_reveal"),
    path("c/<int:number>/messages/<int:pk>/redact/", views.message_redact, name="message_redact"),
    path("files/<int:pk>/", files.attachment, name="attachment"),
    path("files/s/<str:token>/", files.attachment_shared, name="attachment_shared"),
    path("settings/canned-replies/", catalog_views.canned_list, name="canned_list"),
    path("settings/canned-replies/<int:pk>/", catalog_views.canned_edit, name="canned_edit"),
    path("settings/tags/", catalog_views.tag_list, name="tag_list"),
    path("settings/tags/<int:pk>/", catalog_views.tag_edit, name="tag_edit"),
]
