"""The one CSV writer every export uses, safe to open in a spreadsheet.

Spreadsheets run a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@``
(and some also after a tab or carriage return), so text a person typed, such as a name
or a catalogue item, could run on the machine of whoever opens the export. Following
OWASP's guidance on CSV injection, every cell is quoted (so a comma or semicolon cannot
start a new cell) and text starting with one of those characters gets a leading
apostrophe, which spreadsheets read as "this is text" and do not show.

Text that itself starts with an apostrophe gets one more, so ``unescape_cell`` undoes
the escaping exactly and an exported file imports back unchanged.
"""

import csv

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK = "'"


def escape_cell(value):
    """Text as a spreadsheet shows it, never as a formula; other values as they are.

    Numbers and dates come from the app, not from what someone typed, and stay numbers
    (a negative number is not a formula)."""
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, _TEXT_MARK)):
        return _TEXT_MARK + value
    return value


def unescape_cell(value: str) -> str:
    """The text ``escape_cell`` was given: one leading apostrophe removed."""
    return value[1:] if value.startswith(_TEXT_MARK) else value


class _SafeWriter:
    def __init__(self, stream, *, lineterminator: str):
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL, lineterminator=lineterminator)

    def writerow(self, row):
        return self._writer.writerow([escape_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, *, lineterminator: str = "\r\n") -> _SafeWriter:
    """A ``csv.writer`` on ``stream`` that quotes every cell and escapes formulas."""
    return _SafeWriter(stream, lineterminator=lineterminator)


def csv_response(*, filename: str) -> tuple[HttpResponse, _SafeWriter]:
    """A CSV download named ``filename`` and the writer for its rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv_writer(response)
