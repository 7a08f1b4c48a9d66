"""The playbook pages (names `coach:playbook_*`)."""

from django.urls import URLPattern, path

from hamdel.coach.playbook import views

urlpatterns: list[URLPattern] = [
    path("", views.playbook_list, name="playbook_list"),
    path("<int:pk>/", views.playbook_edit, name="playbook_edit"),
]
