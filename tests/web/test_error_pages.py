"""The error pages a user may meet are Persian and right-to-left like every other page."""

from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def test_404_page_is_persian_and_right_to_left(db):
    # given a visitor whose browser asks for English (Hamdel is Persian first)
    response = Client().get("/no-such-page/", headers={"Accept-Language": "en-US"})
    # then the page says what happened, in Persian, right to left, with a way back
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="fa" dir="rtl"' in html
    assert "صفحه یافت نشد" in html and "۴۰۴" in html
    assert 'href="/"' in html and "Not Found" not in html


def test_404_for_an_unknown_conversation_number(agent_client):
    response = agent_client.get("/c/999999/")
    assert response.status_code == 404
    assert "صفحه یافت نشد" in response.content.decode()


def test_403_page_is_persian(agent_client):
    # an agent opens the user management page, which is an admin's
    response = agent_client.get("/settings/users/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'dir="rtl"' in html and "اجازهٔ باز کردن این صفحه را ندارید" in html


def test_500_page_renders_without_a_database_or_a_request_context():
    # no `db` fixture: any query here would fail the test (the locale middleware has chosen Persian)
    with translation.override("fa"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'dir="rtl"' in html and "در سمت ما خطایی پیش آمد" in html
