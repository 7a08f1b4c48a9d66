"""Spreadsheet exports that cannot run code: every CSV and XLSX Hamdel writes goes through here.

A customer's text such as `=HYPERLINK("http://evil.example","بیشتر")` or `@SUM(1+1)*cmd|' /C calc'!A0`
is a formula once Excel or LibreOffice opens the file (OWASP "CSV injection"). A text cell that starts
with = + - @, a tab or a carriage return is written with a leading apostrophe, which spreadsheets show
as plain text; numbers, dates and empty cells are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write into a spreadsheet cell: a formula-looking text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """`csv.writer` whose rows pass through `safe_cell`; use `csv_writer(out)` to make one."""

    def __init__(self, writer: _Writer) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: io.StringIO | Any, **kwargs: Any) -> SafeCsvWriter:
    """A drop-in for `csv.writer(out)` that escapes formula-looking cells."""
    return SafeCsvWriter(csv.writer(out, **kwargs))


def xlsx_bytes(rows: Iterable[Iterable[Any]], *, title: str = "Hamdel", rtl: bool = False) -> bytes:
    """An .xlsx file of these rows (the first is the header), every text cell stored as text, never a formula.

    openpyxl turns any string starting with "=" into a formula; `safe_cell` and the explicit string type
    keep it a value.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.sheet_view.rightToLeft = rtl  # a Persian sheet reads from the right, as the page it came from
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
