"""Settings pages for canned replies (everyone's own, team leads the shared ones) and tags (team leads).

Thin: parse the form, call one action from `services.catalog`, show its refusal beside the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.accounts.http import SignedInRequest
from hamdel.accounts.models import Team
from hamdel.conversations import selectors, services
from hamdel.conversations.canned_text import VARIABLES
from hamdel.conversations.models import CannedReply, Conversation, Tag
from hamdel.core.errors import ApplicationError
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.slots import composer_findings

LIST_CANNED, LIST_TAGS = "conversations:canned_list", "conversations:tag_list"


class CannedForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    shortcut = forms.CharField(
        label=gettext_lazy("Shortcut"),
        max_length=40,
        help_text=gettext_lazy("Letters, digits, - and _; agents type it in the composer's search."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),  # page direction: a leading {{x}} must not flip it
        help_text=gettext_lazy("Variables are listed under the form."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Who can use it"), required=False)

    def __init__(self, *args: Any, user: Any, current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scopes = scope_choices(user)
        self.current = current
        self.fields["scope"].choices = self.scopes  # type: ignore[attr-defined]

    def clean_scope(self) -> str:
        """Left out: the reply keeps its scope; a new one gets the first one may write (a lead: everyone)."""
        first = self.scopes[0][0] if self.scopes else "personal"
        return str(self.cleaned_data.get("scope") or self.current or first)


def scope_choices(user: Any) -> list[tuple[str, str]]:
    """Only the scopes this person may write: their own list, everyone, or one team."""
    choices: list[tuple[str, str]] = []
    if can(user, Perm.CANNED_MANAGE):
        choices.append(("shared", _("Everyone")))
        choices += [(f"team:{t.pk}", _("Team: %(name)s") % {"name": t.name}) for t in Team.objects.all()]
    if can(user, Perm.CANNED_PERSONAL):
        choices.append(("personal", _("Only me")))
    return choices


def scope_of(canned: CannedReply) -> str:
    return "personal" if canned.owner_id else f"team:{canned.team_id}" if canned.team_id else "shared"


def _scoped(action: Callable[..., Any]) -> Callable[..., Any]:
    """The form's one «who can use it» choice, as the action's `personal` and `team_id`."""

    def call(*, scope: str, **kwargs: Any) -> Any:
        team = scope.removeprefix("team:") if scope.startswith("team:") else None
        return action(personal=scope == "personal", team_id=int(team) if team else None, **kwargs)

    return call


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


@requires(Perm.CANNED_PERSONAL)
def canned_list(request: SignedInRequest) -> HttpResponse:
    """The replies one may use or manage, searchable; the form adds one in a scope one may write."""
    form = CannedForm(request.POST or None, user=request.user)
    created = _scoped(services.canned_reply_create)
    done = _save(request, form, created, _("The canned reply was added."), LIST_CANNED)
    if done:
        return done
    q = request.GET.get("q", "")[:200]
    context = {
        "canned": selectors.canned_manageable(user=request.user, q=q),
        "form": form,
        "q": q,
        "manager": can(request.user, Perm.CANNED_MANAGE),
        "variables": VARIABLES,
    }
    return render(request, "conversations/settings/canned.html", context, status=_status(request, form))


def _may_edit(user: Any, canned: CannedReply) -> bool:
    if canned.owner_id is not None:
        return bool(canned.owner_id == user.pk)
    return can(user, Perm.CANNED_MANAGE)


def _preview(request: SignedInRequest, canned: CannedReply) -> dict[str, Any]:
    """`?conversation=<number>`: the reply as that conversation's customer would read it."""
    number = form_id(request.GET.get("conversation", ""))
    if number is None:
        return {}
    conv = Conversation.objects.select_related("customer", "team").filter(number=number).first()
    if conv is None:
        return {"preview_error": _("No such conversation.")}
    filled = services.render_canned_preview(text=canned.text, conversation=conv, agent=request.user)
    # the same remarks the composer shows (the reply coach, vague promises…): canned text is reviewed too
    return {"preview": filled, "preview_conv": conv, "findings": composer_findings(filled.text, conv)}


@requires(Perm.CANNED_PERSONAL)
def canned_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Change or delete a reply one may write; any reply one may use can be read and previewed here."""
    try:
        canned = selectors.canned_get(user=request.user, pk=pk, manage=True)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    deleted = _delete(
        request,
        partial(services.canned_reply_delete, canned=canned),
        _("The canned reply was deleted."),
        LIST_CANNED,
    )
    if deleted:
        return deleted
    initial = {
        "title": canned.title,
        "shortcut": canned.shortcut,
        "text": canned.text,
        "scope": scope_of(canned),
    }
    form = CannedForm(request.POST or None, initial=initial, user=request.user, current=scope_of(canned))
    done = _save(
        request,
        form,
        _scoped(partial(services.canned_reply_update, canned=canned)),
        _("Changes were saved."),
        LIST_CANNED,
    )
    if done:
        return done
    if request.method == "POST":
        canned.refresh_from_db()  # a refused change shows the saved title, not the refused one
    context = {
        "item": canned,
        "form": form,
        "may_edit": _may_edit(request.user, canned),
        "variables": VARIABLES,
        **_preview(request, canned),
    }
    recent = list(Conversation.objects.select_related("customer").order_by("-last_message_at")[:8])
    chosen = context.get("preview_conv")
    context["recent"] = [chosen, *[c for c in recent if c.pk != chosen.pk]] if chosen else recent
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
            perm=Perm.CANNED_PERSONAL,  # agents keep their own replies here; supervisors the shared ones
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
