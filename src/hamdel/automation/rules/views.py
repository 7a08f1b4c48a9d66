"""The admins' rules pages under /settings: the list (order, state, why a rule was switched off), the
structured create/edit form, move up/down, enable/disable and the dry run. Views parse, call one action,
render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.automation.rules import forms, selectors, services
from hamdel.automation.rules.catalog import labels
from hamdel.automation.rules.models import Rule
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires

LIST = "automation:rules_list"


@requires(Perm.RULE_MANAGE)
def rules_list(request: HttpRequest) -> HttpResponse:
    rules = list(selectors.rule_list(actor=request.user))
    events = labels()["events"]
    for rule in rules:
        rule.event_label = events.get(rule.event, rule.event)  # type: ignore[attr-defined]
    return render(request, "automation/rules/list.html", {"rules": rules})


def _form_page(request: HttpRequest, rule: Rule | None) -> HttpResponse:
    """New (rule None) or edit: on POST one action, on refusal the form again with each error at its row."""
    status = 200
    if request.method == "POST":
        form, data = forms.from_post(request.POST)
        try:
            if rule is None:
                services.rule_create(actor=request.user, data=data)
            else:
                services.rule_update(actor=request.user, rule=rule, data=data)
        except ApplicationError as exc:
            forms.place_errors(form, exc.extra or {}, services.problem_text)
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("The rule was saved."))
            return redirect(LIST)
    else:
        form = forms.from_rule(rule) if rule is not None else forms.RuleForm()
    context = {"rule": rule, "form": form.padded(), **forms.catalogue()}
    return render(request, "automation/rules/form.html", context, status=status)


@requires(Perm.RULE_MANAGE)
def rules_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@requires(Perm.RULE_MANAGE)
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(selectors.rule_list(actor=request.user), pk=pk))


@require_POST
@requires(Perm.RULE_MANAGE)
def rules_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=pk)
    try:
        services.rule_update(actor=request.user, rule=rule, data={"enabled": not rule.enabled})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(LIST)


@require_POST
@requires(Perm.RULE_MANAGE)
def rules_move(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=pk)
    try:
        services.rule_reorder(actor=request.user, rule=rule, direction=request.POST.get("direction", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(reverse(LIST) + f"#rule-{rule.pk}")


@require_POST
@requires(Perm.RULE_MANAGE)
def rules_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=pk)
    result = selectors.rule_dry_run(actor=request.user, rule=rule)
    return render(request, "automation/rules/dry_run.html", {"rule": rule, "result": result})
