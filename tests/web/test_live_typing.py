"""Agent typing reaches the web-chat visitor, though conversations does not know the chat channel.

The agents' socket (conversations) asks the registered finders for the visitor's group; the connectors
app registers the web chat's finder from its apps.py.
"""

from hamdel.connectors.chat.parse import group_for
from hamdel.conversations.consumers import _visitor_group
from hamdel.conversations.models import Conversation


def test_agent_socket_finds_the_chat_visitor_through_the_registry(inbound):
    chat = Conversation.objects.get(
        pk=inbound(
            "سلام", channel="chat", identity_kind="chat", address="v-1", thread_key="chat:1:v-1"
        ).conversation_id
    )
    email = Conversation.objects.get(pk=inbound("سلام", thread_key="mail-1").conversation_id)
    assert _visitor_group(chat.pk) == group_for(chat.thread_key) != ""
    assert _visitor_group(email.pk) == ""  # nobody watches an e-mail conversation live
