"""The rules pages (url names `automation:rules_<page>`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
