"""The review pages: the coaching view, one team's agents, the decisions as CSV."""

from django.urls import URLPattern, path

from hamdel.coach.review import views

urlpatterns: list[URLPattern] = [
    path("", views.coaching_report, name="review_report"),
    path("team/<int:team_id>/", views.coaching_team, name="review_team"),
    path("export.csv", views.coaching_export, name="review_export"),
    path("conversation/<int:number>/context/", views.reply_context, name="review_context"),
]
