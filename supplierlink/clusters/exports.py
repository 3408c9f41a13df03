"""The cluster pages' tables as CSV or XLSX, so every chart's numbers can be taken away."""

from __future__ import annotations

import io

from flask import Response
from openpyxl import Workbook

from supplierlink.programmes.exports import _cell, csv_response

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, header, rows) -> Response:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(filename.rsplit(".", 1)[0][:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), mimetype=XLSX_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


def table_response(name: str, fmt: str, header, rows) -> Response:
    filename = f"{name}.{fmt}"
    rows = list(rows)
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)
