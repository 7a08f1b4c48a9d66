"""The staff side of the ideas board: decide with a public answer, reply, merge duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.persian import latin_digits
from hamdel.feedback import selectors, services
from hamdel.feedback.models import Idea, IdeaStatus
from hamdel.feedback.views._common import form_error


@requires(Perm.CUSTOMER_VIEW)
def ideas_admin(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    context = {
        "ideas": selectors.ideas_public(status=status).prefetch_related("duplicates")[:200],
        "status": status,
        "statuses": IdeaStatus.choices,
    }
    return render(request, "feedback/ideas_admin.html", context)


@requires(Perm.CUSTOMER_VIEW)
def idea_admin(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide on an idea with a public answer, answer comments, or merge a duplicate into another idea."""
    item = get_object_or_404(Idea, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "comment":
                services.idea_comment(idea=item, text=request.POST.get("text", ""), staff=request.user)
            elif action == "merge":
                number = latin_digits(request.POST.get("into", "").strip())
                target = Idea.objects.filter(pk=form_id(number) or 0).first()
                if target is None:
                    raise ApplicationError(_("There is no idea with that number."), code="not_found")
                item = services.idea_merge(actor=request.user, duplicate=item, into=target)
            else:
                services.idea_set_status(
                    actor=request.user,
                    idea=item,
                    status=request.POST.get("status", ""),
                    public_reply=request.POST.get("public_reply", ""),
                )
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("feedback:idea_admin", pk=item.pk)
    context = {
        "idea": item,
        "statuses": IdeaStatus.choices,
        "comments": item.comments.select_related("staff"),
        "followers": item.followers.count(),
        "notified": item.followers.filter(notified_at__isnull=False).count(),
        "can_manage": can(request.user, Perm.IDEA_MANAGE),
    }
    return render(request, "feedback/idea_admin.html", context)


@requires(Perm.FEEDBACK_RECORD)
@require_POST
def idea_from_conversation(request: HttpRequest, number: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation.objects.select_related("customer"), number=number)
    try:
        item = services.idea_from_conversation(
            actor=request.user,
            conversation=conversation,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
    except ApplicationError as exc:
        messages.error(request, form_error(exc))
        return redirect("conversations:conversation", number=number)
    messages.success(request, _("The idea is on the board; the customer will hear when it is done."))
    return redirect("feedback:idea_admin", pk=item.pk)
