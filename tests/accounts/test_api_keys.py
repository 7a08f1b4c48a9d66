from django.test import Client

from hamdel.accounts.services import api_key_create, api_key_revoke
from hamdel.core.permissions import SYSTEM


def test_key_is_shown_once_and_stored_hashed(agent):
    key, plain = api_key_create(name="CRM", user=agent)
    assert plain.startswith("hmd_")
    assert plain not in key.key_hash


def test_key_authenticates_records_use_and_can_be_revoked(agent):
    key, plain = api_key_create(name="CRM", user=agent)
    client = Client()
    assert client.get("/api/v1/users", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert client.get("/api/v1/users", headers={"X-API-Key": plain}).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    api_key_revoke(key=key, actor=SYSTEM)
    response = client.get("/api/v1/users", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 401
    assert "message" in response.json()


def test_wrong_key_is_refused(agent):
    _key, plain = api_key_create(name="CRM", user=agent)
    response = Client().get("/api/v1/users", headers={"Authorization": f"Bearer {plain[:-2]}xx"})
    assert response.status_code == 401
