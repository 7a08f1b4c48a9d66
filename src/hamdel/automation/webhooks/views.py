"""Webhook settings pages: the subscriptions with a form to add one (the secret shown once), and one
subscription's page with its delivery log, "redeliver", enable/disable and delete.

Thin: the form only parses; the action validates, refuses with the field named, and writes.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.automation.webhooks import selectors, services
from hamdel.automation.webhooks.catalogue import event_label, public_events
from hamdel.automation.webhooks.models import WebhookDelivery, WebhookSubscription
from hamdel.core.errors import ApplicationError
from hamdel.core.forms import ServiceErrorsMixin
from hamdel.core.permissions import Perm, requires

LIST = "automation:webhook_list"


class WebhookForm(ServiceErrorsMixin, forms.Form):
    url = forms.CharField(label=gettext_lazy("Address (URL)"), max_length=2000)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=(), widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["events"].choices = [(name, f"{event_label(name)} ({name})") for name in public_events()]  # type: ignore[attr-defined]


def _status(request: HttpRequest, form: forms.Form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@requires(Perm.WEBHOOK_MANAGE)
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.webhook_create(actor=request.user, data=dict(form.cleaned_data))
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            form = WebhookForm()
    context = {
        "subscriptions": list(selectors.subscription_list(actor=request.user)),
        "form": form,
        "created": created,
        "secret": secret,  # rendered this once; never stored in the session or shown again
    }
    return render(request, "automation/webhooks/list.html", context, status=_status(request, form))


@requires(Perm.WEBHOOK_MANAGE)
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "redeliver":
                delivery = get_object_or_404(
                    WebhookDelivery, subscription=subscription, pk=request.POST.get("delivery")
                )
                services.webhook_redeliver(actor=request.user, delivery=delivery)
                messages.success(request, _("The delivery will be sent again."))
            elif op in ("enable", "disable"):
                services.webhook_update(
                    actor=request.user, subscription=subscription, data={"enabled": op == "enable"}
                )
                messages.success(request, _("Changes were saved."))
            elif op == "describe":
                services.webhook_update(
                    actor=request.user,
                    subscription=subscription,
                    data={"description": request.POST.get("description", "")},
                )
                messages.success(request, _("Changes were saved."))
            elif op == "delete":
                services.webhook_delete(actor=request.user, subscription=subscription)
                messages.success(request, _("The webhook was deleted."))
                return redirect(LIST)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("automation:webhook_detail", pk=pk)
    context = {
        "item": subscription,
        "deliveries": list(selectors.delivery_list(actor=request.user, subscription=subscription)),
        "keep_days": settings.HAMDEL_WEBHOOKS_KEEP_DAYS,
    }
    return render(request, "automation/webhooks/detail.html", context)
