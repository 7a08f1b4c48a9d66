"""The playbook page for team leads: the entries, search as you type, add, change, delete. Thin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.coach.playbook import selectors, services
from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core.errors import ApplicationError
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.permissions import Perm, requires

LIST = "coach:playbook_list"


class EntryForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Objection"),
        max_length=services.MAX_TITLE,
        help_text=gettext_lazy("As customers say it, e.g. «گران است»."),
    )
    phrasings = forms.CharField(
        label=gettext_lazy("Other phrasings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("One per line: the other ways customers say it («گرونه»، «پولش زیاده»)."),
    )
    answer = forms.CharField(
        label=gettext_lazy("Recommended answer"),
        max_length=services.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy(
            "Agree with the feeling first, then answer; agents insert it into their reply."
        ),
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence and offers"),
        required=False,
        max_length=services.MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    product_line = forms.CharField(
        label=gettext_lazy("Product line"),
        required=False,
        max_length=services.MAX_PRODUCT_LINE,
        widget=forms.TextInput(attrs={"list": "product-lines", "dir": "auto"}),
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        required=False,
        help_text=gettext_lazy("Comma separated."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    active = forms.BooleanField(label=gettext_lazy("Active (agents see it)"), required=False, initial=True)

    def data_for_action(self) -> dict[str, Any]:
        """The cleaned form as the action takes it (lists from lines and commas)."""
        data = dict(self.cleaned_data)
        data["phrasings"] = data["phrasings"].splitlines()
        data["tags"] = data["tags"].replace("،", ",").split(",")
        return data


def _initial(entry: PlaybookEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "phrasings": "\n".join(entry.phrasings),
        "answer": entry.answer,
        "evidence": entry.evidence,
        "product_line": entry.product_line,
        "tags": "، ".join(entry.tags),
        "active": entry.active,
    }


def _status(request: HttpRequest, form: forms.Form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@requires(Perm.PLAYBOOK_MANAGE)
def playbook_list(request: HttpRequest) -> HttpResponse:
    """The entries (or what matches the search box), and the form for a new one."""
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.playbook_entry_create(actor=request.user, data=form.data_for_action())
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The playbook entry was added."))
            return redirect(LIST)
    q = request.GET.get("q", "").strip()[:500]
    line = request.GET.get("line", "")
    if q:
        rows = [
            {"entry": f.entry, "snippet": f.snippet}
            for f in selectors.playbook_search(
                actor=request.user, q=q, limit=50, product_line=line, include_inactive=True
            )
        ]
    else:
        rows = [
            {"entry": e, "snippet": ""}
            for e in selectors.playbook_list(actor=request.user, product_line=line)
        ]
    context = {
        "rows": rows,
        "q": q,
        "line": line,
        "lines": selectors.playbook_product_lines(),
        "form": form,
        "total": PlaybookEntry.objects.count(),
    }
    template = "coach/playbook/list.html"
    if getattr(request, "htmx", False) and request.method == "GET":
        template += "#entries"
    return render(request, template, context, status=_status(request, form))


@requires(Perm.PLAYBOOK_MANAGE)
def playbook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(PlaybookEntry, pk=pk)
    if request.method == "POST" and request.POST.get("delete"):
        services.playbook_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The playbook entry was deleted."))
        return redirect(LIST)
    form = EntryForm(request.POST or None, initial=_initial(entry))
    if request.method == "POST" and form.is_valid():
        try:
            services.playbook_entry_update(actor=request.user, entry=entry, data=form.data_for_action())
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Changes were saved."))
            return redirect(LIST)
    context = {"item": entry, "form": form, "lines": selectors.playbook_product_lines()}
    return render(request, "coach/playbook/edit.html", context, status=_status(request, form))
