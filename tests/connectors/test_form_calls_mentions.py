"""Guided web form, phone calls, social mentions, walk-ins and the channel settings page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation, Message
from hamdel.customers.services import customer_resolve
from tests.connectors.fakes import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture
def web_form(db):
    return Inbox.objects.create(name="فرم تماس", kind="web_form", problem_types="ارسال\nمرجوعی")


def _submit(client, inbox, **extra):
    data = {
        "form_id": "f1",
        "name": "سینا",
        "phone": "۰۹۱۲۱۲۳۴۵۶۷",
        "email": "",
        "problem_type": "ارسال",
        "order_number": "۴۵۶۷",
        "question_0": "سفارشم را دوشنبه ثبت کردم و هنوز نرسیده است.",
        "photos_0": SimpleUploadedFile("box.png", PNG, content_type="image/png"),
        "website": "",
    }
    data.update(extra)
    return client.post(f"/channels/form/{inbox.key}/", data)


def test_each_question_becomes_its_own_conversation_with_a_tracking_link(web_form):
    client = Client()
    page = client.get(f"/channels/form/{web_form.key}/").content.decode()
    form_id = page.split('name="form_id" value="')[1].split('"')[0]
    response = _submit(
        client, web_form, form_id=form_id, question_1="یک سوال دیگر: فاکتور رسمی هم صادر می‌کنید؟"
    )
    assert response.status_code == 200
    convs = Conversation.objects.filter(channel="web_form").order_by("number")
    assert convs.count() == 2
    first = convs[0]
    assert first.subject == "ارسال · سفارش 4567"
    assert first.messages.get().attachments.count() == 1
    page = response.content.decode()
    assert "form/t/" in page
    # the customer follows the private link and answers
    link = page.split('href="/channels/form/t/')[1].split('"')[0]
    assert "سفارشم را دوشنبه" in client.get(f"/channels/form/t/{link}").content.decode()
    client.post(f"/channels/form/t/{link}answer/", {"text": "کد پیگیری پست را هم دارم.", "answer_id": "a1"})
    assert first.messages.count() == 2
    # sending the same form twice (double click) changes nothing
    _submit(client, web_form, form_id=form_id, question_1="یک سوال دیگر: فاکتور رسمی هم صادر می‌کنید؟")
    assert Conversation.objects.filter(channel="web_form").count() == 2


def test_the_form_explains_what_is_missing(web_form):
    response = _submit(Client(), web_form, phone="123", question_0="کوتاه")
    assert response.status_code == 400
    page = response.content.decode()
    assert "09121234567" in page  # the phone hint
    assert not Conversation.objects.exists()


def test_robots_filling_the_honeypot_create_nothing_and_floods_are_limited(web_form, settings):
    _submit(Client(), web_form, website="http://spam")
    assert not Conversation.objects.exists()
    settings.HAMDEL_PUBLIC_RATE_PER_HOUR = 1
    from django.core.cache import cache

    cache.clear()
    client = Client()
    assert _submit(client, web_form, form_id="a").status_code == 200
    assert _submit(client, web_form, form_id="b").status_code == 429


def test_a_missed_call_from_the_phone_system_asks_for_a_call_back(api, settings):
    response = api.post(
        "/calls",
        {
            "caller": "09127654321",
            "missed": True,
            "call_id": "pbx-1",
            "ivr_path": ["2", "1"],
            "queue_wait_seconds": 95,
        },
    )
    assert response.status_code == 201
    conv = Conversation.objects.get(channel="phone")
    assert settings.HAMDEL_CALLBACK_TAG in [t.name for t in conv.tags.all()]
    message = conv.messages.filter(kind="message").get()
    assert message.meta["ivr_path"] == ["2", "1"] and message.meta["queue_wait_seconds"] == 95
    assert (
        api.post("/calls", {"caller": "09127654321", "missed": True, "call_id": "pbx-1"}).status_code == 200
    )
    assert api.post("/calls", {"caller": ""}).status_code in (400, 422)


def test_an_answered_call_with_transcript_and_notes(api):
    api.post(
        "/calls",
        {
            "caller": "09127654321",
            "duration_seconds": 180,
            "transcript": "گوشی خراب رسیده",
            "agent_notes": "قرار شد فردا تماس بگیریم",
            "recording_url": "https://pbx.example.ir/r/1.mp3",
        },
    )
    conv = Conversation.objects.get(channel="phone")
    assert conv.messages.filter(kind="message").get().text == "گوشی خراب رسیده"
    assert conv.messages.filter(kind="note").get().text == "قرار شد فردا تماس بگیریم"


def test_mentions_by_api_and_csv_keep_the_link_to_the_original(api):
    body = {
        "platform": "instagram",
        "author": "@mina",
        "url": "https://instagram.com/p/abc",
        "text": "هنوز پولم برنگشته!",
    }
    assert api.post("/mentions", body).status_code == 201
    assert api.post("/mentions", body).status_code == 200
    message = Message.objects.get(channel="social")
    assert message.meta["url"] == "https://instagram.com/p/abc"
    assert message.conversation.subject == "instagram · @mina"
    csv = (
        "platform,author,url,text,time\n"
        "x,reza,https://x.com/reza/1,ارسال خیلی کند بود,2026-11-20T10:00:00+03:30\n"
        "x,,https://x.com/2,بدون نویسنده,\n"
    ).encode()
    response = api.client.post(
        "/api/v1/mentions/import", {"file": SimpleUploadedFile("m.csv", csv, "text/csv")}, headers=api.headers
    )
    assert response.status_code == 200
    assert response.json()["ingested"] == 1 and len(response.json()["refused"]) == 1


def test_agent_logs_a_call_and_a_visit_from_the_customer_page(agent_client):
    customer = customer_resolve(kind="phone", address="09121112233", name="پرویز")
    page = agent_client.get(f"/customers/{customer.pk}/").content.decode()
    assert "/channels/customers/" in page
    response = agent_client.post(
        f"/channels/customers/{customer.pk}/walk-in/",
        {"text": "برای تعویض کفش آمد", "branch": "شعبه ونک", "visit_id": "v1"},
    )
    assert response.status_code == 302
    visit = Conversation.objects.get(channel="walk_in")
    assert visit.customer == customer
    agent_client.post(f"/channels/customers/{customer.pk}/call/", {"caller": "09121112233", "missed": "1"})
    assert Conversation.objects.get(channel="phone").customer == customer


def test_only_admins_configure_channels(agent_client, lead, channel_admin):
    assert agent_client.get("/channels/settings/").status_code == 403
    supervisor = Client()
    supervisor.force_login(lead)
    assert supervisor.get("/channels/settings/").status_code == 403
    client = Client()
    client.force_login(channel_admin)
    assert client.get("/channels/settings/").status_code == 200
    response = client.post(
        "/channels/settings/new/?kind=email",
        {
            "name": "پشتیبانی",
            "is_active": "on",
            "email_addresses": "support@shop.ir",
            "imap_port": "993",
            "imap_folder": "INBOX",
        },
    )
    assert response.status_code == 302
    inbox = Inbox.objects.get(kind="email")
    assert inbox.addresses == ["support@shop.ir"]
    assert client.post("/channels/settings/new/?kind=telegram", {"name": "ربات"}).status_code == 400
    page = client.get(f"/channels/settings/{inbox.pk}/").content.decode()
    assert "support@shop.ir" in page
