"""Webhook settings pages (names `automation:webhook_*`)."""

from django.urls import path

from hamdel.automation.webhooks import views

urlpatterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("<int:pk>/", views.webhook_detail, name="webhook_detail"),
]
