"""Customers and feedback in the Django admin are to look at: a change posted there changes nothing,
because it would skip the actions (address normalising and conflicts, idea notifications, survey checks)."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.customers.models import ChannelIdentity
from hamdel.feedback.models import Idea
from hamdel.feedback.services import idea_submit


@pytest.fixture
def root_client(db) -> Client:
    client = Client()
    client.force_login(user_create(username="root", password="s3cret-pass", role="admin"))
    return client


def test_a_customer_address_cannot_be_changed_or_added_in_the_admin(root_client, inbound):
    customer = Conversation.objects.get(pk=inbound("سلام", address="ali@example.ir").conversation_id).customer
    identity = customer.identities.get()
    page = root_client.get(f"/admin/customers/channelidentity/{identity.pk}/change/")
    assert page.status_code == 200  # still readable
    root_client.post(
        f"/admin/customers/channelidentity/{identity.pk}/change/",
        {"kind": "email", "address": "NOT AN ADDRESS", "customer": customer.pk},
    )
    root_client.post(
        "/admin/customers/channelidentity/add/", {"kind": "email", "address": "x", "customer": customer.pk}
    )
    assert list(ChannelIdentity.objects.values_list("address", flat=True)) == ["ali@example.ir"]


def test_an_idea_is_not_marked_done_in_the_admin(root_client):
    idea = idea_submit(title="اپلیکیشن موبایل", voter="v1")
    root_client.post(
        f"/admin/feedback/idea/{idea.pk}/change/",
        {"title": idea.title, "status": "done", "body": "", "votes": 1},
    )
    root_client.post(f"/admin/feedback/idea/{idea.pk}/delete/", {"post": "yes"})
    assert Idea.objects.get(pk=idea.pk).status == idea.status
