"""POST /api/v1/inbound: the generic channel, its idempotency, its errors and the kept envelope."""

import json

from hamdel.connectors.pipeline import replay_failed
from hamdel.conversations.models import Conversation, InboundEnvelope


def _payload(**overrides):
    data = {
        "channel": "sms",
        "external_id": "sms-1001",
        "customer": {"name": "مینا کریمی", "phone": "۰۹۱۲۱۲۳۴۵۶۷"},
        "text": "سلام، قبضم دو بار کسر شده",
    }
    data.update(overrides)
    return data


def test_inbound_creates_then_recognises_the_same_message(api):
    first = api.post("/inbound", _payload())
    assert first.status_code == 201, first.content
    body = first.json()
    again = api.post("/inbound", _payload())
    assert again.status_code == 200
    assert again.json() == {**body, "created": False}
    conv = Conversation.objects.get(pk=body["conversation_id"])
    assert conv.customer.phones == ["+989121234567"]
    assert conv.channel == "sms"
    assert InboundEnvelope.objects.filter(status="ingested").count() == 1
    assert InboundEnvelope.objects.filter(status="duplicate").count() == 1


def test_malformed_payload_gets_4xx_and_its_envelope_is_kept(api):
    response = api.post("/inbound", raw='{"channel": "sms", "text": ')
    assert response.status_code == 400
    assert response.json()["message"]
    envelope = InboundEnvelope.objects.get()
    assert envelope.status == "failed"
    assert envelope.payload == '{"channel": "sms", "text": '


def test_invalid_fields_are_named(api):
    response = api.post("/inbound", _payload(channel="fax", customer={"name": "x"}, text=""))
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["extra"]["fields"]}
    assert {"channel", "customer", "text"} <= fields
    assert InboundEnvelope.objects.get().status == "failed"


def test_bad_email_is_a_clear_error(api):
    response = api.post("/inbound", _payload(channel="email", customer={"email": "not-an-address"}))
    assert response.status_code == 400
    assert response.json()["extra"] == {"email": "not-an-address"}


def test_naive_sent_at_is_refused(api):
    response = api.post("/inbound", _payload(sent_at="2026-11-23T10:00:00"))
    assert response.status_code == 422


def test_failed_envelope_can_be_replayed_after_a_fix(api):
    api.post("/inbound", _payload(customer={"name": "بی‌نشانی"}))
    envelope = InboundEnvelope.objects.get()
    assert envelope.status == "failed"
    # an operator repairs the stored payload (or a parser fix is deployed), then replays
    data = json.loads(envelope.payload)
    data["customer"]["handle"] = "crm-7"
    envelope.payload = json.dumps(data)
    envelope.save()
    assert replay_failed() == (1, 0)
    envelope.refresh_from_db()
    assert envelope.status == "ingested" and envelope.message is not None


def test_inbound_needs_an_api_key(db):
    from django.test import Client

    response = Client().post("/api/v1/inbound", _payload(), content_type="application/json")
    assert response.status_code == 401
    assert not InboundEnvelope.objects.exists()
