"""The ideas board: customers suggest and vote, staff answer publicly, and everyone hears when it is done."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.accounts.models import User
from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.feedback.models import Idea, IdeaComment, IdeaFollower, IdeaStatus, ItemSource

logger = logging.getLogger(__name__)


def _recount(idea: Idea) -> None:
    idea.votes = idea.followers.filter(voted=True).count()
    idea.save(update_fields=["votes", "updated_at"])


@transaction.atomic
def idea_submit(
    *,
    title: str,
    body: str = "",
    voter: str,
    author_name: str = "",
    email: str = "",
    customer: Customer | None = None,
    conversation: Conversation | None = None,
) -> Idea:
    """A new idea counts its author's vote; the author is told when it is done."""
    from hamdel.feedback.services.listening import item_create

    title = " ".join(title.split())
    if len(title) < 5:
        raise ApplicationError(_("Give your idea a title of at least five letters."), {"title": "short"})
    idea = Idea.objects.create(
        title=title[:200],
        body=body.strip()[:5000],
        author_name=author_name.strip()[:120],
        customer=customer,
        conversation=conversation,
    )
    IdeaFollower.objects.create(
        idea=idea, voter=voter, customer=customer, conversation=conversation, email=email.strip()[:254]
    )
    _recount(idea)
    item_create(
        source=ItemSource.SUGGESTION,
        text=f"{idea.title}\n{idea.body}".strip(),
        customer=customer,
        author_name=idea.author_name,
    )
    return idea


def _live(idea: Idea) -> Idea:
    while idea.merged_into_id:
        idea = idea.merged_into
    return idea


@transaction.atomic
def idea_vote(*, idea: Idea, voter: str, email: str = "", customer: Customer | None = None) -> Idea:
    """One vote per person (per browser session or customer); voting again changes nothing."""
    idea = _live(idea)
    if idea.status in (IdeaStatus.DONE, IdeaStatus.DECLINED):
        raise ApplicationError(_("Voting on this idea has ended."), {"status": idea.status})
    try:
        with transaction.atomic():
            IdeaFollower.objects.create(idea=idea, voter=voter, email=email.strip()[:254], customer=customer)
    except IntegrityError:
        if email:
            IdeaFollower.objects.filter(idea=idea, voter=voter, email="").update(email=email.strip()[:254])
    _recount(idea)
    return idea


@transaction.atomic
def idea_comment(*, idea: Idea, text: str, author_name: str = "", staff: User | None = None) -> IdeaComment:
    if not text.strip():
        raise ApplicationError(_("A comment cannot be empty."), {"text": "required"})
    return IdeaComment.objects.create(
        idea=_live(idea), text=text.strip()[:3000], author_name=author_name.strip()[:120], staff=staff
    )


@transaction.atomic
def idea_set_status(*, idea: Idea, status: str, public_reply: str, actor: User) -> Idea:
    """Staff decide and say why in public; marking it done tells everyone who asked or voted."""
    if status not in IdeaStatus.values:
        raise ApplicationError(_("Unknown status."), {"status": status})
    if status == IdeaStatus.DECLINED and not public_reply.strip():
        raise ApplicationError(
            _("Tell the customers why the idea was declined."), {"public_reply": "required"}
        )
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    was_done = idea.status == IdeaStatus.DONE
    idea.status = status
    idea.public_reply = public_reply.strip()[:5000]
    if status == IdeaStatus.DONE and not was_done:
        idea.done_at = timezone.now()
        from hamdel.feedback import tasks

        transaction.on_commit(lambda: tasks.notify_idea_done.enqueue(idea.pk))
    idea.save()
    return idea


@transaction.atomic
def idea_merge(*, duplicate: Idea, into: Idea, actor: User) -> Idea:
    """Fold a duplicate into the original: votes and followers move, nobody is counted twice."""
    into = _live(into)
    if duplicate.pk == into.pk:
        raise ApplicationError(_("An idea cannot be merged into itself."), {"into": into.pk})
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


@transaction.atomic
def idea_from_conversation(*, conversation: Conversation, title: str, body: str, actor: User) -> Idea:
    """An agent hears a suggestion in a conversation and puts it on the board for the customer."""
    return idea_submit(
        title=title,
        body=body,
        voter=f"customer-{conversation.customer_id}",
        author_name=conversation.customer.name,
        customer=conversation.customer,
        conversation=conversation,
    )


def ideas_notify_done(*, idea_id: int) -> int:
    """“You asked, we did it”: through the conversation's channel (outbox) when there is one, else e-mail."""
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
                address = follower.email
                transaction.on_commit(
                    lambda a=address: send_mail(
                        _("You asked, we did it"), text, settings.DEFAULT_FROM_EMAIL, [a], fail_silently=True
                    )
                )
            else:
                continue
            IdeaFollower.objects.filter(pk=follower.pk).update(notified_at=timezone.now())
            sent += 1
    return sent
