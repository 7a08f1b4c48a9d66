"""Insights pages: parse the filters, read the metric layer, render. Supervisors and admins only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hamdel.core.permissions import Perm, requires


@requires(Perm.REPORTS_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/overview.html", {})


@requires(Perm.REPORTS_VIEW)
def teams(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/overview.html", {})


@requires(Perm.REPORTS_VIEW)
def channels(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/overview.html", {})


@requires(Perm.REPORTS_VIEW)
def surveys(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/overview.html", {})


@requires(Perm.REPORTS_VIEW)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    return HttpResponse(status=404)
