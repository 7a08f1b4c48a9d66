"""Two records of one person become one, and nothing of either history is lost."""

from django.test import Client

from hamdel.conversations.models import Conversation
from hamdel.customers.models import Customer
from hamdel.customers.services import customer_merge, customer_resolve


def test_merge_keeps_all_history_and_routes_old_addresses(inbound, agent):
    by_mail = inbound("از ایمیل", address="ali@example.ir", thread_key="a")
    by_sms = inbound(
        "از پیامک", channel="sms", identity_kind="phone", address="09121234567", customer_name="علی"
    )
    mail_customer = Conversation.objects.get(pk=by_mail.conversation_id).customer
    sms_customer = Conversation.objects.get(pk=by_sms.conversation_id).customer
    customer_merge(source=sms_customer, target=mail_customer, actor=agent)
    assert set(mail_customer.conversations.values_list("pk", flat=True)) == {
        by_mail.conversation_id,
        by_sms.conversation_id,
    }
    assert {i.kind for i in mail_customer.identities.all()} == {"email", "phone"}
    # a new SMS from the old number reaches the surviving customer
    assert customer_resolve(kind="phone", address="+989121234567") == mail_customer
    # the moved conversation's history says so, once, by whom
    moved = Conversation.objects.get(pk=by_sms.conversation_id).events.get(type="customer_changed")
    assert (moved.actor_user, moved.old["id"], moved.new["id"]) == (agent, sms_customer.pk, mail_customer.pk)
    assert not Conversation.objects.get(pk=by_mail.conversation_id).events.filter(type="customer_changed")


def test_admin_merge_action(inbound, db):
    from hamdel.accounts.services import user_create

    a = Conversation.objects.get(pk=inbound("x", address="a@x.ir").conversation_id).customer
    b = Conversation.objects.get(pk=inbound("y", address="b@x.ir").conversation_id).customer
    admin = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(admin)
    client.post(
        "/admin/customers/customer/", {"action": "merge_into_oldest", "_selected_action": [a.pk, b.pk]}
    )
    b.refresh_from_db()
    assert b.merged_into == a
    assert Customer.objects.get(pk=a.pk).conversations.count() == 2


def test_api_docs_page_uses_local_assets(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
