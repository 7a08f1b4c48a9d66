"""Settings pages for the team's shared catalogue: canned replies and tags (team leads and admins).

Thin: parse the form, call one action from `services.catalog`, show its refusal beside the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.conversations import services
from hamdel.conversations.models import CannedReply, Tag
from hamdel.core.errors import ApplicationError
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.permissions import Perm, requires

LIST_CANNED, LIST_TAGS = "conversations:canned_list", "conversations:tag_list"


class CannedForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    shortcut = forms.CharField(
        label=gettext_lazy("Shortcut"),
        max_length=40,
        help_text=gettext_lazy("Letters, digits, - and _; agents type it in the composer's list."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Placeholders: {customer_name}, {agent_name}, {conversation_number}."),
    )


class TagForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    color = forms.CharField(
        label=gettext_lazy("Colour"),
        max_length=7,
        initial="#64748b",
        widget=forms.TextInput(attrs={"type": "color"}),
    )


def _save(
    request: HttpRequest, form: Any, action: Callable[..., Any], done: str, back: str
) -> HttpResponse | None:
    """Run the action with the form's data: back to the list on success, the refusal on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        action(actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        form.add_service_error(exc)
        return None
    messages.success(request, done)
    return redirect(back)


def _delete(request: HttpRequest, action: Callable[..., Any], done: str, back: str) -> HttpResponse | None:
    if request.method == "POST" and request.POST.get("delete"):
        action(actor=request.user)
        messages.success(request, done)
        return redirect(back)
    return None


@requires(Perm.CANNED_MANAGE)
def canned_list(request: HttpRequest) -> HttpResponse:
    form = CannedForm(request.POST or None)
    done = _save(request, form, services.canned_reply_create, _("The canned reply was added."), LIST_CANNED)
    if done:
        return done
    context = {"canned": CannedReply.objects.order_by("title"), "form": form}
    return render(request, "conversations/settings/canned.html", context, status=_status(request, form))


@requires(Perm.CANNED_MANAGE)
def canned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    canned = get_object_or_404(CannedReply, pk=pk)
    deleted = _delete(
        request,
        partial(services.canned_reply_delete, canned=canned),
        _("The canned reply was deleted."),
        LIST_CANNED,
    )
    if deleted:
        return deleted
    initial = {"title": canned.title, "shortcut": canned.shortcut, "text": canned.text}
    form = CannedForm(request.POST or None, initial=initial)
    done = _save(
        request,
        form,
        partial(services.canned_reply_update, canned=canned),
        _("Changes were saved."),
        LIST_CANNED,
    )
    if done:
        return done
    if request.method == "POST":
        canned.refresh_from_db()  # a refused change shows the saved title, not the refused one
    context = {"item": canned, "form": form}
    return render(request, "conversations/settings/canned_form.html", context, status=_status(request, form))


@requires(Perm.TAG_CREATE)
def tag_list(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST or None)
    done = _save(request, form, services.tag_create, _("The tag was added."), LIST_TAGS)
    if done:
        return done
    tags = Tag.objects.annotate(uses=Count("conversations")).order_by("name")
    return render(
        request,
        "conversations/settings/tags.html",
        {"tags": tags, "form": form},
        status=_status(request, form),
    )


@requires(Perm.TAG_CREATE)
def tag_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    deleted = _delete(request, partial(services.tag_delete, tag=tag), _("The tag was deleted."), LIST_TAGS)
    if deleted:
        return deleted
    form = TagForm(request.POST or None, initial={"name": tag.name, "color": tag.color})
    done = _save(request, form, partial(services.tag_update, tag=tag), _("Changes were saved."), LIST_TAGS)
    if done:
        return done
    if request.method == "POST":
        tag.refresh_from_db()
    context = {"item": tag, "form": form}
    return render(request, "conversations/settings/tag_form.html", context, status=_status(request, form))


def _status(request: HttpRequest, form: forms.Form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


def settings_sections() -> list[Any]:
    """The two sections this app adds to the settings hub."""
    from hamdel.core.slots import NavItem

    return [
        NavItem(
            key="canned",
            label=gettext_lazy("Canned replies"),
            url_name="conversations:canned_list",
            order=40,
            perm=Perm.CANNED_MANAGE,
            current=("conversations:canned_list", "conversations:canned_edit"),
        ),
        NavItem(
            key="tags",
            label=gettext_lazy("Tags"),
            url_name="conversations:tag_list",
            order=45,
            perm=Perm.TAG_CREATE,
            current=("conversations:tag_list", "conversations:tag_edit"),
        ),
    ]
