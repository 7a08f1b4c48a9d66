"""Reading promises: a conversation's list, one promise for a staff member."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamdel.conversations.models import Conversation
from hamdel.core.errors import NotFound
from hamdel.core.permissions import Perm, require
from hamdel.policies.promises.models import Promise


def promises_of(*, conversation: Conversation) -> QuerySet[Promise]:
    """Open ones first (soonest due on top), then the kept and broken ones, latest first."""
    return Promise.objects.filter(conversation=conversation).order_by("due", "id")


def promise_by_id(*, promise_id: int, user: Any) -> Promise:
    require(user, Perm.CONVERSATION_VIEW)
    promise = Promise.objects.select_related("conversation").filter(pk=promise_id).first()
    if promise is None:
        raise NotFound(_("No such promise."), {"promise": promise_id}, code="not_found")
    return promise
