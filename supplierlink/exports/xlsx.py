"""One table as an XLSX workbook (openpyxl): text that a spreadsheet would run as a formula is
kept as text, numbers and dates stay numbers and dates."""

from __future__ import annotations

import io
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook

from supplierlink.exports.cells import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, date, datetime)):
        return value.replace(tzinfo=None) if isinstance(value, datetime) else value
    return safe_cell(value)


def xlsx_bytes(title: str, header, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "data")
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([_value(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, header, rows, title: str = "data") -> Response:
    return Response(xlsx_bytes(title, header, rows), mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
