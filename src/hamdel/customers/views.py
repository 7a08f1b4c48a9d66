"""Customer pages: the list and one profile with its notes and identities. Views parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.permissions import Perm, can, requires
from hamdel.customers import selectors, services
from hamdel.customers.models import Customer

PAGE_SIZE = 50


@requires(Perm.CUSTOMER_VIEW)
def customers(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    rows = selectors.customer_list(actor=request.user, q=q).order_by("name", "pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "customers/customers.html", {"page": page, "q": q})


@requires(Perm.CUSTOMER_VIEW)
def customer(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        cust = selectors.customer_get(actor=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if cust.merged_into_id:
        return redirect("customers:customer", pk=cust.merged_into_id)
    # conversations, feedback and the call log arrive through the "customer" panel slot
    context = {
        "customer": cust,
        "can_export": can(request.user, Perm.CUSTOMER_EXPORT),
        "can_erase": can(request.user, Perm.CUSTOMER_ERASE),
    }
    return render(request, "customers/customer.html", context)


@requires(Perm.CUSTOMER_EDIT)
@require_POST
def customer_note(request: HttpRequest, pk: int) -> HttpResponse:
    cust = get_object_or_404(Customer, pk=pk)
    try:
        services.customer_note_add(
            customer=cust,
            author=request.user,
            text=request.POST.get("text", ""),
            pinned=bool(request.POST.get("pinned")),
        )
        messages.success(request, _("Note added."))
    except ApplicationError as exc:
        messages.error(request, _(exc.message))
    return redirect("customers:customer", pk=pk)


@requires(Perm.CUSTOMER_EDIT)
@require_POST
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cust = get_object_or_404(Customer, pk=pk)
    try:
        tags = request.POST.get("tags", "").replace("،", ",").split(",")
        address = request.POST.get("address", "").strip()
        extra = (
            services.IdentityIn(kind=request.POST.get("kind", "email"), address=address) if address else None
        )
        services.customer_update(
            customer=cust, actor=request.user, name=request.POST.get("name"), tags=tags, add_identity=extra
        )
        messages.success(request, _("Customer updated."))
    except ApplicationError as exc:
        messages.error(request, _(exc.message))
    return redirect("customers:customer", pk=pk)
