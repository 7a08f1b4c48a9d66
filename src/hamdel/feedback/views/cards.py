"""Satisfaction cards: one per branch or counter, printable, with its QR code."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.feedback import services
from hamdel.feedback.links import card_url
from hamdel.feedback.models import Location, Survey
from hamdel.feedback.qr import qr_svg
from hamdel.feedback.views._common import form_error, qr_download


@requires(Perm.CUSTOMER_VIEW)
def cards(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.location_create(
                actor=request.user,
                branch=request.POST.get("branch", ""),
                counter=request.POST.get("counter", ""),
                survey=Survey.objects.filter(pk=form_id(request.POST.get("survey")) or 0).first(),
            )
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(request, _("The card is ready to print."))
        return redirect("feedback:cards")
    context = {
        "locations": Location.objects.select_related("survey"),
        "surveys": Survey.objects.filter(is_active=True),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
    }
    return render(request, "feedback/cards.html", context)


@requires(Perm.CUSTOMER_VIEW)
def card_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A6 card: print it, or save it as PDF from the browser's print dialog."""
    location = get_object_or_404(Location.objects.select_related("survey"), pk=pk)
    url = card_url(location)
    return render(request, "feedback/card_print.html", {"location": location, "qr": qr_svg(url), "url": url})


@requires(Perm.CUSTOMER_VIEW)
def card_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk)
    return qr_download(card_url(location), fmt, f"card-{pk}")
