"""Deliveries to a real receiver on 127.0.0.1: signature, retries with the same id, give-up, SSRF, timeout."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time

import pytest
from django.utils import timezone

from hamdel.automation.webhooks import tasks
from hamdel.automation.webhooks.models import DeliveryState, WebhookDelivery, WebhookSubscription
from hamdel.automation.webhooks.signing import verify


@pytest.fixture
def allow_private(settings):
    settings.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = True
    return settings


def _subscribe(admin_api, url, events=("conversation.created",)):
    r = admin_api.post("/webhooks", {"url": url, "events": list(events)})
    assert r.status_code == 201, r.content
    return r.json()


def _signature_ok(secret: str, header: str, body: bytes) -> bool:
    """The receiver's check, written out independently of Hamdel's code (as the docs show it)."""
    parts = dict(p.split("=", 1) for p in header.split(","))
    mac = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


def _make_due() -> None:
    WebhookDelivery.objects.filter(state=DeliveryState.RETRYING).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_signed_delivery_retried_after_500_with_the_same_id(
    admin_api, allow_private, receiver, inbound, events_run
):
    hook = _subscribe(admin_api, receiver.url)
    receiver.script = [500]
    with events_run():
        result = inbound("سلام، سفارشم نرسیده")
    assert len(receiver.got) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.RETRYING
    assert delivery.response_code == 500
    assert delivery.next_attempt_at > timezone.now()

    _make_due()
    assert tasks.deliver_due.call() == 1
    assert len(receiver.got) == 2
    first, second = receiver.got
    assert first.headers["x-hamdel-delivery"] == second.headers["x-hamdel-delivery"] == str(delivery.uuid)
    assert first.body == second.body
    for got in receiver.got:
        assert _signature_ok(hook["secret"], got.headers["x-hamdel-signature"], got.body)
        assert not _signature_ok("whsec_wrong", got.headers["x-hamdel-signature"], got.body)
    payload = json.loads(second.body)
    assert payload["id"] == str(delivery.uuid)
    assert payload["event"] == "conversation.created"
    data = payload["data"]
    assert data["conversation_id"] == result.conversation_id  # the ids stay, a snapshot is added
    conv = data["conversation"]
    assert conv["id"] == result.conversation_id and conv["channel"] == "email"
    assert conv["customer"]["name"] == "علی رضایی" and conv["status"] == "new"
    assert payload["created_at"].endswith("Z")

    log = admin_api.get(f"/webhooks/{hook['id']}/deliveries").json()
    assert [(d["id"], d["state"], d["attempts"], d["response_code"]) for d in log] == [
        (str(delivery.uuid), "succeeded", 2, 200)
    ]
    assert log[0]["duration_ms"] is not None and log[0]["response_excerpt"] == '{"ok": true}'


def test_only_subscribed_events_are_sent(admin_api, allow_private, receiver, inbound, events_run):
    _subscribe(admin_api, receiver.url, events=("sla.breached",))
    with events_run():
        inbound("سلام")
    assert receiver.got == []
    assert not WebhookDelivery.objects.exists()


def test_redeliver_sends_the_same_delivery_again(admin_api, allow_private, receiver, inbound, events_run):
    hook = _subscribe(admin_api, receiver.url)
    with events_run():
        inbound("سلام")
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.SUCCEEDED
    with events_run():
        r = admin_api.post(f"/webhooks/{hook['id']}/deliveries/{delivery.uuid}/redeliver")
    assert r.status_code == 202, r.content
    assert len(receiver.got) == 2
    assert receiver.got[1].headers["x-hamdel-delivery"] == str(delivery.uuid)
    assert _signature_ok(hook["secret"], receiver.got[1].headers["x-hamdel-signature"], receiver.got[1].body)


def test_client_errors_are_not_retried(admin_api, allow_private, receiver, inbound, events_run):
    _subscribe(admin_api, receiver.url)
    receiver.script = [410]
    with events_run():
        inbound("سلام")
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.response_code == 410


def test_429_is_retried(admin_api, allow_private, receiver, inbound, events_run):
    _subscribe(admin_api, receiver.url)
    receiver.script = [429]
    with events_run():
        inbound("سلام")
    assert WebhookDelivery.objects.get().state == DeliveryState.RETRYING


def test_given_up_after_max_attempts_and_disabled_after_repeated_failure(
    admin_api, allow_private, receiver, inbound, events_run
):
    allow_private.HAMDEL_WEBHOOKS_MAX_ATTEMPTS = 2
    allow_private.HAMDEL_WEBHOOKS_DISABLE_AFTER = 2
    hook = _subscribe(admin_api, receiver.url)
    receiver.script = [503] * 10
    for n in range(2):
        with events_run():
            inbound("سلام", address=f"c{n}@example.ir")
        _make_due()
        tasks.deliver_due.call()
    states = list(WebhookDelivery.objects.order_by("pk").values_list("state", "attempts"))
    assert states == [(DeliveryState.FAILED, 2), (DeliveryState.FAILED, 2)]
    subscription = WebhookSubscription.objects.get(pk=hook["id"])
    assert subscription.enabled is False
    assert subscription.disabled_reason
    # A disabled subscription hears nothing more, until an admin enables it again.
    with events_run():
        inbound("سلام", address="c9@example.ir")
    assert WebhookDelivery.objects.count() == 2
    r = admin_api.patch(f"/webhooks/{hook['id']}", {"enabled": True})
    assert r.json()["enabled"] is True and r.json()["disabled_reason"] == ""


def test_admins_are_notified_when_a_subscription_is_disabled(
    admin, agent, admin_api, allow_private, receiver, inbound, events_run, client
):
    # given a subscription whose receiver is down, and one more admin beside "boss"
    from hamdel.accounts.models import Notification, Role
    from hamdel.accounts.services import user_create

    other_admin = user_create(username="second", password="s3cret-pass", role=Role.ADMIN)
    allow_private.HAMDEL_WEBHOOKS_MAX_ATTEMPTS = 1
    allow_private.HAMDEL_WEBHOOKS_DISABLE_AFTER = 2
    hook = admin_api.post(
        "/webhooks", {"url": receiver.url, "events": ["conversation.created"], "description": "CRM فروشگاه"}
    ).json()
    receiver.script = [410] * 10
    # when the first delivery is given up, nobody is told yet
    with events_run():
        inbound("سلام", address="c1@example.ir")
    assert not Notification.objects.exists()
    # when the second is given up too, the subscription is disabled
    with events_run():
        inbound("سلام", address="c2@example.ir")
    assert WebhookSubscription.objects.get(pk=hook["id"]).enabled is False
    # then both admins get one Persian notice pointing at the subscription's page; the agent none
    notices = list(Notification.objects.order_by("user_id").values_list("user__username", "text", "link"))
    assert [n[0] for n in notices] == ["boss", "second"]
    _user, text, link = notices[0]
    assert "CRM فروشگاه" in text and "غیرفعال شد" in text and "۲" in text
    assert link == f"/automation/webhooks/{hook['id']}/"
    # and the admin sees it on the top bar and opens the page from it
    client.force_login(other_admin)
    assert '<span class="topbar-count">۱<' in client.get("/").content.decode()
    notice = Notification.objects.get(user=other_admin)
    opened = client.post(f"/notifications/{notice.pk}/read/", {"open": "1"})
    assert opened["Location"] == link
    assert "غیرفعال" in client.get(link).content.decode()


def test_a_receiver_that_hangs_is_cut_off(admin_api, allow_private, receiver, inbound, events_run):
    allow_private.HAMDEL_WEBHOOKS_TIMEOUT = 0.5
    _subscribe(admin_api, receiver.url)
    receiver.hang = 3
    started = time.monotonic()
    with events_run():
        inbound("سلام")
    assert time.monotonic() - started < 2.5
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.RETRYING
    assert "timed out" in delivery.error


def test_private_address_is_refused_again_when_sending(
    admin_api, allow_private, receiver, inbound, events_run
):
    _subscribe(admin_api, receiver.url)
    allow_private.HAMDEL_WEBHOOKS_ALLOW_PRIVATE = False
    with events_run():
        inbound("سلام")
    assert receiver.got == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.error == "refused: private_address"


def test_redirects_are_not_followed(admin_api, allow_private, receiver, inbound, events_run):
    _subscribe(admin_api, receiver.url)
    receiver.script = [302]
    with events_run():
        inbound("سلام")
    assert len(receiver.got) == 1
    assert WebhookDelivery.objects.get().state == DeliveryState.FAILED


def test_verify_helper_refuses_stale_and_forged_signatures():
    body = b'{"id":"x"}'
    from hamdel.automation.webhooks.signing import signature

    header = signature("whsec_a", body, 1_800_000_000)
    assert verify("whsec_a", body, header, now=1_800_000_010)
    assert not verify("whsec_a", body, header, now=1_800_000_400)
    assert not verify("whsec_b", body, header, now=1_800_000_010)
    assert not verify("whsec_a", body + b" ", header, now=1_800_000_010)
    assert not verify("whsec_a", body, "garbage", now=1_800_000_010)


def test_message_received_is_sent_for_customer_messages_only(
    admin_api, allow_private, receiver, inbound, events_run, admin
):
    from hamdel.conversations.models import Conversation
    from hamdel.conversations.services import note_add

    _subscribe(admin_api, receiver.url, events=("message.received",))
    with events_run():
        result = inbound("سفارشم کجاست؟")
    [data] = [json.loads(g.body)["data"] for g in receiver.got]
    assert data["message_id"] == result.message_id
    assert data["message"]["text"] == "سفارشم کجاست؟" and data["message"]["direction"] == "in"
    assert data["conversation"]["id"] == result.conversation_id  # followed from the message
    with events_run():
        note_add(
            conversation=Conversation.objects.get(pk=result.conversation_id), author=admin, text="محرمانه"
        )
    assert len(receiver.got) == 1  # an internal note never leaves Hamdel


def test_the_request_goes_to_the_checked_address_with_the_name_as_host(
    admin_api, allow_private, receiver, inbound, events_run, monkeypatch
):
    """The name is resolved once, by the SSRF check; the connection uses that address (no second lookup)."""
    import socket

    port = int(receiver.url.split(":")[2].split("/")[0])
    real = socket.getaddrinfo
    lookups: list[str] = []

    def fake(host, *args, **kwargs):
        if host == "hooks.shop.example":
            lookups.append(host)
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    _subscribe(admin_api, f"http://hooks.shop.example:{port}/in?x=1")
    lookups.clear()
    with events_run():
        inbound("سلام")
    assert len(receiver.got) == 1
    assert receiver.got[0].headers["host"] == f"hooks.shop.example:{port}"
    assert lookups == ["hooks.shop.example"]  # the check's lookup only
    assert WebhookDelivery.objects.get().state == DeliveryState.SUCCEEDED


def test_a_named_subscription_gets_the_event_whatever_it_chose(
    admin_api, allow_private, receiver, events_run
):
    """What a rule's "call a webhook" action will use: the rule names the subscription."""
    from hamdel.automation.webhooks.services import webhook_deliveries_create
    from hamdel.core.permissions import SYSTEM

    hook = _subscribe(admin_api, receiver.url, events=("sla.breached",))
    with events_run():
        webhook_deliveries_create(
            actor=SYSTEM, event="message.received", data={"message_id": 1}, subscription_ids=[hook["id"]]
        )
    assert [json.loads(g.body)["event"] for g in receiver.got] == ["message.received"]


def test_old_deliveries_are_pruned_but_not_those_still_retrying(settings, admin):
    settings.HAMDEL_WEBHOOKS_KEEP_DAYS = 30
    hook = WebhookSubscription.objects.create(
        url="https://93.184.216.34/h", events=["sla.breached"], secret="s"
    )
    old = timezone.now() - dt.timedelta(days=31)
    states = [DeliveryState.SUCCEEDED, DeliveryState.FAILED, DeliveryState.RETRYING, DeliveryState.SUCCEEDED]
    rows = [
        WebhookDelivery.objects.create(subscription=hook, event="sla.breached", body="{}", state=s)
        for s in states
    ]
    WebhookDelivery.objects.filter(pk__in=[r.pk for r in rows[:3]]).update(created_at=old)
    assert tasks.prune_deliveries.call() == 2
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"retrying", "succeeded"}
    assert WebhookDelivery.objects.count() == 2
