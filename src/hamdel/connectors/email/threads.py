"""Which conversation an e-mail continues: Message-ID / In-Reply-To / References, then a subject token."""

from __future__ import annotations

import re

from hamdel.conversations.models import Conversation, Delivery, Message

SUBJECT_TOKEN = re.compile(r"\[#(\d+)\]")


def thread_key_for(*, message_id: str, refs: list[str], subject: str) -> str:
    """The thread key of the conversation this mail answers, or its own Message-ID for a new thread.

    Replies we sent carry their Message-ID in Delivery.provider_id; customers' earlier mails are messages
    whose external id is their Message-ID. A customer who starts a fresh mail but keeps "[#123]" in the
    subject still lands in conversation 123.
    """
    refs = [r for r in refs if r and r != message_id]
    if refs:
        key = (
            Message.objects.filter(channel="email", external_id__in=refs)
            .exclude(conversation__thread_key="")
            .order_by("-pk")
            .values_list("conversation__thread_key", flat=True)
            .first()
        )
        if not key:
            key = (
                Delivery.objects.filter(provider_id__in=refs, message__channel="email")
                .exclude(message__conversation__thread_key="")
                .order_by("-pk")
                .values_list("message__conversation__thread_key", flat=True)
                .first()
            )
        if key:
            return key
    match = SUBJECT_TOKEN.search(subject or "")
    if match:
        key = (
            Conversation.objects.filter(number=int(match.group(1)), channel="email")
            .exclude(thread_key="")
            .values_list("thread_key", flat=True)
            .first()
        )
        if key:
            return key
    return message_id
