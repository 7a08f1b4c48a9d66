"""CSV and XLSX exports of a page's table and its series, with Jalali dates and formula-safe cells.

Cells go through `hamdel.core.exports`, the one formula-safe writer: a text starting with = + - @ (or a tab or
carriage return) gets an apostrophe; numbers stay numbers (a negative NPS is written as a number, not text).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from hamdel.core.exports import csv_writer, safe_cell, xlsx_bytes
from hamdel.insights import report, selectors
from hamdel.insights.periods import Period, jalali_label
from hamdel.insights.selectors import Filters

VIEWS = {"overview": "channel", "channels": "channel", "teams": "team_id", "surveys": "channel"}


def safe(cell: Any) -> Any:
    """A value a spreadsheet will show, never run."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return cell
    return safe_cell(str(cell))


def rows_for(view: str, period: Period, filters: Filters) -> list[list[Any]]:
    """The rows of the export: a title block, the table by channel/team, then the series by day."""
    by = VIEWS.get(view, "channel")
    keys = report.SURVEY_TABLE if view == "surveys" else report.TABLE
    out: list[list[Any]] = [
        [_("Insights"), view],
        [
            _("Period"),
            period.label
            or f"{jalali_label(period.start, persian=False)} – {jalali_label(period.end, persian=False)}",
        ],
        [
            _("From"),
            jalali_label(period.start, persian=False),
            _("To"),
            jalali_label(period.end, persian=False),
        ],
        [],
        [
            {"channel": _("Channel"), "team_id": _("Team")}[by],
            *[str(c["label"]) for c in report.columns(keys)],
        ],
    ]
    for row in report.table(period, filters, by, keys):
        out.append([row["name"], *row["values"]])
    total = selectors.totals(period, filters)
    from hamdel.insights.metrics import value

    out.append([_("All"), *[value(k, total) for k in keys]])
    out.append([])
    s = selectors.series(period, filters)
    out.append([_("Date"), _("Customer messages"), _("New conversations"), _("Resolved")])
    if period.days <= 92:
        dates = [jalali_label(period.start + dt.timedelta(days=i), persian=False) for i in range(period.days)]
        dates = dates if period.days > 1 else [f"{dates[0]} {h}" for h in s.labels]
    else:
        dates = s.labels
    for i, label in enumerate(dates):
        out.append(
            [label, s.counters["messages_in"][i], s.counters["conversations"][i], s.counters["resolved"][i]]
        )
    return out


def export_response(
    fmt: str, view: str, period: Period, filters: Filters, *, stamp: dt.datetime
) -> HttpResponse:
    rows = [[safe(c) for c in row] for row in rows_for(view, period, filters)]
    name = f"hamdel-insights-{view}-{jalali_label(period.start, persian=False)}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel reads UTF-8 Persian text only with the byte-order mark
        csv_writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            xlsx_bytes(rows, title=view[:30], rtl=True),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
