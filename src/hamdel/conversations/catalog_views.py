"""Settings pages for the team's shared catalogue: canned replies and tags (team leads and admins).

Thin: parse the form, call one action from `services.catalog`, show its refusal beside the field.
"""

from __future__ import annotations

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
from hamdel.core.permissions import Perm, requires


class CannedForm(forms.Form):
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


class TagForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    color = forms.CharField(
        label=gettext_lazy("Colour"),
        max_length=7,
        initial="#64748b",
        widget=forms.TextInput(attrs={"type": "color"}),
    )


def _refused(form: forms.Form, exc: ApplicationError) -> None:
    """The action's message goes beside the field it names, or above the form."""
    field = next((name for name in exc.extra if name in form.fields), None)
    form.add_error(field, exc.message)


@requires(Perm.CANNED_MANAGE)
def canned_list(request: HttpRequest) -> HttpResponse:
    form = CannedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.canned_reply_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The canned reply was added."))
            return redirect("conversations:canned_list")
    context = {"canned": CannedReply.objects.order_by("title"), "form": form}
    return render(request, "conversations/settings/canned.html", context, status=_status(request, form))


@requires(Perm.CANNED_MANAGE)
def canned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    canned = get_object_or_404(CannedReply, pk=pk)
    if request.method == "POST" and request.POST.get("delete"):
        services.canned_reply_delete(canned=canned, actor=request.user)
        messages.success(request, _("The canned reply was deleted."))
        return redirect("conversations:canned_list")
    initial = {"title": canned.title, "shortcut": canned.shortcut, "text": canned.text}
    form = CannedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.canned_reply_update(canned=canned, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            canned.refresh_from_db()
            _refused(form, exc)
        else:
            messages.success(request, _("Changes were saved."))
            return redirect("conversations:canned_list")
    context = {"item": canned, "form": form}
    return render(request, "conversations/settings/canned_form.html", context, status=_status(request, form))


@requires(Perm.TAG_CREATE)
def tag_list(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tag_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The tag was added."))
            return redirect("conversations:tag_list")
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
    if request.method == "POST" and request.POST.get("delete"):
        services.tag_delete(tag=tag, actor=request.user)
        messages.success(request, _("The tag was deleted."))
        return redirect("conversations:tag_list")
    form = TagForm(request.POST or None, initial={"name": tag.name, "color": tag.color})
    if request.method == "POST" and form.is_valid():
        try:
            services.tag_update(tag=tag, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            tag.refresh_from_db()
            _refused(form, exc)
        else:
            messages.success(request, _("Changes were saved."))
            return redirect("conversations:tag_list")
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
