"""A team lead runs the voice of the customer from the UI: builder, results, cards, calls, ideas."""

import pytest
from django.core import mail
from django.test import Client

from hamdel.conversations.models import Conversation, Message
from hamdel.customers.models import Order
from hamdel.customers.services import customer_resolve
from hamdel.feedback.models import Audit, FeedbackItem, FollowUpCall, Idea, Location, Response, Survey
from hamdel.feedback.services import idea_submit


@pytest.fixture
def lead_client(lead):
    client = Client()
    client.force_login(lead)
    return client


def test_team_lead_builds_a_survey_with_branching_in_the_builder(lead_client):
    # when
    page = lead_client.get("/feedback/surveys/new/")
    saved = lead_client.post(
        "/feedback/surveys/new/",
        {
            "name": "پس از تحویل",
            "trigger": "delivery",
            "days_after_delivery": "۷",
            "key": ["nps", "why", ""],
            "type": ["nps", "text", "csat"],
            "text": ["ما را پیشنهاد می‌کنید؟", "چرا؟", ""],
            "required": ["1", "0", "1"],
            "style": ["faces", "faces", "faces"],
            "choices": ["", "", ""],
            "show_if_key": ["", "nps", ""],
            "show_if_op": ["lte", "lte", "lte"],
            "show_if_value": ["", "۶", ""],
        },
    )
    # then
    assert page.status_code == 200
    assert saved.status_code == 302
    survey = Survey.objects.get(name="پس از تحویل")
    assert survey.days_after_delivery == 7 and survey.trigger == "delivery"
    why = survey.questions.get(key="why")
    assert (why.show_if_key, why.show_if_op, why.show_if_value, why.required) == ("nps", "lte", "6", False)


def test_builder_shows_the_reason_for_a_bad_survey(lead_client):
    response = lead_client.post(
        "/feedback/surveys/new/",
        {
            "name": "x",
            "key": ["a"],
            "type": ["single_choice"],
            "text": ["؟"],
            "required": ["1"],
            "choices": [""],
        },
    )
    assert response.status_code == 400
    assert Survey.objects.count() == 0


def test_agents_cannot_change_surveys(agent_client):
    assert agent_client.get("/feedback/surveys/new/").status_code == 403


def test_results_page_shows_scores_comments_and_export(lead_client, csat_survey):
    from hamdel.feedback.services import response_save

    response_save(survey=csat_survey, answers={"csat": 5, "comment": "خیلی خوب"}, complete=True)
    response_save(survey=csat_survey, answers={"csat": 2, "why": "دیر جواب دادید"}, complete=True)
    page = lead_client.get(f"/feedback/surveys/{csat_survey.pk}/").content.decode()
    assert "دیر جواب دادید" in page and "<svg" in page
    csv = lead_client.get(f"/feedback/surveys/{csat_survey.pk}/export.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].endswith("csat,why,comment")
    assert len(csv.splitlines()) == 3
    png = lead_client.get(f"/feedback/surveys/{csat_survey.pk}/qr.png")
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_satisfaction_card_per_counter_leads_to_the_survey(lead_client, csat_survey):
    lead_client.post(
        "/feedback/cards/", {"branch": "شعبه ونک", "counter": "باجه ۲", "survey": csat_survey.pk}
    )
    location = Location.objects.get()
    card = lead_client.get(f"/feedback/cards/{location.pk}/print/").content.decode()
    assert "شعبه ونک" in card and "<svg" in card
    Client().post(f"/feedback/c/{location.key}/", {"q-csat": "4", "action": "submit"})
    response = Response.objects.get()
    assert response.location == location and response.source == "card"


def test_follow_up_calls_list_and_record_a_phone_response(lead_client, csat_survey):
    # given a customer whose order was delivered seven days ago
    from django.utils import timezone

    customer = customer_resolve(kind="phone", address="09121234567", name="مریم")
    Order.objects.create(
        customer=customer, number="A-1", delivered_at=timezone.now() - timezone.timedelta(days=7)
    )
    # when the lead builds today's list and an agent calls
    lead_client.post("/feedback/calls/", {"survey": csat_survey.pk, "basis": "order", "days": "7"})
    call = FollowUpCall.objects.get()
    page = lead_client.get(f"/feedback/calls/{call.pk}/").content.decode()
    lead_client.post(f"/feedback/calls/{call.pk}/", {"status": "done", "q-csat": "5", "note": "راضی"})
    # then
    assert "در این تماس چیزی نفروشید." in page
    call.refresh_from_db()
    assert call.status == "done" and call.response.source == "phone" and call.response.customer == customer


def test_delivery_trigger_invites_customers_days_after_delivery(lead, inbound):
    from django.utils import timezone

    from hamdel.feedback.services import order_invitations_run, survey_create

    survey = survey_create(
        name="تحویل",
        trigger="delivery",
        days_after_delivery=3,
        actor=lead,
        questions=[{"key": "csat", "type": "csat", "text": "کالا مناسب بود؟"}],
    )
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    Order.objects.create(
        customer=conv.customer, number="B-1", delivered_at=timezone.now() - timezone.timedelta(days=4)
    )
    assert order_invitations_run() == 1
    assert order_invitations_run() == 0
    assert survey.invitations.get().status == "sent"


def test_ideas_board_story(lead_client, inbound, django_capture_on_commit_callbacks):
    # given a customer suggests an idea in a conversation and the agent puts it on the board
    conv = Conversation.objects.get(pk=inbound("کاش امکان پرداخت اقساطی داشتید").conversation_id)
    lead_client.post(f"/feedback/from-conversation/{conv.number}/", {"title": "پرداخت اقساطی", "body": ""})
    idea = Idea.objects.get()
    # and visitors vote on the public board, once each, one leaving an e-mail
    visitor = Client()
    visitor.post(f"/feedback/ideas/{idea.pk}/vote/", {"email": "neda@example.ir"})
    visitor.post(f"/feedback/ideas/{idea.pk}/vote/")
    Client().post(f"/feedback/ideas/{idea.pk}/comment/", {"text": "من هم می‌خواهم"})
    idea.refresh_from_db()
    assert idea.votes == 2
    board = Client().get("/feedback/ideas/").content.decode()
    assert "پرداخت اقساطی" in board
    # when the team marks it done with a public reply
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            f"/feedback/board/{idea.pk}/",
            {"action": "status", "status": "done", "public_reply": "از امروز فعال است"},
        )
    # then the customer hears it through the conversation and the voter by e-mail
    assert Message.objects.filter(conversation=conv, meta__idea=idea.pk, author__isnull=True).exists()
    assert any("neda@example.ir" in m.to for m in mail.outbox)
    assert "از امروز فعال است" in Client().get(f"/feedback/ideas/{idea.pk}/").content.decode()


def test_merging_duplicate_ideas_keeps_each_vote_once(lead_client):
    a = idea_submit(title="اپلیکیشن موبایل", voter="v1")
    b = idea_submit(title="برنامهٔ گوشی", voter="v2")
    from hamdel.feedback.services import idea_vote

    idea_vote(idea=b, voter="v1")
    lead_client.post(f"/feedback/board/{b.pk}/", {"action": "merge", "into": a.pk})
    a.refresh_from_db()
    assert a.votes == 2
    assert Client().get(f"/feedback/ideas/{b.pk}/").status_code == 302


def test_declining_needs_a_public_reason(lead_client):
    idea = idea_submit(title="رایگان کردن همه چیز", voter="v1")
    lead_client.post(
        f"/feedback/board/{idea.pk}/", {"action": "status", "status": "declined", "public_reply": ""}
    )
    idea.refresh_from_db()
    assert idea.status == "new"


def test_listening_posts_collect_every_source(lead_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(
            "/feedback/listening/", {"source": "review", "text": "بسته‌بندی عالی بود", "rating": "۵"}
        )
        lead_client.post(
            "/feedback/audits/",
            {"action": "template", "name": "بازدید شعبه", "items": "سلام در یک دقیقه\nتمیزی"},
        )
        from hamdel.feedback.models import AuditTemplate

        template = AuditTemplate.objects.get()
        lead_client.post(
            "/feedback/audits/",
            {
                "template": template.pk,
                "branch": "شعبه تجریش",
                "date": "۱۴۰۴/۰۵/۱۲",
                "check-0": "1",
                "findings": "کثیف بود",
            },
        )
        lead_client.post(
            "/feedback/focus-groups/",
            {
                "title": "خرید اینترنتی",
                "date": "1404/06/01",
                "notes": "همه از هزینهٔ ارسال گله داشتند",
                "ideas": "ارسال رایگان",
            },
        )
    audit = Audit.objects.get()
    assert audit.score == 50.0
    assert set(FeedbackItem.objects.values_list("source", flat=True)) == {"review", "audit", "focus_group"}
    assert all(i.sentiment for i in FeedbackItem.objects.all())
    assert Idea.objects.filter(title="ارسال رایگان").exists()
    page = lead_client.get("/feedback/listening/").content.decode()
    assert "listening-data" in page and "بسته‌بندی عالی بود" in page
    for url in [
        "/feedback/",
        "/feedback/audits/",
        "/feedback/focus-groups/",
        "/feedback/board/",
        "/feedback/cards/",
    ]:
        assert lead_client.get(url).status_code == 200


def test_conversation_and_customer_pages_show_the_voice_of_the_customer(agent_client, csat_survey, resolved):
    from hamdel.feedback.services import invitation_create, response_save

    conv = resolved()
    invitation = invitation_create(actor=None, survey=csat_survey, conversation=conv)
    response_save(survey=csat_survey, answers={"csat": 4}, complete=True, invitation=invitation)
    from django.urls import reverse

    conversation_page = agent_client.get(
        reverse("conversations:conversation", args=[conv.number])
    ).content.decode()
    customer_page = agent_client.get(reverse("customers:customer", args=[conv.customer_id])).content.decode()
    assert 'id="voice-of-customer"' in conversation_page and csat_survey.name in conversation_page
    assert 'id="customer-feedback"' in customer_page and csat_survey.name in customer_page


def test_customer_and_conversation_pages_show_questions_not_keys(agent_client, nps_survey, resolved):
    from django.urls import reverse

    from hamdel.feedback.services import invitation_create, response_save

    conv = resolved()
    invitation = invitation_create(actor=None, survey=nps_survey, conversation=conv)
    response_save(
        survey=nps_survey,
        answers={"nps": 9, "topics": ["سرعت", "قیمت"]},
        complete=True,
        invitation=invitation,
    )

    for url in (
        reverse("conversations:conversation", args=[conv.number]),
        reverse("customers:customer", args=[conv.customer_id]),
    ):
        page = agent_client.get(url).content.decode()
        assert 'چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟ <bdi dir="auto">۹</bdi>' in page
        assert "سرعت، قیمت" in page
        assert "<bdi>nps</bdi>" not in page and "<bdi>topics</bdi>" not in page


def test_invitation_reaches_the_customer_in_persian_whatever_the_lead_reads(
    lead_client, csat_survey, resolved
):
    conv = resolved()
    lead_client.cookies["django_language"] = "en"

    lead_client.post(f"/feedback/surveys/{csat_survey.pk}/invite/", {"conversation": str(conv.number)})

    sent = Message.objects.filter(conversation=conv, meta__feedback_invitation__isnull=False).get()
    assert "این پیوند یک بار کار می‌کند و تا ۱۴ روز معتبر است." in sent.text
    assert "expires" not in sent.text


def test_csv_export_gives_tehran_time_and_the_jalali_date(db):
    import csv
    import datetime as dt
    import io

    from hamdel.feedback.models import Response
    from hamdel.feedback.selectors import survey_csv
    from hamdel.feedback.services import response_save, survey_create

    survey = survey_create(
        actor=None, name="CSAT", questions=[{"key": "csat", "type": "csat", "text": "راضی بودید؟"}]
    )
    response = response_save(survey=survey, answers={"csat": 5}, complete=True)
    Response.objects.filter(pk=response.pk).update(
        completed_at=dt.datetime(2026, 11, 23, 20, 45, tzinfo=dt.UTC)
    )
    (row,) = list(csv.DictReader(io.StringIO(survey_csv(survey=survey))))
    assert row["completed_at"] == "2026-11-24T00:15:00+03:30"
    assert row["completed_jalali"] == "1405-09-03 00:15"
    assert row["csat"] == "5"
