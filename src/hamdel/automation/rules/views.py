"""The admins' rules page under /settings: the list (with why a rule was switched off), a new rule in JSON,
enable/disable, and the dry run. Views parse, call one action, render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.automation.rules import selectors, services
from hamdel.automation.rules.catalog import ACTIONS, FIELDS, RULE_EVENTS
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires

LIST = "automation:rules_list"


def _json(raw: str, default: Any) -> Any:
    try:
        return json.loads(raw) if raw.strip() else default
    except ValueError:
        return None  # the action names the field as not valid


@requires(Perm.RULE_MANAGE)
def rules_list(request: HttpRequest) -> HttpResponse:
    errors: dict[str, Any] = {}
    values = {"name": "", "event": "message.received", "conditions": "", "actions": ""}
    status = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        data = {
            "name": values["name"],
            "event": values["event"],
            "conditions": _json(values["conditions"], {}),
            "actions": _json(values["actions"], []),
        }
        try:
            services.rule_create(actor=request.user, data=data)
        except ApplicationError as exc:
            errors = {"message": exc.message, "extra": exc.extra}
            status = 400
        else:
            messages.success(request, _("The rule was added."))
            return redirect(LIST)
    context = {
        "rules": list(selectors.rule_list(actor=request.user)),
        "events": RULE_EVENTS,
        "fields": FIELDS,
        "actions": ACTIONS,
        "values": values,
        "errors": errors,
    }
    return render(request, "automation/rules/list.html", context, status=status)


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
def rules_dry_run(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(selectors.rule_list(actor=request.user), pk=pk)
    result = selectors.rule_dry_run(actor=request.user, rule=rule)
    return render(request, "automation/rules/dry_run.html", {"rule": rule, "result": result})
