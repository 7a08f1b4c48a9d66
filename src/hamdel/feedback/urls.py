"""Feedback pages: public survey, card and ideas pages, and the team lead's pages."""

from django.urls import path

from hamdel.feedback import public, views

app_name = "feedback"
urlpatterns = [
    # public, no login
    path("s/<str:token>/", public.answer, name="answer"),
    path("l/<str:key>/", public.link, name="link"),
    path("c/<str:key>/", public.card_answer, name="card"),
    path("thanks/<str:key>/", public.thanks, name="thanks"),
    path("ideas/", public.ideas, name="ideas"),
    path("ideas/<int:pk>/", public.idea, name="idea"),
    path("ideas/<int:pk>/vote/", public.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/comment/", public.idea_comment, name="idea_comment"),
    # staff
    path("", views.home, name="home"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
    path("surveys/<int:pk>/", views.results, name="results"),
    path("surveys/<int:pk>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/export.csv", views.export_csv, name="export"),
    path("surveys/<int:pk>/qr.<str:fmt>", views.survey_qr, name="survey_qr"),
    path("surveys/<int:pk>/invite/", views.survey_invite, name="survey_invite"),
    path("cards/", views.cards, name="cards"),
    path("cards/<int:pk>/print/", views.card_print, name="card_print"),
    path("cards/<int:pk>/qr.<str:fmt>", views.card_qr, name="card_qr"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("board/", views.ideas_admin, name="ideas_admin"),
    path("board/<int:pk>/", views.idea_admin, name="idea_admin"),
    path("from-conversation/<int:number>/", views.idea_from_conversation, name="idea_from_conversation"),
    path("listening/", views.listening, name="listening"),
    path("audits/", views.audits, name="audits"),
    path("focus-groups/", views.focus_groups, name="focus_groups"),
]
