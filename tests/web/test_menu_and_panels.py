"""The menu and the side panels come from the apps' own registrations, filtered by the reader's role."""

import re

from django.test import Client

from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has a main menu"
    return re.findall(r'href="([^"]+)"', nav.group(1))


def test_agent_menu_shows_only_what_an_agent_may_open(agent_client):
    links = _menu(agent_client.get("/").content.decode())
    assert "/" in links and "/customers/" in links
    assert "/channels/settings/" not in links  # channel set-up is an admin's job
    for href in links:  # settings: the hub redirects to the agent's own canned replies
        assert agent_client.get(href, follow=True).status_code == 200, href


def test_admin_menu_adds_channels(db):
    admin = user_create(username="boss", password="s3cret-pass", role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    links = _menu(client.get("/").content.decode())
    assert "/channels/settings/" in links
    assert links.index("/") < links.index("/customers/") < links.index("/channels/settings/")


def test_current_menu_entry_is_marked(agent_client):
    html = agent_client.get("/customers/").content.decode()
    assert re.search(r'<a href="/customers/" aria-current="page"', html)


def test_customer_page_lists_the_customers_conversations_through_the_panel(agent_client, inbound):
    # given a customer who wrote twice
    first = inbound("سفارشم نرسیده", subject="تاخیر ارسال", thread_key="one")
    inbound("فاکتور را بفرستید", subject="درخواست فاکتور", thread_key="two")
    conv = Conversation.objects.get(pk=first.conversation_id)
    # when an agent opens the customer
    html = agent_client.get(f"/customers/{conv.customer_id}/").content.decode()
    # then both conversations are listed with links, inside the conversations panel
    panel = html[html.index('class="panel panel-conversations"') :]
    assert "تاخیر ارسال" in panel and "درخواست فاکتور" in panel
    assert f'href="/c/{conv.number}/"' in panel
    assert "۲ گفتگو" in panel


def test_conversation_page_side_panels_come_from_each_app(agent_client, inbound):
    # given a customer with two conversations and a pinned note
    first = Conversation.objects.get(
        pk=inbound("سفارشم نرسیده", subject="تاخیر ارسال", thread_key="a").conversation_id
    )
    inbound("فاکتور را بفرستید", subject="درخواست فاکتور", thread_key="b")
    from hamdel.customers.services import customer_note_add

    customer_note_add(customer=first.customer, author=None, text="فقط عصرها تماس بگیرید", pinned=True)
    # when an agent opens one of them
    html = agent_client.get(f"/c/{first.number}/").content.decode()
    aside = html[html.index('<aside class="details"') :]
    # then the customer card (customers), other conversations and timing (conversations), in order
    customer = aside.index('class="panel panel-customer"')
    others = aside.index('class="panel panel-other_conversations"')
    timing = aside.index('class="panel panel-timing"')
    assert customer < others < timing
    assert "فقط عصرها تماس بگیرید" in aside[customer:others]
    assert "درخواست فاکتور" in aside[others:timing] and "تاخیر ارسال" not in aside[others:timing]


def test_availability_switch_never_leads_to_another_site(agent_client):
    response = agent_client.post("/me/availability/", {"next": "//evil.example/x"})
    assert response.status_code == 302 and response["Location"] == "/"
    back = agent_client.post("/me/availability/", {"next": "/customers/"})
    assert back["Location"] == "/customers/"
