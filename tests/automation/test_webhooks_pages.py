"""The webhooks settings pages: add one (secret shown once), its log, redeliver, Persian refusals."""

from __future__ import annotations

from django.test import Client

from hamdel.automation.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from hamdel.demo.webhooks import load_webhooks_demo


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_add_a_webhook_and_see_its_secret_once(admin):
    client = _client(admin)
    r = client.post(
        "/automation/webhooks/",
        {"url": "https://93.184.216.34/h", "events": ["sla.breached"], "description": "CRM"},
    )
    assert r.status_code == 200
    secret = WebhookSubscription.objects.get().secret
    assert secret in r.content.decode()
    assert secret not in client.get("/automation/webhooks/").content.decode()


def test_a_private_address_is_refused_on_the_form(admin):
    r = _client(admin).post("/automation/webhooks/", {"url": "http://127.0.0.1/", "events": ["sla.breached"]})
    assert r.status_code == 400
    assert "شبکهٔ خصوصی" in r.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_delivery_log_and_redeliver(admin, inbound):
    inbound("سلام")
    load_webhooks_demo(admin=admin)
    hook = WebhookSubscription.objects.get(description="CRM فروشگاه")
    client = _client(admin)
    page = client.get(f"/automation/webhooks/{hook.pk}/").content.decode()
    delivery = WebhookDelivery.objects.first()
    assert str(delivery.uuid) in page and "۲۰۰" in page
    r = client.post(f"/automation/webhooks/{hook.pk}/", {"op": "redeliver", "delivery": delivery.pk})
    assert r.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 0


def test_agents_do_not_see_webhooks(agent):
    assert _client(agent).get("/automation/webhooks/").status_code == 403


def test_the_admin_never_shows_the_secret(admin):
    load_webhooks_demo(admin=admin)
    hook = WebhookSubscription.objects.get(description="CRM فروشگاه")
    page = _client(admin).get(f"/admin/automation/webhooksubscription/{hook.pk}/change/").content.decode()
    assert hook.url in page
    assert hook.secret not in page


def test_the_description_is_edited_on_the_page(admin):
    hook = WebhookSubscription.objects.create(
        url="https://93.184.216.34/h", events=["sla.breached"], secret="s"
    )
    client = _client(admin)
    r = client.post(f"/automation/webhooks/{hook.pk}/", {"op": "describe", "description": " CRM فروشگاه "})
    assert r.status_code == 302
    hook.refresh_from_db()
    assert hook.description == "CRM فروشگاه"
    assert 'value="CRM فروشگاه"' in client.get(f"/automation/webhooks/{hook.pk}/").content.decode()
    # a refused change names the problem and keeps the old text
    client.post(f"/automation/webhooks/{hook.pk}/", {"op": "describe", "description": "x" * 301}, follow=True)
    hook.refresh_from_db()
    assert hook.description == "CRM فروشگاه"
