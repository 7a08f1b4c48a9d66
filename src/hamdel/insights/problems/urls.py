"""Pages under /insights/: problems, the journey heatmap, loyalty (names are `problems:<page>`)."""

from django.urls import path

from hamdel.insights.problems import views

app_name = "problems"
urlpatterns = [
    path("problems/", views.problem_list, name="list"),
    path("problems/<int:problem_id>/", views.problem_detail, name="detail"),
    path("problems/<int:problem_id>/<str:verb>/", views.problem_act, name="act"),
    path("journey/", views.journey, name="journey"),
    path("journey/stages/<int:stage_id>/", views.journey_stage, name="journey_stage"),
    path("loyalty/", views.loyalty, name="loyalty"),
    path("loyalty/at-risk.csv", views.loyalty_export, name="loyalty_export"),
]
