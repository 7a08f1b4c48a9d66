"""One visitor never sees another's chat or web-form request, whatever ids they send."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation, Message


@pytest.fixture
def chat(db: None) -> Inbox:
    return Inbox.objects.create(name="گفتگو", kind="chat")


@pytest.fixture
def web_form(db: None) -> Inbox:
    return Inbox.objects.create(name="فرم تماس", kind="web_form", problem_types="ارسال\nمرجوعی")


def _visitor(chat: Inbox) -> Client:
    client = Client()
    assert client.get(f"/channels/chat/{chat.key}/").status_code == 200
    return client


def test_visitor_b_sending_a_chat_client_id_of_visitor_a_gets_their_own_message(chat):
    # given visitor A's message with client id "c1"
    a, b = _visitor(chat), _visitor(chat)
    sent = a.post(f"/channels/chat/{chat.key}/send/", {"client_id": "c1", "text": "رمز سفارشم ۱۲۳۴ است"})
    assert sent.status_code == 201
    # when visitor B sends the same client id
    answer = b.post(f"/channels/chat/{chat.key}/send/", {"client_id": "c1", "text": "سلام"})
    # then B sees only B's message, and each history holds only its owner's messages
    assert answer.status_code == 201
    assert answer.json()["message"]["text"] == "سلام"
    assert "۱۲۳۴" not in answer.content.decode()
    b_history = [m["text"] for m in b.get(f"/channels/chat/{chat.key}/history/").json()["messages"]]
    a_history = [m["text"] for m in a.get(f"/channels/chat/{chat.key}/history/").json()["messages"]]
    assert b_history == ["سلام"] and a_history == ["رمز سفارشم ۱۲۳۴ است"]
    assert Conversation.objects.filter(channel="chat").count() == 2
    # and A sending "c1" again (a retry) still changes nothing
    a.post(f"/channels/chat/{chat.key}/send/", {"client_id": "c1", "text": "رمز سفارشم ۱۲۳۴ است"})
    assert Message.objects.filter(conversation__channel="chat").count() == 2


def _form_data(form_id: str, text: str, phone: str) -> dict[str, str]:
    return {
        "form_id": form_id,
        "name": "سینا",
        "phone": phone,
        "email": "",
        "problem_type": "ارسال",
        "order_number": "",
        "question_0": text,
        "website": "",
    }


def _form_id(page: str) -> str:
    return re.search(r'name="form_id" value="([^"]+)"', page).group(1)


def _links(page: str) -> list[str]:
    return re.findall(r'href="(/channels/form/t/[^"]+)"', page)


def test_visitor_b_sending_a_form_id_of_visitor_a_gets_their_own_request_and_link(web_form):
    # given visitor A's request, sent from the form the server gave A
    a, b = Client(), Client()
    a_id = _form_id(a.get(f"/channels/form/{web_form.key}/").content.decode())
    a_done = a.post(
        f"/channels/form/{web_form.key}/", _form_data(a_id, "آدرس من خیابان آزادی پلاک ۷ است.", "09121234567")
    )
    a_link = _links(a_done.content.decode())[0]
    # when visitor B sends A's form id (read from A's screen, or guessed) with B's own question
    b_done = b.post(
        f"/channels/form/{web_form.key}/", _form_data(a_id, "سفارش من کی می‌رسد؟ لطفاً بگویید.", "09351112233")
    )
    # then B gets a new request with a different link, and B's link never shows A's message
    assert b_done.status_code == 200
    b_links = _links(b_done.content.decode())
    assert len(b_links) == 1 and b_links[0] != a_link
    b_page = b.get(b_links[0]).content.decode()
    assert "خیابان آزادی" not in b_page and "سفارش من کی می‌رسد" in b_page
    assert Conversation.objects.filter(channel="web_form").count() == 2
    # and the raw id (what an old page or a forger sends) never joins an existing request either
    c_done = Client().post(
        f"/channels/form/{web_form.key}/",
        _form_data("f1", "سوال سوم من دربارهٔ فاکتور رسمی است.", "09121112222"),
    )
    assert "خیابان آزادی" not in Client().get(_links(c_done.content.decode())[0]).content.decode()


def test_the_tracking_link_is_a_random_token_not_an_id(web_form):
    client = Client()
    form_id = _form_id(client.get(f"/channels/form/{web_form.key}/").content.decode())
    done = client.post(
        f"/channels/form/{web_form.key}/", _form_data(form_id, "سفارشم را دوشنبه ثبت کردم.", "09121234567")
    )
    link = _links(done.content.decode())[0]
    token = link.removeprefix("/channels/form/t/").strip("/")
    conv = Conversation.objects.get(channel="web_form")
    assert re.fullmatch(r"[0-9a-f]{32}", token), token  # 128 random-looking bits, no id or thread inside
    assert form_id.split(":")[0] not in token and "form" not in token
    assert "سفارشم را دوشنبه" in Client().get(link).content.decode()
    assert conv.thread_key.endswith(token)
    # a changed character is refused
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert Client().get(f"/channels/form/t/{forged}/").status_code == 404
