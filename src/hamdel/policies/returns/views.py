"""Return pages: the list with filters, and the two forms (open a return from a conversation, move one on).

Views parse, call one action, render; the actions check permissions and validate.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, can, requires
from hamdel.customers.models import Order
from hamdel.policies.returns import selectors, services
from hamdel.policies.returns.models import Return, ReturnKind, ReturnStatus

PAGE_SIZE = 50


@requires(Perm.CUSTOMER_VIEW)
def returns_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    status = status if status in ReturnStatus.values else ""
    kind = kind if kind in ReturnKind.values else ""
    page = Paginator(selectors.return_list(actor=request.user, status=status, kind=kind), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"ret": r, "next": services.NEXT[r.status]} for r in page]
    return render(
        request,
        "policies/returns/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "kind": kind,
            "statuses": ReturnStatus.choices,
            "kinds": ReturnKind.choices,
            "can_manage": can(request.user, Perm.RETURN_MANAGE),
            "can_refuse": can(request.user, Perm.RETURN_REFUSE),
            "labels": dict(ReturnStatus.choices),
        },
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@requires(Perm.CONVERSATION_VIEW)
@require_POST
def return_open(request: HttpRequest, number: int) -> HttpResponse:
    conv = get_object_or_404(Conversation.objects.select_related("customer"), number=number)
    order = get_object_or_404(Order, pk=request.POST.get("order") or 0)
    skus = [s for s in request.POST.getlist("sku") if s]
    try:
        ret = services.return_open(
            actor=request.user,
            order=order,
            kind=request.POST.get("kind", ""),
            items=[services.ReturnItemIn(sku=s) for s in skus] or None,
            reason=request.POST.get("reason", ""),
            conversation=conv,
        )
        messages.success(request, _("Return no. %(n)s opened; the customer was told.") % {"n": ret.pk})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("conversations:conversation", number=conv.number)


@requires(Perm.CUSTOMER_VIEW)
@require_POST
def return_status(request: HttpRequest, pk: int) -> HttpResponse:
    ret = get_object_or_404(Return, pk=pk)
    try:
        services.return_set_status(
            actor=request.user,
            ret=ret,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Return updated; the customer was told."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return _back(request, "policies:returns_list")
