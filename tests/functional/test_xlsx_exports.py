"""Shortlists and programme tables as XLSX: the same rows as the CSV, formulas kept as text."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from supplierlink.exports.xlsx import xlsx_bytes
from supplierlink.requirements.models import Application
from supplierlink.requirements.services import RequirementData, post_requirement


def test_text_that_looks_like_a_formula_stays_text():
    data = xlsx_bytes("t", ["name", "n"], [["=HYPERLINK(\"x\")", 3], ["@SUM(A1)", 2.5],
                                             ["plain", None]])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("'=HYPERLINK(\"x\")", 3) and rows[2] == ("'@SUM(A1)", 2.5)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_shortlist_xlsx_has_the_csv_rows(app, client, login, session, make_org, make_user,
                                         reference_data, future):
    buyer = make_org("lead_firm")
    user = make_user(buyer)
    sme = make_org("sme", legal_name="=cmd|' /C calc'!A0 SpA")
    with app.app_context():
        req = post_requirement(session, buyer, user, RequirementData(
            title="Correas", category_codes=["20101501"], need_date=future()), publish=True)
    session.add(Application(requirement_id=req.id, supplier_id=sme.id, status="shortlisted"))
    login(user, buyer)
    got = client.get(f"/requirements/{req.id}/shortlist.xlsx")
    assert got.status_code == 200 and got.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(got.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0].startswith("'=cmd")
    csv_text = client.get(f"/requirements/{req.id}/shortlist.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].split(",")[0] == rows[0][0]
