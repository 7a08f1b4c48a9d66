"""The public help centre: anonymous, public articles only (by list, by address and by search), votes and the
log of what customers could not find."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.knowledge.models import Article, ArticleVote, SearchMiss

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(write: Callable[..., Article]) -> dict[str, Article]:
    return {
        "public": write(
            "بازگشت کالا",
            "تا **هفت روز** می‌توانید کالا را پس بدهید.",
            category="بازگشت",
            questions=["می‌خواهم کالا را پس بدهم"],
        ),
        "internal": write(
            "بازگشت کالا: راهنمای داخلی",
            "برای کالای بازگشتی کد انبار ۴۴ را بزنید.",
            "internal",
            category="بازگشت",
        ),
        "draft": write("بازگشت کالا با تخفیف ویژه", "پیش‌نویس محرمانه دربارهٔ بازگشت کالا", "draft"),
    }


def test_an_anonymous_visitor_reads_categories_and_a_public_article(shelf: dict[str, Article]) -> None:
    client = Client()
    home = client.get("/help/")
    assert home.status_code == 200
    html = home.content.decode()
    assert 'dir="rtl"' in html and "بازگشت" in html
    page = client.get(f"/help/a/{shelf['public'].slug}/")
    assert page.status_code == 200
    assert "<strong>هفت روز</strong>" in page.content.decode()


def test_internal_and_draft_articles_never_reach_the_public(shelf: dict[str, Article]) -> None:
    client = Client()
    # not by address
    for key in ("internal", "draft"):
        response = client.get(f"/help/a/{shelf[key].slug}/")
        assert response.status_code == 404
        assert shelf[key].title not in response.content.decode()
    # not by search, as you type or on the results page
    hits = client.get("/help/search.json", {"q": "بازگشت کالا"}).json()
    assert [h["title"] for h in hits] == ["بازگشت کالا"]
    assert client.get("/help/search.json", {"q": "کد انبار ۴۴"}).json() == []
    assert client.get("/help/search.json", {"q": "محرمانه"}).json() == []
    results = client.get("/help/", {"q": "بازگشت کالا"}).content.decode()
    assert "راهنمای داخلی" not in results and "تخفیف ویژه" not in results
    # not in the category list, and no vote on them
    category = client.get(f"/help/c/{shelf['public'].category.slug}/").content.decode()
    assert "راهنمای داخلی" not in category
    assert client.post(f"/help/a/{shelf['internal'].slug}/vote/", {"helpful": "yes"}).status_code == 404
    assert ArticleVote.objects.count() == 0


def test_search_as_you_type_folds_persian_spellings(shelf: dict[str, Article]) -> None:
    client = Client()
    for query in ("میخواهم کالا را پس بدهم", "مي‌خواهم كالا را پس بدهم", "میخوام کالا رو پس بدم"):
        hits = client.get("/help/search.json", {"q": query}).json()
        assert hits and hits[0]["title"] == "بازگشت کالا", query
        assert set(hits[0]) == {"id", "title", "url", "snippet", "score"}


def test_empty_and_huge_queries_answer_clearly(shelf: dict[str, Article]) -> None:
    client = Client()
    assert client.get("/help/search.json", {"q": ""}).json() == []
    response = client.get("/help/search.json", {"q": "بازگشت " * 2000})
    assert response.status_code == 200
    assert response.json()[0]["title"] == "بازگشت کالا"
    assert client.get("/help/", {"q": "x" * 10_000}).status_code == 200


def test_one_vote_per_visitor_and_the_reason_is_kept(shelf: dict[str, Article]) -> None:
    article = shelf["public"]
    visitor = Client()
    response = visitor.post(
        f"/help/a/{article.slug}/vote/", {"helpful": "no", "reason": "مهلت را برای کالای دیجیتال نگفت"}
    )
    assert response.status_code == 302
    assert "سپاس؛ پاسخ شما" in visitor.get(response["Location"]).content.decode()
    # voting again changes the answer, not the count
    visitor.post(f"/help/a/{article.slug}/vote/", {"helpful": "yes"})
    Client().post(f"/help/a/{article.slug}/vote/", {"helpful": "yes"})
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (2, 0)
    assert ArticleVote.objects.filter(article=article).count() == 2
    # a vote is not an edit: the search index and "updated" date stay as they were
    assert article.versions.count() == 1


def test_searches_that_find_nothing_are_logged_once_per_normalised_text(shelf: dict[str, Article]) -> None:
    visitor = Client()
    # typing «ارسال رایگان» letter by letter logs one row, not one per prefix
    for typed in ("ارس", "ارسا", "ارسال", "ارسال راي", "ارسال رایگان"):
        visitor.get("/help/search.json", {"q": typed})
    # another visitor, another spelling of the same words
    Client().get("/help/", {"q": "ارسال  رايگان"})
    rows = list(SearchMiss.objects.all())
    assert [(r.key, r.misses) for r in rows] == [("ارسال رایگان", 2)]
    # a query that finds something is not a miss
    Client().get("/help/search.json", {"q": "بازگشت کالا"})
    assert SearchMiss.objects.count() == 1


def test_still_need_help_carries_the_search_to_the_chat_and_the_form(shelf: dict[str, Article]) -> None:
    chat = Inbox.objects.create(name="گفت‌وگو", kind="chat")
    form = Inbox.objects.create(name="فرم", kind="web_form")
    client = Client()
    page = client.get("/help/", {"q": "فاکتور رسمی"}).content.decode()
    assert "هنوز کمک لازم دارید؟" in page
    to_chat = client.post("/help/contact/", {"q": "فاکتور رسمی", "to": "chat"})
    assert to_chat.status_code == 302
    url = urlparse(to_chat["Location"])
    assert url.path == f"/channels/chat/{chat.key}/"
    assert parse_qs(url.query)["text"] == ["فاکتور رسمی"]
    to_form = client.post("/help/contact/", {"q": "فاکتور رسمی", "to": "web_form"})
    url = urlparse(to_form["Location"])
    assert url.path == f"/channels/form/{form.key}/"
    assert parse_qs(url.query)["question"] == ["فاکتور رسمی"]
    miss = SearchMiss.objects.get(key="فاکتور رسمی")
    assert (miss.misses, miss.contacts) == (1, 2)
    # from an article page the article's title is carried, but the visitor found it: no miss
    article = shelf["public"]
    assert f'name="article" value="{article.pk}"' in client.get(f"/help/a/{article.slug}/").content.decode()
    client.post("/help/contact/", {"q": article.title, "to": "chat", "article": article.pk})
    assert not SearchMiss.objects.filter(key="بازگشت کالا").exists()


def test_staff_see_what_customers_could_not_find(shelf: dict[str, Article], agent_client: Any) -> None:
    Client().get("/help/search.json", {"q": "اقساطی خرید"})
    page = agent_client.get("/kb/misses/").content.decode()
    assert "اقساطی خرید" in page
