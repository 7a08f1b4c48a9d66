"""The public help centre (names `help:*`, under /help/): anonymous, public articles only."""

from django.urls import path

from hamdel.knowledge import help_views as views

app_name = "help"
urlpatterns = [
    path("", views.home, name="home"),
    path("search.json", views.search_json, name="search"),
    path("contact/", views.contact, name="contact"),
    path("c/<str:slug>/", views.category, name="category"),
    path("a/<str:slug>/", views.article, name="article"),
    path("a/<str:slug>/vote/", views.vote, name="vote"),
]
