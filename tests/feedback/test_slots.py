"""The feedback app plugs into the menu and the conversation and customer pages from its own package."""

from django.test import RequestFactory
from django.urls import reverse

from hamdel.core.slots import nav_items, panels_for
from hamdel.feedback.services import invitation_create, response_save


def test_the_menu_has_the_voice_of_the_customer_marked_current_on_its_pages(agent_client):
    page = agent_client.get("/feedback/").content.decode()
    assert '<a href="/feedback/" aria-current="page">صدای مشتری</a>' in page


def test_the_menu_entry_is_for_staff_only(agent):
    request = RequestFactory().get("/")
    request.user = agent
    assert "feedback" in [entry["key"] for entry in nav_items(request)]
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert "feedback" not in [entry["key"] for entry in nav_items(request)]


def test_the_conversation_page_shows_its_survey_answer_in_the_feedback_panel(
    agent_client, csat_survey, resolved
):
    # given a customer answered the survey sent in their conversation
    conv = resolved()
    invitation = invitation_create(actor=None, survey=csat_survey, conversation=conv)
    response_save(survey=csat_survey, answers={"csat": 4}, complete=True, invitation=invitation)
    # when an agent opens the conversation
    page = agent_client.get(reverse("conversations:conversation", args=[conv.number])).content.decode()
    # then the feedback panel shows the answer under its question, and offers "turn into an idea"
    panel = page[page.index('class="panel panel-feedback"') :]
    panel = panel[: panel.index("</aside>")] if "</aside>" in panel else panel
    assert csat_survey.name in panel and "چقدر از پاسخ ما راضی بودید؟" in panel
    assert f'action="/feedback/from-conversation/{conv.number}/"' in panel
    assert (
        'name="csrfmiddlewaretoken" value="' in panel and 'name="csrfmiddlewaretoken" value=""' not in panel
    )


def test_the_customer_panel_is_left_out_for_a_customer_who_never_gave_feedback(agent, resolved, csat_survey):
    request = RequestFactory().get("/")
    request.user = agent
    conv = resolved()
    assert "feedback" not in [p.key for p in panels_for("customer", request, conv.customer)]
    response_save(
        survey=csat_survey, answers={"csat": 2, "why": "دیر"}, complete=True, customer=conv.customer
    )
    (shown,) = [p for p in panels_for("customer", request, conv.customer) if p.key == "feedback"]
    assert [r.answers for r in shown.context["responses"]] == [{"csat": 2, "why": "دیر"}]
