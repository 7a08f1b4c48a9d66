"""An account whose role is not in the permission table (an old or hand-edited row) sees no conversation:
the inbox, a conversation page and the API list all answer 403, like any page its role does not allow."""

from __future__ import annotations

from django.test import Client

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create, user_create
from hamdel.conversations.models import Conversation
from tests.conftest import ApiClient


def test_an_account_without_a_known_role_sees_no_conversation(inbound):
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    ghost = user_create(username="ghost", password="s3cret-pass")
    _key, plain = api_key_create(name="old", user=ghost)
    User.objects.filter(pk=ghost.pk).update(role="viewer")
    client = Client()
    client.force_login(User.objects.get(pk=ghost.pk))
    assert client.get("/").status_code == 403
    assert client.get(f"/c/{conv.number}/").status_code == 403
    assert client.post("/inbox/bulk/", {"ids": [conv.pk], "action": "close"}).status_code == 403
    listed = ApiClient(plain).get("/conversations")
    assert listed.status_code == 403 and listed.json()["code"] == "forbidden"
    conv.refresh_from_db()
    assert conv.status != "closed"


def test_an_account_without_a_known_role_reads_no_customer(inbound):
    customer_id = Conversation.objects.get(pk=inbound("سلام").conversation_id).customer_id
    ghost = user_create(username="ghost", password="s3cret-pass")
    _key, plain = api_key_create(name="old", user=ghost)
    User.objects.filter(pk=ghost.pk).update(role="viewer")
    api = ApiClient(plain)
    for path in ("/customers", f"/customers/{customer_id}"):
        response = api.get(path)
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), path
