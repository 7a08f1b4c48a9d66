"""Remedy pages: offer from the conversation panel, decide in place, the approvals queue, the limits.

Thin: parse the form, call one action, show its refusal as a message (or beside the limit's cell).
Amounts are typed in the company's unit (rials or toman, Persian or Latin digits, any separators).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.accounts.models import Role
from hamdel.conversations.models import Conversation
from hamdel.core import money
from hamdel.core.errors import ApplicationError, Forbidden
from hamdel.core.http import same_site
from hamdel.core.permissions import Perm, can, requires
from hamdel.customers.models import Order
from hamdel.policies.remedies import selectors, services
from hamdel.policies.remedies.models import AMOUNT_REQUIRED, Remedy, RemedyKind, RemedyStatus
from hamdel.policies.remedies.selectors import ROLES


def _refusal(exc: ApplicationError) -> str:
    """The message of a refused action; a refusal for lack of permission is the 403 page."""
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message) from exc
    return exc.message


def _typed_amount(value: str) -> object:
    """An amount typed in the company's unit, in rials for the action; text it cannot read goes as is."""
    if not value.strip():
        return None
    try:
        return money.to_rials(value)
    except ValueError:
        return value


def decision_context(request: HttpRequest, remedy: Remedy) -> dict[str, Any]:
    """Whether this person sees the approve and reject buttons on a waiting remedy, and why not."""
    waiting = remedy.status == RemedyStatus.PENDING_APPROVAL
    may = waiting and can(request.user, Perm.REMEDY_APPROVE)
    own = may and remedy.offered_by_id == request.user.pk
    covers = may and selectors.within_authority(request.user, remedy.kind, remedy.amount)
    return {
        "remedy": remedy,
        "can_fulfil": remedy.status == RemedyStatus.APPROVED and can(request.user, Perm.REMEDY_OFFER),
        "can_decide": may and covers and not own,
        "own": own,
        "above": may and not covers and not own,
    }


def conversation_panel(request: HttpRequest, conv: Conversation) -> dict[str, Any]:
    """The conversation's remedies with their status, the offer form, and decisions for approvers."""
    remedies = list(selectors.remedies_for_conversation(conversation=conv))
    mine = selectors.actor_limits(request.user)
    own = [(kind, mine[kind.value]) for kind in RemedyKind]
    return {
        "conv": conv,
        "rows": [decision_context(request, r) for r in remedies],
        "kinds": RemedyKind.choices,
        "amount_kinds": sorted(AMOUNT_REQUIRED),
        "my_limits": own,
        "can_offer": can(request.user, Perm.REMEDY_OFFER),
        "orders": list(Order.objects.filter(customer_id=conv.customer_id).order_by("-ordered_at")[:20]),
        "unit": money.display_unit(),
        "next": reverse("conversations:conversation", args=[conv.number]) + "#remedies",
    }


def customer_panel(request: HttpRequest, customer: Any) -> dict[str, Any] | None:
    """Every remedy this customer was offered, in any conversation (no panel when there is none)."""
    remedies = list(selectors.remedies_for_customer(customer_id=customer.pk)[:20])
    if not remedies:
        return None
    granted = sum(r.amount or 0 for r in remedies if r.status == RemedyStatus.APPROVED)
    return {"remedies": remedies, "granted": granted}


@requires(Perm.REMEDY_OFFER)
@require_POST
def remedy_offer(request: HttpRequest, number: int) -> HttpResponse:
    conv = get_object_or_404(Conversation, number=number)
    back = reverse("conversations:conversation", args=[number]) + "#remedies"
    try:
        remedy = services.remedy_offer(
            actor=request.user,
            conversation=conv,
            kind=request.POST.get("kind", ""),
            amount=_typed_amount(request.POST.get("amount", "")),
            order_id=request.POST.get("order_id") or None,
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, _refusal(exc))
        return redirect(back)
    if remedy.status == RemedyStatus.APPROVED:
        text = _("The remedy is approved: it is within your authority.")
        if remedy.discount_code:
            text += " " + _("Discount code: %(code)s") % {"code": remedy.discount_code}
        messages.success(request, text)
    else:
        messages.warning(
            request, _("The remedy is above your authority; it waits for a team lead's approval.")
        )
    return redirect(back)


@requires(Perm.REMEDY_APPROVE)
@require_POST
def remedy_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (one click) or reject with a reason; back to where the button was."""
    remedy = get_object_or_404(Remedy, pk=pk)
    back = same_site(request, request.POST.get("next", "")) or reverse("policies:remedy_queue")
    try:
        if request.POST.get("decision") == "reject":
            services.remedy_reject(actor=request.user, remedy=remedy, reason=request.POST.get("reason", ""))
            messages.success(request, _("The remedy was rejected; the agent sees your reason."))
        else:
            done = services.remedy_approve(actor=request.user, remedy=remedy)
            text = _("The remedy is approved.")
            if done.discount_code:
                text += " " + _("Discount code: %(code)s") % {"code": done.discount_code}
            messages.success(request, text)
    except ApplicationError as exc:
        messages.error(request, _refusal(exc))
    return redirect(back)


@requires(Perm.REMEDY_OFFER)
@require_POST
def remedy_fulfil(request: HttpRequest, pk: int) -> HttpResponse:
    """An approved remedy was carried out: the refund paid, the code sent, the courier booked."""
    remedy = get_object_or_404(Remedy.objects.select_related("conversation"), pk=pk)
    back = reverse("conversations:conversation", args=[remedy.conversation.number]) + "#remedies"
    try:
        services.remedy_fulfil(actor=request.user, remedy=remedy)
    except ApplicationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("The remedy is marked as done."))
    return redirect(back)


@requires(Perm.REMEDY_APPROVE)
def remedy_queue(request: HttpRequest) -> HttpResponse:
    """The approvers' queue: remedies above their offerer's authority, oldest first, and recent decisions."""
    pending = selectors.remedies_list(user=request.user, status=RemedyStatus.PENDING_APPROVAL)
    decided = selectors.remedies_list(user=request.user).exclude(status=RemedyStatus.PENDING_APPROVAL)
    context = {
        "rows": [decision_context(request, r) for r in pending[:200]],
        "decided": decided.filter(decided_at__isnull=False).order_by("-decided_at")[:20],
        "next": reverse("policies:remedy_queue"),
    }
    return render(request, "policies/remedies/queue.html", context)


def _cell(role: str, kind: str) -> str:
    return f"limit-{role}-{kind}"


@requires(Perm.SETTINGS_MANAGE)
def authority_limits(request: HttpRequest) -> HttpResponse:
    """Each role's limit per kind: blank = no limit, 0 = always needs approval, else the most allowed."""
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        entries: list[dict[str, Any]] = []
        for role in ROLES:
            for kind in RemedyKind:
                name = _cell(role, kind)
                typed[name] = request.POST.get(name, "")
                entries.append({"role": role, "kind": kind.value, "max_amount": _typed_amount(typed[name])})
        try:
            services.authority_limits_set(actor=request.user, limits=entries)
        except ApplicationError as exc:
            message = _refusal(exc)
            for problem in exc.extra.get("errors", []):
                index = int(problem["field"].split("[")[1].split("]")[0]) if "[" in problem["field"] else -1
                if 0 <= index < len(entries):
                    entry = entries[index]
                    errors[_cell(entry["role"], entry["kind"])] = problem["message"]
            if not errors:
                messages.error(request, message)
        else:
            messages.success(request, _("The authority limits were saved."))
            return redirect("policies:remedy_limits")
    limits = selectors.limits_table()
    unit = money.RIALS_PER_UNIT[money.display_unit()]
    persian = (translation.get_language() or "fa").startswith("fa")
    table = []
    for kind in RemedyKind:
        cells = []
        for role in ROLES:
            name = _cell(role, kind)
            limit = limits[(str(role), kind.value)]
            shown = "" if limit is None else money.group_thousands(limit // unit, persian=persian)
            cells.append(
                {"name": name, "role": role, "value": typed.get(name, shown), "error": errors.get(name, "")}
            )
        table.append({"kind": kind, "cells": cells})
    context = {"table": table, "roles": [(r, Role(r).label) for r in ROLES], "unit": money.display_unit()}
    return render(request, "policies/remedies/limits.html", context, status=400 if errors else 200)
