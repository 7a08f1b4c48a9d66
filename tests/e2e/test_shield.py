"""On a phone, an agent reads an abusive message masked and reveals it with one click (htmx, no reload)."""

from playwright.sync_api import expect

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation, ConversationEvent
from hamdel.conversations.services import ingest
from hamdel.conversations.types import InboundMessage


def test_agent_reveals_a_masked_message_on_a_phone(server, browser):
    # given an insulting message (analysed on arrival) and a signed-in agent on a 375 px screen
    result = ingest(
        InboundMessage(
            channel="chat",
            identity_kind="chat",
            address="visitor-rude",
            customer_name="مشتری عصبانی",
            text="احمقققق ها جواب بدید، سفارشم کو؟",
            external_id="rude-1",
            thread_key="rude-thread",
        )
    )
    conv = Conversation.objects.get(pk=result.conversation_id)
    user_create(username="sara", password="s3cret-pass", display_name="سارا")
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(f"{server}/accounts/login/")
    page.fill("input[name=username]", "sara")
    page.fill("input[name=password]", "s3cret-pass")
    page.click("button.btn-primary")
    page.wait_for_url(f"{server}/")
    # the inbox preview is masked
    expect(page.locator(".preview").first).to_contain_text("***")
    expect(page.locator("body")).not_to_contain_text("احمق")
    # when they open the conversation, the message is masked, the rest of it readable
    page.goto(f"{server}/c/{conv.number}/")
    body = page.locator(".msg-in .msg-body").first
    expect(body).to_contain_text("*** جواب بدید، سفارشم کو؟")
    # and one click shows them the original words in place, once, and records it
    page.locator(".masked-note button").first.click()
    expect(page.locator(".msg-in .msg-body").first).to_contain_text("احمقققق")
    expect(page.locator(".masked-note[role=status]")).to_be_visible()
    assert ConversationEvent.objects.filter(conversation=conv, type="abuse_revealed").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()
