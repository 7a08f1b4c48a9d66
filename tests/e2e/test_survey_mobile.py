"""A customer answers a satisfaction survey on a phone-width screen (375 px), in Persian, right to left."""

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.feedback.models import Response
from hamdel.feedback.services import invitation_create, survey_create

QUESTIONS = [
    {"key": "csat", "type": "csat", "text": "چقدر از پاسخ ما راضی بودید؟"},
    {
        "key": "why",
        "type": "text",
        "text": "چه چیزی خوب نبود؟",
        "required": True,
        "show_if": {"key": "csat", "op": "lte", "value": 2},
    },
    {"key": "nps", "type": "nps", "text": "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟"},
    {
        "key": "topics",
        "type": "multiple_choice",
        "text": "از چه چیزی راضی بودید؟",
        "required": False,
        "choices": ["سرعت پاسخ", "برخورد", "حل مشکل"],
    },
]


def test_customer_answers_a_survey_on_a_phone(server, browser):
    # given a customer invited after their conversation
    lead = user_create(username="lead", password="s3cret-pass", role="supervisor")
    survey = survey_create(name="نظرسنجی رضایت", questions=QUESTIONS, actor=lead)
    result = ingest(
        InboundMessage(
            channel="sms", identity_kind="phone", address="09121112233", text="سلام", external_id="m1"
        )
    )
    invitation = invitation_create(
        actor=lead, survey=survey, conversation=Conversation.objects.get(pk=result.conversation_id)
    )

    page = browser.new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(f"{server}/feedback/s/{invitation.token}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("نظرسنجی رضایت")
    # the page fits the phone: nothing scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # when the customer picks a low score, the follow-up question appears
    why = page.locator("#q-why")
    expect(why).to_be_hidden()
    page.locator("#q-csat label.fb-opt").nth(1).tap()
    expect(why).to_be_visible()
    # partial answers are saved as they go
    expect(page.locator("#save-state")).to_contain_text("✓")
    assert Response.objects.get().answers == {"csat": 2}

    # a required question left empty is named, not lost
    page.locator("#q-nps label.fb-opt").nth(7).tap()
    page.locator("button.fb-send").tap()
    expect(page.locator(".fb-error")).to_contain_text("چه چیزی خوب نبود؟")
    page.fill("#q-why textarea", "دو روز منتظر ماندم")
    page.locator("#q-topics label", has_text="برخورد").tap()
    page.locator("button.fb-send").tap()

    # then the thank-you page, and the answers are stored once
    expect(page.locator("h1")).to_contain_text("!")
    response = Response.objects.get(completed_at__isnull=False)
    assert response.answers == {"csat": 2, "why": "دو روز منتظر ماندم", "nps": 7, "topics": ["برخورد"]}
    # the invitation cannot be used again
    page.goto(f"{server}/feedback/s/{invitation.token}/")
    expect(page.locator(".fb-send")).to_have_count(0)
