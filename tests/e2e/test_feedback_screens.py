"""The team lead's feedback pages and the public pages render right-to-left at laptop and phone width.

Set HAMDEL_SCREENSHOTS=dir to also save screenshots of each page (used for docs/feedback.md).
"""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage
from hamdel.feedback.models import FeedbackItem, Response
from hamdel.feedback.services import idea_submit, idea_vote, item_create, response_save, survey_create

PAGES = [
    ("builder", "/feedback/surveys/new/"),
    ("results", "/feedback/surveys/{sid}/"),
    ("listening", "/feedback/listening/"),
    ("ideas", "/feedback/ideas/"),
    ("survey", "/feedback/l/{key}/"),
]


def _seed() -> tuple[int, str]:
    lead = user_create(username="lead", password="s3cret-pass", role="supervisor", display_name="نسرین")
    survey = survey_create(
        name="رضایت پس از پشتیبانی",
        actor=lead,
        intro="چند ثانیه وقت بگذارید و بگویید کار ما چطور بود.",
        questions=[
            {"key": "csat", "type": "csat", "text": "چقدر از پاسخ ما راضی بودید؟"},
            {
                "key": "why",
                "type": "text",
                "text": "چه چیزی خوب نبود؟",
                "required": False,
                "show_if": {"key": "csat", "op": "lte", "value": 2},
            },
            {"key": "nps", "type": "nps", "text": "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟"},
            {"key": "ces", "type": "ces", "text": "رسیدگی به درخواستم آسان بود.", "required": False},
            {"key": "comment", "type": "text", "text": "حرف دیگری دارید؟", "required": False},
        ],
    )
    comments = ["پاسخ سریع و مودبانه بود، ممنون", "خیلی دیر جواب دادید و مشکلم حل نشد", "", "عالی بود", ""]
    for i in range(24):
        csat = [5, 4, 4, 2, 5, 3, 1, 4][i % 8]
        answers = {"csat": csat, "nps": [10, 9, 7, 3, 8, 9, 2, 10][i % 8], "ces": [6, 5, 7, 2][i % 4]}
        if comments[i % 5]:
            answers["why" if csat <= 2 else "comment"] = comments[i % 5]
        r = response_save(survey=survey, answers=answers, complete=True)
        Response.objects.filter(pk=r.pk).update(completed_at=timezone.now() - dt.timedelta(days=i * 3))
    for i, (source, text) in enumerate(
        [
            ("review", "کیفیت پارچه عالی بود ولی بسته دیر رسید"),
            ("social", "پشتیبانی همدل واقعاً پیگیر بود 👏"),
            ("suggestion", "کاش امکان پرداخت اقساطی داشتید"),
            ("audit", "کارمند باجه سلام نکرد و صف طولانی بود"),
            ("card", "برخورد کارمند شعبه ونک بسیار خوب بود"),
            ("focus_group", "همه از هزینهٔ ارسال گله داشتند"),
        ]
        * 4
    ):
        item_create(
            actor=lead, source=source, text=text, occurred_at=timezone.now() - dt.timedelta(days=i * 3)
        )
    from hamdel.feedback.services import item_analyze

    for item in FeedbackItem.objects.all():
        item_analyze(item_id=item.pk)
    a = idea_submit(title="پرداخت اقساطی برای خریدهای بالای ده میلیون", voter="a")
    for v in "bcdefg":
        idea_vote(idea=a, voter=v)
    idea_submit(title="اپلیکیشن موبایل با پیگیری سفارش", voter="h")
    idea_submit(title="ارسال رایگان برای مشتریان وفادار", voter="i")
    ingest(
        InboundMessage(
            channel="sms", identity_kind="phone", address="09120000000", text="سلام", external_id="s"
        )
    )
    return survey.pk, survey.public_key


@pytest.mark.parametrize("width", [1280, 375])
def test_feedback_pages_read_right_to_left(server, browser, width):
    sid, key = _seed()
    shots = os.environ.get("HAMDEL_SCREENSHOTS", "")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "lead")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    for name, path in PAGES:
        page.goto(server + path.format(sid=sid, key=key))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("h1").first).to_be_visible()
        if name in ("survey", "ideas"):
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        if shots:
            page.wait_for_timeout(600)  # let Chart.js finish its animation for the picture only
            page.screenshot(path=f"{shots}/feedback-{name}-{width}.png", full_page=name != "listening")
