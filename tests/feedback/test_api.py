"""An integrator builds a survey, invites customers and reads the scores through the API."""

import pytest

from hamdel.feedback.models import Invitation, Response


@pytest.fixture
def survey_id(lead_api):
    body = {
        "name": "نظرسنجی پس از تماس",
        "anonymous": False,
        "questions": [
            {"key": "csat", "type": "csat", "text": "راضی بودید؟", "required": True},
            {"key": "nps", "type": "nps", "text": "ما را پیشنهاد می‌کنید؟", "required": True},
            {"key": "ces", "type": "ces", "text": "آسان بود؟", "required": False},
            {
                "key": "channel",
                "type": "single_choice",
                "text": "از کجا؟",
                "required": False,
                "choices": ["تلفن", "ایمیل"],
            },
            {"key": "note", "type": "text", "text": "توضیح", "required": False},
        ],
    }
    response = lead_api.post("/surveys", body)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_creating_a_survey_answers_201_with_its_questions_and_public_link(api, survey_id):
    # when
    data = api.get(f"/surveys/{survey_id}").json()
    # then
    assert [q["key"] for q in data["questions"]] == ["csat", "nps", "ces", "channel", "note"]
    assert data["questions"][3]["choices"] == ["تلفن", "ایمیل"]
    assert "/feedback/l/" in data["link"]


def test_a_survey_with_an_unknown_question_type_is_refused(lead_api):
    response = lead_api.post(
        "/surveys", {"name": "x", "questions": [{"key": "a", "type": "stars", "text": "?"}]}
    )
    assert response.status_code == 422
    assert response.json()["message"]


def test_a_choice_question_without_choices_is_refused_with_the_reason(lead_api):
    response = lead_api.post(
        "/surveys", {"name": "x", "questions": [{"key": "a", "type": "single_choice", "text": "؟"}]}
    )
    assert response.status_code == 400
    assert response.json()["extra"] == {"key": "a"} and response.json()["code"] == "choices_required"


def test_summary_follows_the_metric_definitions(api, survey_id):
    # given: CSAT 5, 4, 2 → 2 of 3 top-two-box; NPS 10, 9, 3 → 67% promoters − 33% detractors; CES 6, 4
    for csat, nps, ces in [(5, 10, 6), (4, 9, 4), (2, 3, None)]:
        answers = {"csat": csat, "nps": nps}
        if ces:
            answers["ces"] = ces
        assert api.post(f"/surveys/{survey_id}/responses", {"answers": answers}).status_code == 201
    # when
    summary = api.get(f"/surveys/{survey_id}/summary").json()
    # then
    assert summary["responses"] == 3
    assert summary["csat"] == pytest.approx(66.7)
    assert summary["csat_mean"] == pytest.approx(3.67)
    assert summary["nps"] == pytest.approx(33.3)
    assert summary["ces"] == pytest.approx(5.0)
    nps = next(q for q in summary["questions"] if q["key"] == "nps")
    assert [d["count"] for d in nps["distribution"]][9:] == [1, 1]


def test_summary_is_null_for_scores_the_survey_does_not_ask(api, lead_api):
    sid = lead_api.post(
        "/surveys", {"name": "فقط رضایت", "questions": [{"key": "c", "type": "csat", "text": "راضی؟"}]}
    ).json()["id"]
    api.post(f"/surveys/{sid}/responses", {"answers": {"c": 5}})
    summary = api.get(f"/surveys/{sid}/summary").json()
    assert summary["csat"] == 100.0
    assert summary["nps"] is None and summary["ces"] is None


def test_out_of_range_answer_gets_400_with_the_reason(api, survey_id):
    response = api.post(f"/surveys/{survey_id}/responses", {"answers": {"csat": 6, "nps": 5}})
    assert response.status_code == 400
    body = response.json()
    assert body["extra"]["key"] == "csat" and body["extra"]["max"] == 5 and body["code"] == "out_of_range"
    assert not Response.objects.exists()


def test_missing_required_answer_gets_400_naming_it(api, survey_id):
    response = api.post(f"/surveys/{survey_id}/responses", {"answers": {"csat": 4}})
    assert response.status_code == 400
    assert response.json()["extra"]["missing"] == ["nps"] and response.json()["code"] == "answer_required"


def test_unknown_choice_and_unknown_question_are_refused(api, survey_id):
    wrong_choice = api.post(
        f"/surveys/{survey_id}/responses", {"answers": {"csat": 4, "nps": 8, "channel": "تلگرام"}}
    )
    unknown = api.post(f"/surveys/{survey_id}/responses", {"answers": {"csat": 4, "nps": 8, "age": 3}})
    assert wrong_choice.status_code == 400 and unknown.status_code == 400
    assert unknown.json()["extra"]["keys"] == ["age"]


def test_persian_digits_are_accepted_as_answers(api, survey_id):
    response = api.post(f"/surveys/{survey_id}/responses", {"answers": {"csat": "۵", "nps": "۱۰"}})
    assert response.status_code == 201
    assert response.json()["answers"] == {"csat": 5, "nps": 10}


def test_an_invitation_token_works_once(api, survey_id, inbound):
    # given
    conv_id = inbound("سلام").conversation_id
    invitation = api.post(f"/surveys/{survey_id}/invitations", {"conversation_id": conv_id}).json()
    assert invitation["status"] == "sent" and invitation["url"].endswith(
        f"/feedback/s/{invitation['token']}/"
    )
    answers = {"answers": {"csat": 4, "nps": 9}, "token": invitation["token"]}
    # when
    first = api.post(f"/surveys/{survey_id}/responses", answers)
    second = api.post(f"/surveys/{survey_id}/responses", answers)
    # then
    assert first.status_code == 201
    assert second.status_code == 409
    assert Invitation.objects.get(pk=invitation["id"]).answered
    assert api.get(f"/surveys/{survey_id}/summary").json()["response_rate"] == 100.0


def test_an_invitation_without_anyone_is_a_personal_link_to_hand_out(api, survey_id):
    invitation = api.post(f"/surveys/{survey_id}/invitations", {}).json()
    assert invitation["customer_id"] is None and invitation["status"] == "sent"


def test_feedback_items_from_other_sources_are_accepted(api):
    response = api.post(
        "/feedback-items",
        {"source": "review", "text": "کیفیت پارچه عالی بود ولی دیر رسید", "rating": 4, "rating_max": 5},
    )
    assert response.status_code == 201
    assert api.get("/feedback-items", source="review").json()[0]["text"].startswith("کیفیت")


def test_an_invitation_for_a_customer_of_another_conversation_is_refused(api, survey_id, inbound):
    from hamdel.conversations.models import Conversation

    ali = inbound("سلام").conversation_id
    neda = Conversation.objects.get(pk=inbound("سلام", address="neda@example.ir").conversation_id).customer_id
    response = api.post(f"/surveys/{survey_id}/invitations", {"conversation_id": ali, "customer_id": neda})
    assert response.status_code == 400 and response.json()["code"] == "customer_mismatch"
    assert not Invitation.objects.exists()
