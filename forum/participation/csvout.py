"""Tables as CSV downloads that a spreadsheet opens safely (../shared/SECURITY-THREATS.md).

A cell beginning with = + - @ (or a tab or carriage return) is read as a formula by
spreadsheets; such text cells get a leading apostrophe. Numbers stay numbers: a count is
never negative, and a negative number would not be text anyway.
"""

from __future__ import annotations

import csv
import io

from forum.participation.tables import Cell, Table

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()
