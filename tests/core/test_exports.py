"""Spreadsheet exports never hand a customer's text to Excel as a formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from hamdel.core.exports import csv_writer, safe_cell, xlsx_bytes

ATTACKS = ['=HYPERLINK("http://evil.example","بیشتر")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_formula_looking_text_is_written_as_text(text: str) -> None:
    out = io.StringIO()
    csv_writer(out).writerow(["x", text])
    (row,) = list(csv.reader(io.StringIO(out.getvalue())))
    assert row == ["x", "'" + text]


def test_numbers_and_ordinary_text_are_untouched() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(2.5) == 2.5
    assert safe_cell("سلام = درود") == "سلام = درود"
    assert safe_cell("") == ""
    assert safe_cell(None) is None


def test_an_xlsx_export_stores_formula_looking_text_as_text() -> None:
    data = xlsx_bytes([["متن", "عدد"], ["=1+1", 3], ["@cmd", -4]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["متن", "عدد"],
        ["'=1+1", 3],
        ["'@cmd", -4],
    ]
    assert sheet["A2"].data_type == "s"


def test_a_survey_answer_starting_with_equals_is_escaped_in_the_survey_export(db: None) -> None:
    from hamdel.feedback.selectors import survey_csv
    from hamdel.feedback.services import response_save, survey_create

    survey = survey_create(actor=None, name="نظر", questions=[{"key": "why", "type": "text", "text": "چرا؟"}])
    response_save(survey=survey, answers={"why": '=HYPERLINK("http://evil.example")'}, complete=True)
    (row,) = list(csv.DictReader(io.StringIO(survey_csv(survey=survey))))
    assert row["why"] == '\'=HYPERLINK("http://evil.example")'
