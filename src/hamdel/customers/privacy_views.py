"""Export and erasure from the customer page (admins only): parse, call the action, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires
from hamdel.customers.privacy import customer_erase, customer_export, customer_for_privacy


@requires(Perm.CUSTOMER_EXPORT)
def customer_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the customer, as one JSON file (the export is audited)."""
    found = customer_for_privacy(actor=request.user, customer_id=pk)
    data = customer_export(actor=request.user, customer=found)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="customer-{found.pk}.json"'
    return response


@requires(Perm.CUSTOMER_ERASE)
def customer_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what will be erased and kept, and a reason to give; POST (with the box ticked): erase."""
    found = customer_for_privacy(actor=request.user, customer_id=pk)
    error, status = "", 200
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            error, status = _("Tick the box to confirm the erasure."), 400
        else:
            try:
                customer_erase(actor=request.user, customer=found, reason=request.POST.get("reason", ""))
            except ApplicationError as exc:
                error, status = exc.message, exc.status
            else:
                messages.success(request, _("The customer's personal data was erased."))
                return redirect("customers:customer", pk=found.pk)
    context = {
        "customer": found,
        "error": error,
        "reason": request.POST.get("reason", ""),
        "conversations": found.conversations.count(),
    }
    return render(request, "customers/erase.html", context, status=status)
