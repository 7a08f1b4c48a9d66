"""Feedback pages: public survey, card and ideas pages, and the team lead's pages."""

from django.urls import path

from hamdel.feedback.views import builder, calls, cards, ideas, listening, public, surveys

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
    path("", surveys.home, name="home"),
    path("surveys/new/", builder.survey_edit, name="survey_new"),
    path("surveys/<int:pk>/", surveys.results, name="results"),
    path("surveys/<int:pk>/edit/", builder.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/export.csv", surveys.export_csv, name="export"),
    path("surveys/<int:pk>/qr.<str:fmt>", surveys.survey_qr, name="survey_qr"),
    path("surveys/<int:pk>/invite/", surveys.survey_invite, name="survey_invite"),
    path("cards/", cards.cards, name="cards"),
    path("cards/<int:pk>/print/", cards.card_print, name="card_print"),
    path("cards/<int:pk>/qr.<str:fmt>", cards.card_qr, name="card_qr"),
    path("calls/", calls.calls, name="calls"),
    path("calls/<int:pk>/", calls.call, name="call"),
    path("board/", ideas.ideas_admin, name="ideas_admin"),
    path("board/<int:pk>/", ideas.idea_admin, name="idea_admin"),
    path("from-conversation/<int:number>/", ideas.idea_from_conversation, name="idea_from_conversation"),
    path("listening/", listening.listening, name="listening"),
    path("audits/", listening.audits, name="audits"),
    path("focus-groups/", listening.focus_groups, name="focus_groups"),
]
