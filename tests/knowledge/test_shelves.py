"""Categories (the help centre's shelves), archiving a published article and deleting a draft."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hamdel.accounts.services import api_key_create
from hamdel.knowledge.models import Article, Category, Visibility
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_api(lead: Any) -> ApiClient:
    return ApiClient(api_key_create(name="lead", user=lead)[1])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_supervisor_keeps_the_shelves_through_the_api(lead_api: ApiClient, write: Callable) -> None:
    # a supervisor adds two shelves; the second comes first because of its order
    payment = lead_api.post("/kb/categories", {"name": "پرداخت", "description": "درگاه و قسط", "order": 20})
    assert payment.status_code == 201, payment.content
    shipping = lead_api.post("/kb/categories", {"name": "ارسال و تحویل", "order": 5}).json()
    write("هزینه ارسال", category=shipping["id"])
    write("پیش‌نویس ارسال", visibility="draft", category=shipping["id"])
    listed = lead_api.get("/kb/categories").json()
    assert [(c["name"], c["articles"], c["public_articles"]) for c in listed] == [
        ("ارسال و تحویل", 2, 1),
        ("پرداخت", 0, 0),
    ]
    # renaming keeps the address, so help-centre links already shared still work
    renamed = lead_api.patch(f"/kb/categories/{shipping['id']}", {"name": "ارسال", "order": "30"})
    assert renamed.status_code == 200
    assert (renamed.json()["name"], renamed.json()["slug"], renamed.json()["order"]) == (
        "ارسال",
        shipping["slug"],
        30,
    )
    # removing a shelf keeps its articles, without a category
    assert lead_api.delete(f"/kb/categories/{shipping['id']}").status_code == 204
    assert Article.objects.filter(title="هزینه ارسال", category=None).exists()
    assert list(Category.objects.values_list("name", flat=True)) == ["پرداخت"]


def test_bad_shelves_are_refused_naming_each_field(lead_api: ApiClient, api: ApiClient) -> None:
    lead_api.post("/kb/categories", {"name": "پرداخت"})
    # a second shelf with the same name, a negative order and an unknown field: one answer naming all three
    refused = lead_api.post("/kb/categories", {"name": " پرداخت ", "order": -1, "description": "x" * 301})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "invalid_category"
    assert {e["field"] for e in body["extra"]["errors"]} == {"name", "order", "description"}
    # an agent may read the shelves but not change them, and nothing changes
    assert api.get("/kb/categories").status_code == 200
    assert api.post("/kb/categories", {"name": "تازه"}).status_code == 403
    assert list(Category.objects.values_list("name", flat=True)) == ["پرداخت"]


def test_an_archived_article_leaves_every_search_and_can_come_back(
    lead_api: ApiClient, write: Callable
) -> None:
    article = write("بازگشت کالا", body="تا هفت روز می‌توانید کالا را پس بدهید", questions=["میخوام پس بدم"])
    assert [h["id"] for h in lead_api.get("/kb/search", q="میخوام پس بدم", public_only=True).json()] == [
        article.pk
    ]
    # archiving is a change of visibility by a publisher
    archived = lead_api.patch(f"/kb/articles/{article.pk}", {"visibility": "archived"})
    assert archived.json()["visibility"] == "archived"
    # it is gone from the help centre, the staff search and the default list, and its page answers 404
    assert lead_api.get("/kb/search", q="میخوام پس بدم", public_only=True).json() == []
    assert lead_api.get("/kb/search", q="میخوام پس بدم").json() == []
    assert Client().get(f"/help/a/{article.slug}/").status_code == 404
    staff = _client(article.author or article.published_by)
    assert "بازگشت کالا" not in staff.get("/kb/").content.decode()
    assert "بازگشت کالا" in staff.get("/kb/?visibility=archived").content.decode()
    # publishing it again restores it
    lead_api.patch(f"/kb/articles/{article.pk}", {"visibility": "public"})
    assert [h["id"] for h in lead_api.get("/kb/search", q="میخوام پس بدم", public_only=True).json()] == [
        article.pk
    ]


def test_a_new_article_cannot_start_archived(lead_api: ApiClient) -> None:
    refused = lead_api.post("/kb/articles", {"title": "x", "body": "y", "visibility": "archived"})
    assert refused.status_code == 400
    assert refused.json()["extra"]["visibility"]
    assert not Article.objects.exists()


def test_only_a_never_published_draft_is_deleted(
    api: ApiClient, lead_api: ApiClient, agent: Any, write: Callable
) -> None:
    # an agent deletes their own draft
    mine = api.post("/kb/articles", {"title": "پیش‌نویس من", "body": "متن"}).json()
    assert api.delete(f"/kb/articles/{mine['id']}").status_code == 204
    assert not Article.objects.filter(pk=mine["id"]).exists()
    # but not a colleague's draft
    theirs = write("پیش‌نویس سرپرست", visibility="draft")
    assert api.delete(f"/kb/articles/{theirs.pk}").status_code == 403
    # and a published article is archived, never deleted: 409 and it stays
    live = write("ساعت کاری")
    refused = lead_api.delete(f"/kb/articles/{live.pk}")
    assert refused.status_code == 409
    assert refused.json()["code"] == "article_was_published"
    assert Article.objects.filter(pk__in=[theirs.pk, live.pk]).count() == 2


def test_the_categories_page_adds_renames_and_removes(lead: Any, agent: Any, write: Callable) -> None:
    page = _client(lead)
    added = page.post("/kb/categories/", {"name": "حساب کاربری", "description": "ورود و رمز", "order": "10"})
    assert added.status_code == 302
    shelf = Category.objects.get(name="حساب کاربری")
    write("فراموشی رمز", category=shelf.pk)
    html = page.get("/kb/categories/").content.decode()
    assert 'value="حساب کاربری"' in html
    assert "۱ (۱ عمومی)" in html
    # the order box shows Persian digits and takes them back
    assert 'value="۱۰"' in html
    page.post(f"/kb/categories/{shelf.pk}/", {"name": "ورود و حساب", "description": "", "order": "۱۲"})
    shelf.refresh_from_db()
    assert (shelf.name, shelf.order) == ("ورود و حساب", 12)
    # an agent sees the list without the forms, and a post from them changes nothing
    agent_page = _client(agent)
    assert 'name="name"' not in agent_page.get("/kb/categories/").content.decode().split("new-cat-h")[0]
    agent_page.post(f"/kb/categories/{shelf.pk}/delete/")
    assert Category.objects.filter(pk=shelf.pk).exists()
    # the supervisor removes it; the article stays
    page.post(f"/kb/categories/{shelf.pk}/delete/")
    assert not Category.objects.filter(pk=shelf.pk).exists()
    assert Article.objects.get(title="فراموشی رمز").category is None


def test_the_article_page_offers_archive_and_the_draft_page_delete(lead: Any, write: Callable) -> None:
    live = write("هزینه ارسال")
    draft = write("پیش‌نویس", visibility="draft")
    page = _client(lead)
    assert 'value="archived"' in page.get(f"/kb/{live.pk}/").content.decode()
    assert f"/kb/{draft.pk}/delete/" in page.get(f"/kb/{draft.pk}/").content.decode()
    assert f"/kb/{live.pk}/delete/" not in page.get(f"/kb/{live.pk}/").content.decode()
    page.post(f"/kb/{live.pk}/publish/", {"visibility": "archived"})
    live.refresh_from_db()
    assert live.visibility == Visibility.ARCHIVED
    page.post(f"/kb/{draft.pk}/delete/")
    assert not Article.objects.filter(pk=draft.pk).exists()
