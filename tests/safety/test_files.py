"""Attachments: the type comes from the bytes, staff open them signed in, a customer through an expiring link;
oversized or broken payloads are refused clearly and still kept."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Attachment, EnvelopeStatus, InboundEnvelope
from tests.connectors.fakes import PNG

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def chat(db: None) -> Inbox:
    return Inbox.objects.create(name="گفتگو", kind="chat")


def _visitor(chat: Inbox) -> Client:
    client = Client()
    client.get(f"/channels/chat/{chat.key}/")
    return client


def _send_file(client: Client, chat: Inbox, name: str, data: bytes, declared: str) -> object:
    upload = SimpleUploadedFile(name, data, content_type=declared)
    return client.post(f"/channels/chat/{chat.key}/send/", {"client_id": name, "text": "", "file": upload})


def test_an_html_page_declared_as_png_is_stored_and_served_as_a_text_download(chat, agent_client):
    # given a visitor sends an HTML page named and declared as a PNG image
    sent = _send_file(_visitor(chat), chat, "photo.png", HTML, "image/png")
    assert sent.status_code == 201
    # then it is stored as what its bytes are: text, with a .txt name on disk
    stored = Attachment.objects.get()
    assert stored.content_type == "text/plain" and stored.file.name.endswith(".txt")
    assert "/media/" not in stored.staff_url
    # and staff get it as a download the browser must not sniff into HTML
    response = agent_client.get(stored.staff_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == HTML


def test_a_real_png_opens_inline_and_keeps_a_png_extension(chat, agent_client):
    _send_file(_visitor(chat), chat, "receipt.exe", PNG, "application/x-msdownload")
    stored = Attachment.objects.get()
    assert stored.content_type == "image/png" and stored.file.name.endswith(".png")
    response = agent_client.get(stored.staff_url)
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline;")


def test_files_are_for_staff_or_the_signed_link_only(chat, agent_client, settings):
    visitor = _visitor(chat)
    _send_file(visitor, chat, "receipt.png", PNG, "image/png")
    stored = Attachment.objects.get()
    # nobody reaches the file without signing in, nor through the media folder
    anonymous = Client().get(stored.staff_url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    assert Client().get("/media/" + stored.file.name).status_code == 404
    # the customer who sent it sees a signed link in their chat, which works without signing in
    link = visitor.get(f"/channels/chat/{chat.key}/history/").json()["messages"][0]["files"][0]["url"]
    assert link != stored.staff_url
    assert Client().get(link).status_code == 200
    # a changed link is refused, and an expired one says so in Persian
    assert Client().get(link[:-3] + "xyz/").status_code == 404
    settings.HAMDEL_ATTACHMENT_LINK_SECONDS = -1
    expired = Client().get(link)
    assert expired.status_code == 410 and "منقضی" in expired.content.decode()


def test_an_oversized_file_is_refused_in_persian_and_its_payload_kept(chat, settings):
    settings.HAMDEL_MAX_ATTACHMENT_BYTES = 1024 * 1024
    big = PNG + b"\0" * (1024 * 1024 + 10)
    response = _send_file(_visitor(chat), chat, "scan.png", big, "image/png")
    assert response.status_code == 413
    assert response.json() == {
        "message": "پرونده بیش از اندازه بزرگ است: حداکثر ۱ مگابایت.",
        "code": "too_large",
    }
    assert not Attachment.objects.exists()
    envelope = InboundEnvelope.objects.get()
    assert envelope.status == EnvelopeStatus.FAILED
    kept = json.loads(envelope.payload)["files"][0]["data"]
    assert base64.b64decode(kept) == big


def test_invalid_utf8_is_refused_and_the_exact_bytes_kept(api):
    raw = '{"channel": "api", "external_id": "x1", "customer": {"phone": "0912"}, "text": "سلام '.encode()
    raw += b"\xff\xfe" + b'"}'
    response = api.client.post("/api/v1/inbound", raw, content_type="application/json", headers=api.headers)
    assert response.status_code == 400 and response.json()["code"] == "invalid_utf8"
    envelope = InboundEnvelope.objects.get()
    assert envelope.status == EnvelopeStatus.FAILED and "UTF-8" in envelope.error
    assert base64.b64decode(envelope.payload) == raw  # not one byte replaced


def test_bodies_over_two_and_a_half_megabytes_are_kept_and_over_the_limit_refused_with_413(api, settings):
    text = "سلام " * 700_000  # about 3.5 MB: Django's default limit refused (and lost) it before
    body = json.dumps(
        {"channel": "api", "external_id": "big", "customer": {"phone": "09121234567"}, "text": text}
    )
    response = api.client.post("/api/v1/inbound", body, content_type="application/json", headers=api.headers)
    assert response.status_code == 422  # too long a text for a message, but it reached Hamdel
    assert InboundEnvelope.objects.get().payload == body
    settings.HAMDEL_MAX_BODY_BYTES = 1024 * 1024
    response = api.client.post("/api/v1/inbound", body, content_type="application/json", headers=api.headers)
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert "حداکثر ۱ مگابایت پذیرفته می‌شود" in response.json()["message"]  # the limit, in Persian digits
    assert InboundEnvelope.objects.filter(status=EnvelopeStatus.FAILED, payload=body).count() == 2


def test_a_verified_webhook_with_invalid_utf8_is_refused_and_kept(db):
    bot = Inbox.objects.create(name="ربات", kind="telegram", webhook_secret="right-secret")
    raw = b'{"update_id": 1, "message": {"text": "\xff\xfe"}}'
    response = Client().post(
        f"/channels/hook/telegram/{bot.key}/",
        raw,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "right-secret"},
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_utf8"
    assert base64.b64decode(InboundEnvelope.objects.get().payload) == raw
