"""Listening posts: what customers say elsewhere, mystery-shopping audits and focus groups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError
from hamdel.core.http import form_id
from hamdel.core.permissions import Perm, can, requires
from hamdel.core.persian import latin_digits
from hamdel.customers.models import Customer
from hamdel.feedback import selectors, services
from hamdel.feedback.models import Audit, AuditTemplate, FocusGroup, ItemSource
from hamdel.feedback.views._common import form_error, parse_jalali, today_jalali


def parse_checks(values: Any, count: int) -> list[bool]:
    """The ticked items of an audit checklist (`check-0`, `check-1`, …)."""
    return [str(values.get(f"check-{i}", "")) in ("1", "on", "true") for i in range(count)]


@requires(Perm.CUSTOMER_VIEW)
def listening(request: HttpRequest) -> HttpResponse:
    """Every listening post: its volume and sentiment over time, and the latest things people said."""
    if request.method == "POST":
        p = request.POST
        try:
            try:
                rating = float(latin_digits(p["rating"])) if p.get("rating", "").strip() else None
            except ValueError:
                raise ApplicationError(_("The rating must be a number."), code="invalid_rating") from None
            services.item_create(
                actor=request.user,
                source=p.get("source", ""),
                text=p.get("text", ""),
                rating=rating,
                rating_max=5 if rating is not None else None,
                author_name=p.get("author_name", ""),
                url=p.get("url", ""),
                customer=Customer.objects.filter(pk=form_id(p.get("customer")) or 0).first(),
                occurred_at=parse_jalali(p.get("date", "")),
            )
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(request, _("The feedback is saved and is being read."))
        return redirect("feedback:listening")
    source = request.GET.get("source", "")
    context = {
        "overview": selectors.listening_overview(),
        "items": selectors.items_list(source=source, sentiment=request.GET.get("sentiment", "")),
        "source": source,
        "sources": ItemSource.choices,
        "today": today_jalali(),
    }
    return render(request, "feedback/listening.html", context)


@requires(Perm.CUSTOMER_VIEW)
def audits(request: HttpRequest) -> HttpResponse:
    """Mystery-shopping checklists, visits and each branch's score over time."""
    template = AuditTemplate.objects.filter(pk=form_id(request.GET.get("template")) or 0).first()
    template = template or AuditTemplate.objects.order_by("-created_at").first()
    if request.method == "POST":
        p = request.POST
        try:
            if p.get("action") == "template":
                template = services.audit_template_create(
                    actor=request.user, name=p.get("name", ""), items=p.get("items", "").splitlines()
                )
            else:
                template = AuditTemplate.objects.filter(pk=form_id(p.get("template")) or 0).first()
                if template is None:
                    raise ApplicationError(_("Choose a checklist."), code="template_required")
                services.audit_record(
                    actor=request.user,
                    template=template,
                    branch=p.get("branch", ""),
                    visited_at=parse_jalali(p.get("date", "")),
                    checks=parse_checks(p, len(template.items)),
                    auditor=p.get("auditor", ""),
                    findings=p.get("findings", ""),
                )
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{reverse('feedback:audits')}?template={template.pk if template else ''}")
    context = {
        "template": template,
        "templates": AuditTemplate.objects.all(),
        "results": selectors.audit_results(),
        "audits": Audit.objects.select_related("template")[:30],
        "today": today_jalali(),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
    }
    return render(request, "feedback/audits.html", context)


@requires(Perm.CUSTOMER_VIEW)
def focus_groups(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        p = request.POST
        try:
            services.focus_group_create(
                actor=request.user,
                title=p.get("title", ""),
                held_at=parse_jalali(p.get("date", "")),
                moderator=p.get("moderator", ""),
                participants=p.get("participants", ""),
                notes=p.get("notes", ""),
                findings=p.get("findings", ""),
                ideas=p.get("ideas", "").splitlines(),
            )
        except ApplicationError as exc:
            messages.error(request, form_error(exc))
        else:
            messages.success(request, _("The session is saved; its ideas are on the board."))
        return redirect("feedback:focus_groups")
    context = {
        "groups": FocusGroup.objects.prefetch_related("ideas")[:50],
        "today": today_jalali(),
        "can_manage": can(request.user, Perm.SURVEY_MANAGE),
    }
    return render(request, "feedback/focus_groups.html", context)
