"""The audit log page for admins: read and filter, never change (there is no form that writes here)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hamdel.core.models import AuditLog
from hamdel.core.permissions import Perm, require, requires
from hamdel.core.persian import latin_digits

PAGE_SIZE = 50


def audit_entries(
    *, actor: Any, action: str = "", who: str = "", since: str = "", q: str = ""
) -> QuerySet[AuditLog]:
    """Entries, newest first; `action` matches a prefix (`customer.` gives every customer action)."""
    require(actor, Perm.AUDIT_VIEW)
    qs = AuditLog.objects.all().order_by("-created_at", "-id")
    if action:
        qs = qs.filter(action__startswith=action)
    if who:
        qs = qs.filter(Q(actor_name__icontains=who) | Q(actor__username__iexact=who))
    if since:
        with contextlib.suppress(ValueError):
            qs = qs.filter(created_at__date__gte=dt.date.fromisoformat(latin_digits(since)))
    if q:
        qs = qs.filter(Q(target__icontains=q) | Q(ip__startswith=latin_digits(q)))
    return qs


@requires(Perm.AUDIT_VIEW)
def audit_log(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip()[:100] for k in ("action", "who", "since", "q")}
    qs = audit_entries(actor=request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    actions = AuditLog.objects.order_by("action").values_list("action", flat=True).distinct()
    families = sorted({a.split(".")[0].split("_")[0] for a in actions})
    return render(request, "core/audit_log.html", {"page": page, "filters": filters, "families": families})
