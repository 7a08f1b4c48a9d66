"""The staff pages: write a draft, publish, history; an agent's reply becomes a draft; the composer panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation
from hamdel.conversations.services.replies import reply
from hamdel.knowledge.models import Article, ArticleVersion, Visibility

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {"title": "ساعت کاری پشتیبانی", "body": "شنبه تا چهارشنبه **۹ تا ۱۷**", "questions": "کی جواب میدید؟"}


def test_an_agent_writes_a_draft_and_a_supervisor_publishes_it(agent: Any, lead: Any) -> None:
    # an agent saves a draft from the form
    response = _client(agent).post("/kb/new/", FORM)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.visibility, article.questions, article.author) == (
        Visibility.DRAFT,
        ["کی جواب میدید؟"],
        agent,
    )
    # asking to publish from the form is refused on the form, and nothing changes
    refused = _client(agent).post(f"/kb/{article.pk}/edit/", {**FORM, "title": "عوض", "visibility": "public"})
    assert refused.status_code == 400
    assert "اجازه" in refused.content.decode()
    article.refresh_from_db()
    assert (article.title, article.visibility, article.versions.count()) == (FORM["title"], "draft", 1)
    # the publish button refuses an agent too
    _client(agent).post(f"/kb/{article.pk}/publish/", {"visibility": "public"})
    assert Article.objects.get().visibility == Visibility.DRAFT
    # a supervisor publishes it; the page shows the history and the help-centre link
    _client(lead).post(f"/kb/{article.pk}/publish/", {"visibility": "public"})
    article.refresh_from_db()
    assert (article.visibility, article.published_by) == (Visibility.PUBLIC, lead)
    page = _client(lead).get(f"/kb/{article.pk}/").content.decode()
    assert "تاریخچهٔ نسخه‌ها" in page and "نسخهٔ ۲" in page
    assert "<strong>۹ تا ۱۷</strong>" in page
    assert Client().get(f"/help/a/{article.slug}/").status_code == 200


def test_the_list_filters_and_searches(agent: Any, write: Callable[..., Article]) -> None:
    write("هزینه ارسال", "ارسال بالای یک میلیون رایگان است")
    write("راهنمای داخلی مرجوعی", "کد انبار", "internal")
    client = _client(agent)
    page = client.get("/kb/", {"visibility": "internal"}).content.decode()
    assert "راهنمای داخلی مرجوعی" in page and "هزینه ارسال" not in page
    page = client.get("/kb/", {"q": "هزينه ارسال"}).content.decode()
    assert "هزینه ارسال" in page and "راهنمای داخلی مرجوعی" not in page


def test_preview_renders_markdown_inert(agent: Any) -> None:
    html = (
        _client(agent).post("/kb/preview/", {"body": "**پررنگ** <script>alert(1)</script>"}).content.decode()
    )
    assert "<strong>پررنگ</strong>" in html and "<script>" not in html


def test_an_agent_reply_becomes_a_draft_article(agent: Any, inbound: Callable[..., Any]) -> None:
    # given a customer's question and the agent's good reply
    result = inbound("سلام، فاکتور رسمی با کد اقتصادی می‌دهید؟")
    conversation = Conversation.objects.get(pk=result.conversation_id)
    answer = reply(
        conversation=conversation, author=agent, text="بله، در مرحلهٔ پرداخت «فاکتور رسمی» را بزنید."
    )
    # when the agent presses "make a draft article of this reply"
    response = _client(agent).post(f"/kb/from-message/{answer.pk}/")
    # then a draft opens for checking: the question is the customer's message, the body is the reply
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kb/{article.pk}/edit/"
    assert article.title == "سلام، فاکتور رسمی با کد اقتصادی می‌دهید؟"
    assert article.body == "بله، در مرحلهٔ پرداخت «فاکتور رسمی» را بزنید."
    assert article.visibility == Visibility.DRAFT
    # a customer's message cannot be turned into an article
    _client(agent).post(f"/kb/from-message/{result.message_id}/")
    assert Article.objects.count() == 1


def test_the_api_turns_a_reply_into_a_draft(agent: Any, api: Any, inbound: Callable[..., Any]) -> None:
    result = inbound("ساعت کاری شما چیست؟")
    conversation = Conversation.objects.get(pk=result.conversation_id)
    answer = reply(conversation=conversation, author=agent, text="شنبه تا چهارشنبه ۹ تا ۱۷.")
    created = api.post("/kb/articles/from-message", {"message_id": answer.pk})
    assert created.status_code == 201 and created.json()["visibility"] == "draft"
    refused = api.post("/kb/articles/from-message", {"message_id": result.message_id})
    assert refused.status_code == 400 and refused.json()["code"] == "not_a_reply"
    assert ArticleVersion.objects.count() == 1


def test_the_conversation_page_offers_articles_for_the_customers_message(
    agent: Any, inbound: Callable[..., Any], write: Callable[..., Article]
) -> None:
    write("هزینه ارسال", "ارسال بالای یک میلیون تومان رایگان است", questions=["ارسال رایگان دارید؟"])
    result = inbound("سلام، ارسال رایگان دارید؟")
    number = Conversation.objects.get(pk=result.conversation_id).number
    page = _client(agent).get(f"/c/{number}/").content.decode()
    assert 'id="kb-panel"' in page
    assert "هزینه ارسال" in page and "درج پیوند" in page


def test_the_web_form_starts_with_the_carried_search() -> None:
    form = Inbox.objects.create(name="فرم", kind="web_form")
    page = Client().get(f"/channels/form/{form.key}/", {"question": "فاکتور رسمی"}).content.decode()
    assert ">فاکتور رسمی</textarea>" in page
