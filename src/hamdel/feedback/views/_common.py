"""Helpers the staff pages share: dates typed in forms, refusals, QR downloads."""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamdel.core.errors import ApplicationError, Forbidden
from hamdel.core.persian import TEHRAN, fa_digits, latin_digits
from hamdel.feedback.qr import qr_png, qr_svg


def form_error(exc: ApplicationError) -> str:
    """The message a form shows; a refusal for lack of permission is the 403 page, not a form error."""
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message) from exc
    return exc.message


def parse_jalali(value: str) -> dt.datetime:
    """Accept «۱۴۰۴/۰۵/۱۲» (Jalali, Persian or Latin digits) or an ISO date; noon in Tehran."""
    value = latin_digits(value.strip()).replace("-", "/")
    if not value:
        return timezone.now()
    try:
        y, m, d = (int(p) for p in value.split("/"))
        day = jdatetime.date(y, m, d).togregorian() if y < 1700 else dt.date(y, m, d)
    except (ValueError, TypeError):
        raise ApplicationError(
            _("Write the date as 1404/05/12."), {"date": value}, code="invalid_date"
        ) from None
    return dt.datetime.combine(day, dt.time(12), tzinfo=TEHRAN)


def today_jalali() -> str:
    return fa_digits(jdatetime.date.today().strftime("%Y/%m/%d"))


def qr_download(data: str, fmt: str, name: str) -> HttpResponse:
    if fmt == "png":
        response = HttpResponse(qr_png(data), content_type="image/png")
    elif fmt == "svg":
        response = HttpResponse(qr_svg(data), content_type="image/svg+xml")
    else:
        return HttpResponse(status=404)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
