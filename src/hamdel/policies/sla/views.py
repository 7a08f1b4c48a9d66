"""The SLA settings pages: the policies in matching order, a form to add or change one, reordering.

Thin: the form only parses; the action validates, refuses with the field named, and writes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamdel.accounts.models import Role, Team, User
from hamdel.conversations.models import Priority, Status
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.permissions import Perm, requires
from hamdel.policies.sla import selectors, services
from hamdel.policies.sla.models import SlaPolicy, TimeBasis

LIST = "policies:sla_list"


def _people() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(u.pk), u.name) for u in User.objects.filter(is_active=True).order_by("username")
    ]


def _supervisors() -> list[tuple[str, Any]]:
    users = User.objects.filter(is_active=True, role__in=[Role.SUPERVISOR, Role.ADMIN]).order_by("username")
    return [("", gettext_lazy("Every supervisor"))] + [(str(u.pk), u.name) for u in users]


class PolicyForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    enabled = forms.BooleanField(label=gettext_lazy("Enabled"), required=False, initial=True)
    priorities = forms.MultipleChoiceField(
        label=gettext_lazy("Priorities"),
        choices=Priority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any priority."),
    )
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Channels"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any channel."),
    )
    team_ids = forms.MultipleChoiceField(
        label=gettext_lazy("Teams"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any team."),
    )
    customer_tags = forms.CharField(
        label=gettext_lazy("Customer tags"),
        required=False,
        help_text=gettext_lazy("Separated by commas; empty: any customer."),
    )
    no_sla = forms.BooleanField(
        label=gettext_lazy("No SLA for these conversations"),
        required=False,
        help_text=gettext_lazy("Matching conversations get no clock; the policies below are not tried."),
    )
    first_response_minutes = forms.CharField(label=gettext_lazy("First response (minutes)"), required=False)
    next_response_minutes = forms.CharField(label=gettext_lazy("Next response (minutes)"), required=False)
    resolution_minutes = forms.CharField(label=gettext_lazy("Resolution (minutes)"), required=False)
    basis = forms.ChoiceField(label=gettext_lazy("Count in"), choices=TimeBasis.choices)
    pause_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Statuses that pause the clock"),
        choices=[(v, label) for v, label in Status.choices if v not in ("resolved", "closed")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    warning_percent = forms.CharField(label=gettext_lazy("Warn when this share is used (%)"), initial="80")
    escalate_notify = forms.BooleanField(
        label=gettext_lazy("On breach: notify the supervisor"), required=False
    )
    escalate_notify_user_id = forms.ChoiceField(label=gettext_lazy("Supervisor"), choices=(), required=False)
    escalate_priority = forms.ChoiceField(
        label=gettext_lazy("On breach: raise the priority to"),
        choices=[("", "—"), *Priority.choices],
        required=False,
    )
    escalate_team_id = forms.ChoiceField(
        label=gettext_lazy("On breach: move to team"), choices=(), required=False
    )
    escalate_assignee_id = forms.ChoiceField(
        label=gettext_lazy("On breach: reassign to"), choices=(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = [(str(t.pk), t.name) for t in Team.objects.order_by("name")]
        self.fields["channels"].choices = channels.choices()  # type: ignore[attr-defined]
        self.fields["team_ids"].choices = teams  # type: ignore[attr-defined]
        self.fields["escalate_notify_user_id"].choices = _supervisors()  # type: ignore[attr-defined]
        self.fields["escalate_team_id"].choices = [("", "—"), *teams]  # type: ignore[attr-defined]
        self.fields["escalate_assignee_id"].choices = _people()  # type: ignore[attr-defined]

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["customer_tags"] = [t for t in data["customer_tags"].replace("،", ",").split(",") if t.strip()]
        data["team_ids"] = [int(i) for i in data["team_ids"]]
        return {
            k: (v.strip() if isinstance(v, str) and k != "escalate_priority" else v) for k, v in data.items()
        }


def _initial(policy: SlaPolicy) -> dict[str, Any]:
    return {
        "name": policy.name,
        "enabled": policy.enabled,
        "priorities": policy.priorities,
        "channels": policy.channels,
        "team_ids": [str(i) for i in policy.team_ids],
        "customer_tags": "، ".join(policy.customer_tags),
        "no_sla": policy.no_sla,
        "first_response_minutes": policy.first_response_minutes or "",
        "next_response_minutes": policy.next_response_minutes or "",
        "resolution_minutes": policy.resolution_minutes or "",
        "basis": policy.basis,
        "pause_statuses": policy.pause_statuses,
        "warning_percent": policy.warning_percent,
        "escalate_notify": policy.escalate_notify,
        "escalate_notify_user_id": policy.escalate_notify_user_id or "",
        "escalate_priority": policy.escalate_priority,
        "escalate_team_id": policy.escalate_team_id or "",
        "escalate_assignee_id": policy.escalate_assignee_id or "",
    }


def _status(request: HttpRequest, form: forms.Form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@requires(Perm.SLA_MANAGE)
def sla_list(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(
        request.POST or None, initial={"basis": TimeBasis.BUSINESS, "pause_statuses": ["pending"]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_policy_create(actor=request.user, data=form.data_for_action())
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The SLA policy was added."))
            return redirect(LIST)
    context = {"policies": list(selectors.policy_list(actor=request.user)), "form": form}
    return render(request, "policies/sla/list.html", context, status=_status(request, form))


@requires(Perm.SLA_MANAGE)
def sla_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=pk)
    form = PolicyForm(request.POST or None, initial=_initial(policy))
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_policy_update(actor=request.user, policy=policy, data=form.data_for_action())
        except ApplicationError as exc:
            form.add_service_error(exc)
            policy.refresh_from_db()
        else:
            messages.success(request, _("Changes were saved."))
            return redirect(LIST)
    return render(
        request, "policies/sla/form.html", {"item": policy, "form": form}, status=_status(request, form)
    )


@requires(Perm.SLA_MANAGE)
@require_POST
def sla_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one policy up or down the matching order (the first match wins)."""
    ids = list(selectors.policy_list(actor=request.user).values_list("pk", flat=True))
    if pk in ids:
        i = ids.index(pk)
        j = i - 1 if request.POST.get("direction") == "up" else i + 1
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
    try:
        services.sla_policies_reorder(actor=request.user, ids=ids)
        messages.success(request, _("The order was saved."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(LIST)
