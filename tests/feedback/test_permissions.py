"""Who may change the voice of the customer: agents send and record, supervisors build and decide.

Every refusal is checked inside the action, so the API, the pages and any other caller are refused alike,
with 403 `{"code": "forbidden"}`, and a refused request changes nothing.
"""

import pytest
from django.test import Client

from hamdel.conversations.models import Conversation
from hamdel.core.errors import Forbidden
from hamdel.feedback.models import Idea, Location, Survey
from hamdel.feedback.services import (
    idea_set_status,
    idea_submit,
    location_create,
    on_conversation_resolved,
    survey_create,
    survey_update,
)

SURVEY = {
    "name": "پس از حل شدن",
    "trigger": "resolution",
    "delay_minutes": 0,
    "questions": [{"key": "csat", "type": "csat", "text": "راضی بودید؟"}],
}


def test_an_agents_key_cannot_create_a_survey_and_nothing_changes(api, lead_api):
    # when an agent's key and a supervisor's key each post the same survey
    refused = api.post("/surveys", SURVEY)
    accepted = lead_api.post("/surveys", SURVEY)
    # then the agent gets 403 with the stable code and only the supervisor's survey exists
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden" and refused.json()["message"]
    assert accepted.status_code == 201
    assert list(Survey.objects.values_list("pk", flat=True)) == [accepted.json()["id"]]


def test_an_agents_key_cannot_replace_the_after_resolution_survey(api, lead_api, resolved):
    # given the company's after-resolution survey, made by a supervisor
    company = lead_api.post("/surveys", SURVEY).json()["id"]
    # when an agent's key posts another after-resolution survey
    refused = api.post("/surveys", {**SURVEY, "name": "نظرسنجی عامل"})
    # then it is refused and resolved conversations still get the company's survey
    assert refused.status_code == 403
    invitation = on_conversation_resolved(conversation_id=resolved().pk)
    assert invitation is not None and invitation.survey_id == company


def test_agents_cannot_change_a_surveys_trigger(agent, csat_survey):
    with pytest.raises(Forbidden):
        survey_update(
            actor=agent,
            survey=csat_survey,
            name=csat_survey.name,
            questions=[{"key": "csat", "type": "csat", "text": "راضی؟"}],
            trigger="resolution",
        )
    csat_survey.refresh_from_db()
    assert csat_survey.trigger == "manual" and csat_survey.questions.count() == 3


def test_the_builder_refuses_agents_and_saves_for_supervisors(agent_client, lead):
    form = {
        "name": "پس از تحویل",
        "trigger": "resolution",
        "key": ["csat"],
        "type": ["csat"],
        "text": ["راضی بودید؟"],
        "required": ["1"],
        "style": ["faces"],
        "choices": [""],
        "show_if_key": [""],
        "show_if_op": ["lte"],
        "show_if_value": [""],
    }
    lead_client = Client()
    lead_client.force_login(lead)
    # when
    refused = agent_client.post("/feedback/surveys/new/", form)
    nothing_made = Survey.objects.count()
    saved = lead_client.post("/feedback/surveys/new/", form)
    # then
    assert refused.status_code == 403 and nothing_made == 0
    assert saved.status_code == 302 and Survey.objects.get().trigger == "resolution"


def test_an_agent_cannot_edit_a_survey_in_the_builder(agent_client, csat_survey):
    response = agent_client.post(
        f"/feedback/surveys/{csat_survey.pk}/edit/",
        {"name": "تغییر", "trigger": "resolution", "key": ["csat"], "type": ["csat"], "text": ["؟"]},
    )
    csat_survey.refresh_from_db()
    assert response.status_code == 403
    assert (csat_survey.name, csat_survey.trigger) == ("رضایت پس از پشتیبانی", "manual")


def test_agents_cannot_make_cards_or_decide_on_ideas(agent, agent_client, csat_survey):
    idea = idea_submit(title="پرداخت اقساطی", voter="v1")
    card = agent_client.post("/feedback/cards/", {"branch": "ونک", "counter": "", "survey": csat_survey.pk})
    decision = agent_client.post(
        f"/feedback/board/{idea.pk}/", {"action": "status", "status": "declined", "public_reply": "نه"}
    )
    assert card.status_code == 403 and not Location.objects.exists()
    assert decision.status_code == 403 and Idea.objects.get(pk=idea.pk).status == "new"
    with pytest.raises(Forbidden):
        location_create(actor=agent, branch="ونک", counter="", survey=csat_survey)
    with pytest.raises(Forbidden):
        idea_set_status(actor=agent, idea=idea, status="done", public_reply="")


def test_an_anonymous_visitor_cannot_build_a_survey(db):
    with pytest.raises(Forbidden):
        survey_create(actor=Client().get("/").wsgi_request.user, name="x", questions=SURVEY["questions"])


def test_agents_send_surveys_and_record_feedback(api, survey_id_by_lead, inbound):
    # given a conversation
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    # when an agent's key invites its customer and records a review
    invited = api.post(f"/surveys/{survey_id_by_lead}/invitations", {"conversation_id": conv.pk})
    review = api.post("/feedback-items", {"source": "review", "text": "خوب بود"})
    # then both are allowed, and the conversation's history says a survey was sent, by whom
    assert invited.status_code == 201 and review.status_code == 201
    event = conv.events.get(type="survey_sent")
    assert event.new == {"survey": survey_id_by_lead, "title": SURVEY["name"]}
    assert event.actor_kind == "user" and event.actor_name == "سارا"


@pytest.fixture
def survey_id_by_lead(lead_api):
    return lead_api.post("/surveys", {**SURVEY, "trigger": "manual"}).json()["id"]
