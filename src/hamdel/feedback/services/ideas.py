"""The ideas board: customers suggest and vote, staff answer publicly, and everyone hears when it is done.

Suggesting, voting and commenting are public (validated, rate-limited by the pages); deciding on an idea
and merging duplicates is `idea.manage`; an agent turning a conversation into an idea is `feedback.record`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation
from hamdel.core.audit import audit
from hamdel.core.errors import ApplicationError
from hamdel.core.events import publish
from hamdel.core.permissions import Perm, require
from hamdel.customers.models import Customer
from hamdel.feedback.events import IdeaDone
from hamdel.feedback.models import Idea, IdeaComment, IdeaFollower, IdeaStatus, ItemSource
from hamdel.feedback.services.listening import item_store


def _recount(idea: Idea) -> None:
    idea.votes = idea.followers.filter(voted=True).count()
    idea.save(update_fields=["votes", "updated_at"])


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) < 5:
        raise ApplicationError(
            _("Give your idea a title of at least five letters."), {"title": "short"}, code="title_short"
        )
    return title[:200]


def _submit(
    *,
    title: str,
    body: str,
    voter: str,
    author_name: str = "",
    email: str = "",
    customer: Customer | None = None,
    conversation: Conversation | None = None,
) -> Idea:
    title = _clean_title(title)
    with transaction.atomic():
        idea = Idea.objects.create(
            title=title,
            body=body.strip()[:5000],
            author_name=author_name.strip()[:120],
            customer=customer,
            conversation=conversation,
        )
        IdeaFollower.objects.create(
            idea=idea, voter=voter, customer=customer, conversation=conversation, email=email.strip()[:254]
        )
        _recount(idea)
        item_store(
            source=ItemSource.SUGGESTION,
            text=f"{idea.title}\n{idea.body}".strip(),
            customer=customer,
            author_name=idea.author_name,
        )
    return idea


def idea_submit(
    *,
    title: str,
    body: str = "",
    voter: str,
    author_name: str = "",
    email: str = "",
    customer: Customer | None = None,
    on_behalf: Any = None,
) -> Idea:
    """Anyone suggests an idea (public); it counts its author's vote and the author hears when it is done.

    `on_behalf`: the staff member or integration posting it for a customer (`feedback.record`).
    """
    if on_behalf is not None:
        require(on_behalf, Perm.FEEDBACK_RECORD)
    return _submit(
        title=title, body=body, voter=voter, author_name=author_name, email=email, customer=customer
    )


def _live(idea: Idea) -> Idea:
    while idea.merged_into is not None:
        idea = idea.merged_into
    return idea


@transaction.atomic
def idea_vote(*, idea: Idea, voter: str, email: str = "", customer: Customer | None = None) -> Idea:
    """One vote per person (per browser session or customer); voting again changes nothing (public)."""
    idea = _live(idea)
    if idea.status in (IdeaStatus.DONE, IdeaStatus.DECLINED):
        raise ApplicationError(
            _("Voting on this idea has ended."), {"status": idea.status}, code="voting_closed"
        )
    try:
        with transaction.atomic():
            IdeaFollower.objects.create(idea=idea, voter=voter, email=email.strip()[:254], customer=customer)
    except IntegrityError:
        if email:
            IdeaFollower.objects.filter(idea=idea, voter=voter, email="").update(email=email.strip()[:254])
    _recount(idea)
    return idea


def idea_comment(*, idea: Idea, text: str, author_name: str = "", staff: Any = None) -> IdeaComment:
    """A comment on the public board; with `staff` it is the team's public answer (`feedback.record`)."""
    if staff is not None:
        require(staff, Perm.FEEDBACK_RECORD)
    if not text.strip():
        raise ApplicationError(_("A comment cannot be empty."), {"text": "required"}, code="text_required")
    return IdeaComment.objects.create(
        idea=_live(idea),
        text=text.strip()[:3000],
        author_name=author_name.strip()[:120],
        staff=staff if isinstance(staff, User) else None,
    )


def idea_set_status(*, actor: Any, idea: Idea, status: str, public_reply: str) -> Idea:
    """Staff decide and say why in public; marking it done tells everyone who asked or voted."""
    require(actor, Perm.IDEA_MANAGE)
    if status not in IdeaStatus.values:
        raise ApplicationError(_("Unknown status."), {"status": status}, code="unknown_status")
    if status == IdeaStatus.DECLINED and not public_reply.strip():
        raise ApplicationError(
            _("Tell the customers why the idea was declined."),
            {"public_reply": "required"},
            code="reason_required",
        )
    with transaction.atomic():
        idea = Idea.objects.select_for_update().get(pk=idea.pk)
        was_done = idea.status == IdeaStatus.DONE
        before = {"status": idea.status, "public_reply": idea.public_reply}
        idea.status = status
        idea.public_reply = public_reply.strip()[:5000]
        if status == IdeaStatus.DONE and not was_done:
            idea.done_at = timezone.now()
            publish(IdeaDone(idea_id=idea.pk))
        idea.save()
        after = {"status": idea.status, "public_reply": idea.public_reply}
        if after != before:
            audit(actor=actor, action="idea.status", target=f"idea:{idea.pk}", before=before, after=after)
    return idea


def idea_merge(*, actor: Any, duplicate: Idea, into: Idea) -> Idea:
    """Fold a duplicate into the original: votes and followers move, nobody is counted twice."""
    require(actor, Perm.IDEA_MANAGE)
    into = _live(into)
    if duplicate.pk == into.pk:
        raise ApplicationError(
            _("An idea cannot be merged into itself."), {"into": into.pk}, code="same_idea"
        )
    with transaction.atomic():
        existing = set(into.followers.values_list("voter", flat=True))
        for follower in duplicate.followers.all():
            if follower.voter in existing:
                follower.delete()
            else:
                follower.idea = into
                follower.save(update_fields=["idea"])
        duplicate.merged_into = into
        duplicate.save(update_fields=["merged_into", "updated_at"])
        _recount(duplicate)
        _recount(into)
    return into


def idea_from_conversation(*, actor: Any, conversation: Conversation, title: str, body: str) -> Idea:
    """An agent hears a suggestion in a conversation and puts it on the board for the customer."""
    require(actor, Perm.FEEDBACK_RECORD)
    return _submit(
        title=title,
        body=body,
        voter=f"customer-{conversation.customer_id}",
        author_name=conversation.customer.name,
        customer=conversation.customer,
        conversation=conversation,
    )


def ideas_notify_done(*, idea_id: int) -> int:
    """“You asked, we did it”: through the conversation's channel (outbox) when there is one, else e-mail.

    Hamdel's own work, run by a task after `IdeaDone`.
    """
    from hamdel.conversations.services import reply

    idea = Idea.objects.get(pk=idea_id)
    text = _("You asked, we did it: “%(title)s” is now done. Thank you for helping us get better.") % {
        "title": idea.title
    }
    if idea.public_reply:
        text += "\n" + idea.public_reply
    sent = 0
    for follower in idea.followers.filter(notified_at__isnull=True).select_related("conversation"):
        with transaction.atomic():
            if follower.conversation is not None:
                reply(conversation=follower.conversation, author=None, text=text, meta={"idea": idea.pk})
            elif follower.email:
                transaction.on_commit(
                    partial(
                        send_mail,
                        _("You asked, we did it"),
                        text,
                        settings.DEFAULT_FROM_EMAIL,
                        [follower.email],
                        fail_silently=True,
                    )
                )
            else:
                continue
            IdeaFollower.objects.filter(pk=follower.pk).update(notified_at=timezone.now())
            sent += 1
    return sent
