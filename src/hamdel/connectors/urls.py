"""Public channel endpoints: webhooks, the chat widget, the web form (issue 4)."""

from django.urls import path  # noqa: F401

app_name = "connectors"
urlpatterns: list = []
