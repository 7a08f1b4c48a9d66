"""Channels as one spec each: the registry drives every list, secrets are encrypted and never shown back,
only admins change channels, and log-only channels say «ثبت شد» (logged) instead of «ارسال شد» (sent)."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils.module_loading import import_string

from hamdel.accounts.services import api_key_create
from hamdel.connectors import registry
from hamdel.connectors.models import Inbox
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, Message
from hamdel.core import channels
from tests.conftest import ApiClient
from tests.connectors.fakes import FakeServer

pytestmark = pytest.mark.django_db

TOKEN = "123456:AAE-very-secret-bot-token"


@pytest.fixture
def admin_api(channel_admin):
    _key, plain = api_key_create(name="admin", user=channel_admin)
    return ApiClient(plain)


def _raw(inbox_id: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM connectors_inbox WHERE id = %s", [inbox_id])  # noqa: S608
        return cursor.fetchone()[0]


# --- the registry is the one list -------------------------------------------------------------------------


def test_every_channel_list_reads_the_registry(channel_admin):
    names = [spec.name for spec in registry.specs()]
    assert names == channels.names()
    for model in (Conversation, Message):
        assert [value for value, _label in model._meta.get_field("channel").choices] == names
    client = Client()
    client.force_login(channel_admin)
    page = client.get("/channels/settings/").content.decode()
    for spec in registry.specs():
        assert (f'?kind={spec.name}"' in page) == spec.has_inbox


class ToyProvider(FakeServer):
    """The WhatsApp HTTP provider: POST /messages answers {"id": …}."""

    def answer(self, path, fields):
        return (200, {"id": "wamid-1"}) if path == "/messages" else (404, {})


@pytest.fixture
def whatsapp():
    """The toy channel of docs/adding-a-channel.md, added the way the registry line adds it."""
    registry.register(import_string("tests.connectors.whatsapp.spec.WHATSAPP"))
    provider = ToyProvider()
    yield provider
    provider.stop()
    registry.unregister("whatsapp")


def test_a_new_channel_is_one_folder_and_one_registry_line(
    whatsapp, admin_api, channel_admin, agent, django_capture_on_commit_callbacks
):
    # the settings page offers it and an admin sets it up with its own (secret) settings, no migration
    client = Client()
    client.force_login(channel_admin)
    assert '?kind=whatsapp"' in client.get("/channels/settings/").content.decode()
    created = admin_api.post(
        "/inboxes",
        {
            "kind": "whatsapp",
            "name": "واتس‌اپ فروشگاه",
            "settings": {
                "api_url": whatsapp.url,
                "api_key": "wa-key-0001-secret",
                "app_secret": "s3cr3t-app",
            },
        },
    )
    assert created.status_code == 201, created.content
    inbox = Inbox.objects.get(kind="whatsapp")
    assert "s3cr3t-app" not in _raw(inbox.pk, "secret_options")
    # the provider's signed webhook brings a customer message into the inbox
    body = json.dumps({"id": "m1", "from": "+989121234567", "name": "مینا", "text": "سلام، سفارشم کجاست؟"})
    signature = "sha256=" + hmac.new(b"s3cr3t-app", body.encode(), hashlib.sha256).hexdigest()
    hook = f"/channels/hook/whatsapp/{inbox.key}/"
    forged = Client().post(hook, body, content_type="application/json", headers={"X-Signature": "x"})
    assert forged.status_code == 403
    answer = Client().post(hook, body, content_type="application/json", headers={"X-Signature": signature})
    assert answer.json() == {"ok": True}
    conv = Conversation.objects.get(channel="whatsapp")
    assert conv.customer.name == "مینا"
    # the agent's reply leaves through the channel's sender
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply(conversation=conv, author=agent, text="فردا می‌رسد.")
    reply.delivery.refresh_from_db()
    assert reply.delivery.status == "sent"
    ((path, fields, _raw_body),) = whatsapp.requests
    assert path == "/messages" and fields["to"] == "+989121234567" and fields["key"] == "wa-key-0001-secret"


# --- secrets ----------------------------------------------------------------------------------------------


def test_secrets_are_encrypted_in_the_row_and_never_shown_back(admin_api, channel_admin):
    data = {"kind": "telegram", "name": "ربات", "settings": {"bot_token": TOKEN}}
    created = admin_api.post("/inboxes", data)
    assert created.status_code == 201, created.content
    inbox = Inbox.objects.get()
    # at rest: neither the token nor the webhook secret is readable in the row
    assert TOKEN not in _raw(inbox.pk, "bot_token") and _raw(inbox.pk, "bot_token").startswith("enc1:")
    assert inbox.webhook_secret not in _raw(inbox.pk, "webhook_secret")
    assert inbox.bot_token == TOKEN  # Hamdel itself reads it
    # shown back: only the last four characters, in the API and on the page
    for response in (created, admin_api.get("/inboxes"), admin_api.get(f"/inboxes/{inbox.pk}")):
        text = response.content.decode()
        assert TOKEN not in text and inbox.webhook_secret not in text
    assert created.json()["settings"]["bot_token"] == "••••oken"
    client = Client()
    client.force_login(channel_admin)
    page = client.get(f"/channels/settings/{inbox.pk}/").content.decode()
    assert TOKEN not in page and inbox.webhook_secret not in page and "••••oken" in page
    # an empty secret keeps the saved one
    patched = admin_api.patch(f"/inboxes/{inbox.pk}", {"name": "ربات فروش", "settings": {"bot_token": ""}})
    assert patched.status_code == 200, patched.content
    inbox.refresh_from_db()
    assert (inbox.name, inbox.bot_token) == ("ربات فروش", TOKEN)


def test_existing_plaintext_secrets_are_encrypted_by_the_migration():
    inbox = Inbox.objects.create(name="پیامک", kind="sms", sms_api_key="plain-sms-key-123")
    with connection.cursor() as cursor:  # as a row written before encryption
        cursor.execute(
            "UPDATE connectors_inbox SET sms_api_key = %s WHERE id = %s", ["plain-sms-key-123", inbox.pk]
        )
    migration = importlib.import_module("hamdel.connectors.migrations.0003_encrypted_secrets_and_options")
    migration.encrypt_existing(apps, SimpleNamespace(connection=connection))
    assert _raw(inbox.pk, "sms_api_key").startswith("enc1:")
    assert Inbox.objects.get().sms_api_key == "plain-sms-key-123"


# --- who may change channels ------------------------------------------------------------------------------


def test_an_agents_key_changes_no_channel(api, admin_api):
    inbox = Inbox.objects.create(name="ربات", kind="telegram", bot_token=TOKEN)
    secret = inbox.webhook_secret
    refused = [
        api.post("/inboxes", {"kind": "telegram", "name": "دیگری", "settings": {"bot_token": "1:x"}}),
        api.patch(f"/inboxes/{inbox.pk}", {"name": "تغییر", "settings": {"bot_token": "2:y"}}),
        api.client.delete(f"/api/v1/inboxes/{inbox.pk}", headers=api.headers),
        api.post(f"/inboxes/{inbox.pk}/webhook-secret"),
        api.get("/inboxes"),
    ]
    assert [(r.status_code, r.json()["code"]) for r in refused] == [(403, "forbidden")] * 5
    inbox = Inbox.objects.get()
    assert (inbox.name, inbox.bot_token, inbox.webhook_secret) == ("ربات", TOKEN, secret)
    # an admin's key may
    assert admin_api.post(f"/inboxes/{inbox.pk}/webhook-secret").json()["webhook_secret"] != secret
    removed = admin_api.client.delete(f"/api/v1/inboxes/{inbox.pk}", headers=admin_api.headers)
    assert removed.status_code == 204
    assert not Inbox.objects.exists()


def test_settings_the_channel_does_not_have_are_refused(admin_api):
    response = admin_api.post("/inboxes", {"kind": "chat", "name": "گفتگو", "settings": {"bot_token": "1:x"}})
    assert response.status_code == 422 and response.json()["code"] == "unknown_setting"
    response = admin_api.post("/inboxes", {"kind": "telegram", "name": "ربات"})
    assert response.status_code == 422 and "bot_token" in response.json()["extra"]["fields"]
    assert not Inbox.objects.exists()


# --- log-only channels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "shown"), [("phone", "ثبت شد"), ("walk_in", "ثبت شد"), ("email", "ارسال شد")]
)
def test_a_reply_on_a_log_only_channel_reads_logged(
    channel, shown, inbound, agent, agent_client, django_capture_on_commit_callbacks, smtp_off
):
    kind = "email" if channel == "email" else "phone"
    address = "ali@example.ir" if channel == "email" else "09121234567"
    result = inbound("سلام", channel=channel, identity_kind=kind, address=address)
    conv = Conversation.objects.get(pk=result.conversation_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(conversation=conv, author=agent, text="حتماً، همین حالا.")
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    delivery = page.split('class="delivery delivery-sent">')[1].split("<")[0].strip()
    assert delivery == shown


@pytest.fixture
def smtp_off(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_the_django_admin_shows_inboxes_read_only_and_without_secrets(django_user_model):
    inbox = Inbox.objects.create(name="ربات", kind="telegram", bot_token=TOKEN)
    boss = django_user_model.objects.create_superuser("root", "root@example.ir", "s3cret-pass")
    client = Client()
    client.force_login(boss)
    page = client.get(f"/admin/connectors/inbox/{inbox.pk}/change/")
    assert page.status_code == 200
    assert TOKEN not in page.content.decode() and inbox.webhook_secret not in page.content.decode()
    assert client.post(f"/admin/connectors/inbox/{inbox.pk}/change/", {"name": "x"}).status_code == 403
    assert Inbox.objects.get().name == "ربات"
