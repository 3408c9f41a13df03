"""One table as a download in either format: CSV (UTF-8) or XLSX (``exports.xlsx``). Text a
spreadsheet would run as a formula is neutralised in both; numbers stay numbers (a negative
figure is not text starting with a minus), dates are written as ISO dates in the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask import Response

from supplierlink.exports.cells import safe_cell
from supplierlink.exports.xlsx import xlsx_response

FORMATS = ("csv", "xlsx")


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return safe_cell(value)


def csv_bytes(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def table_response(name: str, fmt: str, header, rows) -> Response:
    """``name.fmt`` as an attachment; ``fmt`` is one of ``FORMATS``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    filename = f"{name}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows, title=name)
    return Response(csv_bytes(header, rows), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
