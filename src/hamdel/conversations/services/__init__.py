"""Conversation actions: each is one transaction that checks permission, validates, writes and records events.

Split by job: `ingest` (inbound), `replies` (outbound, notes, deliveries), `changes` (status, priority,
assignment, team, tags, bulk), `catalog` (tags), `canned` (canned replies and their variables), `history`
(the event rows).
"""

from hamdel.conversations.services._common import MAX_TEXT, check_attachment
from hamdel.conversations.services.canned import (
    canned_reply_create,
    canned_reply_delete,
    canned_reply_update,
    render_canned,
    render_canned_preview,
)
from hamdel.conversations.services.catalog import (
    tag_create,
    tag_delete,
    tag_update,
)
from hamdel.conversations.services.changes import (
    ConversationChanges,
    conversation_add_tag,
    conversation_assign,
    conversation_raise_priority,
    conversation_set_priority,
    conversation_set_status,
    conversation_set_tags,
    conversation_set_team,
    conversation_update,
    conversations_bulk,
    team_next_agent,
)
from hamdel.conversations.services.history import conversation_record_event, event_record
from hamdel.conversations.services.ingest import envelope_mark, envelope_store, ingest
from hamdel.conversations.services.replies import (
    delivery_backoff,
    delivery_record_result,
    delivery_retry,
    note_add,
    reply,
)
from hamdel.conversations.services.shield import message_reveal

__all__ = [
    "MAX_TEXT",
    "ConversationChanges",
    "canned_reply_create",
    "canned_reply_delete",
    "canned_reply_update",
    "check_attachment",
    "conversation_add_tag",
    "conversation_assign",
    "conversation_raise_priority",
    "conversation_record_event",
    "conversation_set_priority",
    "conversation_set_status",
    "conversation_set_tags",
    "conversation_set_team",
    "conversation_update",
    "conversations_bulk",
    "delivery_backoff",
    "delivery_record_result",
    "delivery_retry",
    "envelope_mark",
    "envelope_store",
    "event_record",
    "ingest",
    "message_reveal",
    "note_add",
    "render_canned",
    "render_canned_preview",
    "reply",
    "tag_create",
    "tag_delete",
    "tag_update",
    "team_next_agent",
]
