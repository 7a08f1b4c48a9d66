"""Webhook subscriptions through the API: the secret once, Persian refusals that change nothing, SSRF."""

from __future__ import annotations

import pytest

from hamdel.automation.webhooks.models import WebhookSubscription

PUBLIC = "http://93.184.216.34/hooks"  # a literal public address: no DNS needed in the test


def test_create_answers_id_and_secret_once(admin_api):
    r = admin_api.post("/webhooks", {"url": PUBLIC, "events": ["conversation.created"], "description": "CRM"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["id"] and body["secret"].startswith("whsec_")
    listed = admin_api.get("/webhooks").json()
    assert [w["id"] for w in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in admin_api.get(f"/webhooks/{body['id']}").json()


def test_unknown_event_is_refused_in_persian_and_nothing_is_saved(admin_api):
    r = admin_api.post("/webhooks", {"url": PUBLIC, "events": ["message.received", "ticket.exploded"]})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "unknown_event"
    assert "ticket.exploded" in body["extra"]["events"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused(admin_api, url):
    r = admin_api.post("/webhooks", {"url": url, "events": ["conversation.created"]})
    assert r.status_code == 400, url
    assert r.json()["code"] == "private_address"
    assert r.json()["extra"] == {"url": "private_address"}
    assert not WebhookSubscription.objects.exists()


def test_on_premise_setting_allows_private_addresses(admin_api, settings):
    settings.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = True
    r = admin_api.post("/webhooks", {"url": "http://10.1.2.3/hook", "events": ["sla.breached"]})
    assert r.status_code == 201


@pytest.mark.parametrize("url", ["ftp://93.184.216.34/x", "not a url", "", "http:///nohost"])
def test_invalid_url_is_refused(admin_api, url):
    r = admin_api.post("/webhooks", {"url": url, "events": ["conversation.created"]})
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_url"
    assert "url" in r.json()["extra"]


def test_every_bad_field_is_named(admin_api):
    r = admin_api.post("/webhooks", {"url": "http://127.0.0.1/", "events": []})
    assert r.status_code == 400
    assert set(r.json()["extra"]) == {"url", "events"}


def test_patch_and_delete(admin_api):
    wid = admin_api.post("/webhooks", {"url": PUBLIC, "events": ["conversation.created"]}).json()["id"]
    r = admin_api.patch(f"/webhooks/{wid}", {"events": ["survey.answered", "sla.breached"], "enabled": False})
    assert r.status_code == 200, r.content
    assert r.json()["events"] == ["sla.breached", "survey.answered"]
    assert r.json()["enabled"] is False
    bad = admin_api.patch(f"/webhooks/{wid}", {"url": "http://127.0.0.1/", "description": "x"})
    assert bad.status_code == 400
    assert WebhookSubscription.objects.get(pk=wid).description == ""
    r = admin_api.client.delete(f"/api/v1/webhooks/{wid}", headers=admin_api.headers)
    assert r.status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_agents_cannot_manage_webhooks(api):
    assert api.post("/webhooks", {"url": PUBLIC, "events": ["conversation.created"]}).status_code == 403
    assert api.get("/webhooks").status_code == 403
    assert not WebhookSubscription.objects.exists()


def test_event_catalogue_lists_the_public_events(admin_api):
    names = {e["name"] for e in admin_api.get("/webhooks/events").json()}
    assert {
        "message.received",
        "conversation.created",
        "conversation.updated",
        "conversation.resolved",
        "sla.warning",
        "sla.breached",
        "survey.answered",
        "promise.due",
    } <= names


def test_legacy_env_hook_becomes_a_subscription_once(db):
    from hamdel.automation.webhooks.services import webhook_import_legacy
    from hamdel.core.permissions import SYSTEM

    first = webhook_import_legacy(actor=SYSTEM, url=PUBLIC, secret="old-secret", events=["message.received"])
    assert first is not None and first.secret == "old-secret" and first.events == ["message.received"]
    again = webhook_import_legacy(actor=SYSTEM, url=PUBLIC, secret="old-secret", events=["message.received"])
    assert again is None
    assert WebhookSubscription.objects.count() == 1
