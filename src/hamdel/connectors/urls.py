"""Public channel endpoints (webhooks, chat, web form) and the channel settings pages."""

from django.urls import path

from hamdel.connectors import views, webhooks
from hamdel.connectors.chat import views as chat
from hamdel.connectors.webform import views as webform

app_name = "connectors"
urlpatterns = [
    path("settings/", views.inbox_list, name="settings"),
    path("settings/new/", views.inbox_edit, name="settings_new"),
    path("settings/<int:pk>/", views.inbox_edit, name="settings_edit"),
    path("settings/<int:pk>/action/", views.inbox_action, name="settings_action"),
    path("customers/<int:pk>/call/", views.customer_call, name="customer_call"),
    path("customers/<int:pk>/walk-in/", views.customer_walk_in, name="customer_walk_in"),
    path("hook/<str:kind>/<str:key>/", webhooks.channel_webhook, name="webhook"),
    path("bot/<str:kind>/<str:key>/", webhooks.bot_webhook, name="bot_webhook"),
    path("sms/<str:key>/", webhooks.sms_inbound, name="sms_inbound"),
    path("sms/<str:key>/status/", webhooks.sms_status, name="sms_status"),
    path("chat/<str:key>/", chat.frame, name="chat"),
    path("chat/<str:key>/history/", chat.history, name="chat_history"),
    path("chat/<str:key>/send/", chat.send, name="chat_send"),
    path("form/<str:key>/", webform.form, name="form"),
    path("form/t/<str:token>/", webform.track, name="form_track"),
    path("form/t/<str:token>/answer/", webform.track_answer, name="form_track_answer"),
]
