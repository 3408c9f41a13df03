"""Spreadsheet imports: headers in es/pt/en mapped to fields, a dry run that writes nothing, and
a committed import that keeps the valid rows only, validated by the forms' services."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlalchemy import func, select

from supplierlink.imports.spreadsheet import run_sheet
from supplierlink.imports.tables import auto_mapping, read_table, template_csv
from supplierlink.models import Base
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import Capability, Certification
from tests.factories import valid_rut


def every_count(session) -> dict:
    return {t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables}


def supplier_csv(rows) -> bytes:
    head = "Razón social;RUT;País;Región;Comuna;Códigos de categoría;Empleados\n"
    return (head + "\n".join(";".join(r) for r in rows)).encode("utf-8")


def test_templates_in_each_language_map_back_to_every_field():
    for kind in ("suppliers", "certificates", "requirements"):
        for language in ("en", "es", "pt"):
            headers, _rows = read_table(template_csv(kind, language) + b"\n", "t.csv")
            mapping = auto_mapping(kind, headers)
            assert None not in mapping.values(), (kind, language, mapping)
            assert len(set(mapping.values())) == len(headers)


def test_dry_run_writes_nothing_and_commit_keeps_only_valid_rows(app, session, reference_data,
                                                                  make_org):
    registered = make_org("sme", legal_name="Correas Transportadoras del Norte SpA")
    data = supplier_csv([
        ["Servicios Mineros Atacama SpA", valid_rut(9001), "CL", "CL-AN", "Calama", "20101501",
         "12"],
        ["Sin RUT válido", "12.345.678-0", "CL", "", "", "", "5"],
        ["Región equivocada", valid_rut(9002), "CL", "PE-LIM", "", "99999999", ""],
        ["CORREAS TRANSPORTADORAS DEL NORTE S.P.A.", valid_rut(9003), "CL", "", "", "", "x"],
        ["Correas del Pacífico SpA", valid_rut(9004), "CL", "", "Antofagasta", "", "8"],
    ])
    headers, rows = read_table(data, "proveedores.csv")
    mapping = auto_mapping("suppliers", headers)
    before = every_count(session)
    with app.app_context():
        dry = run_sheet(session, "suppliers", rows, mapping)
    assert every_count(session) == before
    assert (dry.rows, dry.valid, dry.bad_lines, dry.committed) == (5, 2, 3, False)
    reasons = {(p.line, p.field) for p in dry.problems}
    assert {(3, "tax_id"), (4, "region"), (5, "employees")} <= reasons
    assert [(d.line, d.organisation_id) for d in dry.duplicates] == [(5, registered.id)]
    with app.app_context():
        done = run_sheet(session, "suppliers", rows, mapping, commit=True)
    assert done.committed and done.valid == 2
    names = set(session.scalars(select(Organisation.legal_name)))
    assert {"Servicios Mineros Atacama SpA", "Correas del Pacífico SpA"} <= names
    assert "Sin RUT válido" not in names and "Región equivocada" not in names
    new = session.scalar(select(Organisation).where(
        Organisation.legal_name == "Servicios Mineros Atacama SpA"))
    assert session.scalar(select(func.count()).select_from(Capability).where(
        Capability.organisation_id == new.id)) == 1


def test_certificates_and_requirements_from_excel(app, session, reference_data, make_org,
                                                  future):
    sme, buyer = make_org("sme"), make_org("lead_firm")

    def workbook(header, *rows):
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    certs = workbook(["País do fornecedor", "Identificação fiscal do fornecedor", "Norma",
                      "Data de emissão", "Data de validade"],
                     ["CL", sme.tax_id, "ISO 9001", "2024-01-10", "2027-01-09"],
                     ["CL", sme.tax_id, "Norma inventada XYZ", "2024-01-10", ""],
                     ["CL", "76.000.000-0", "ISO 14001", "", ""])
    headers, rows = read_table(certs, "certificados.xlsx")
    with app.app_context():
        report = run_sheet(session, "certificates", rows, auto_mapping("certificates", headers),
                           commit=True)
    assert report.valid == 1 and {p.line for p in report.problems} == {3, 4}
    assert session.scalar(select(func.count()).select_from(Certification).where(
        Certification.organisation_id == sme.id)) == 1

    reqs = workbook(["Lead firm country", "Lead firm tax id", "Title", "Category codes",
                     "Required standards", "Need date"],
                    ["CL", buyer.tax_id, "Mantención de correas", "20101501", "ISO 9001",
                     future().isoformat()],
                    ["CL", buyer.tax_id, "", "20101501", "", ""],
                    ["CL", sme.tax_id, "Not a lead firm", "20101501", "", ""])
    headers, rows = read_table(reqs, "requerimientos.xlsx")
    with app.app_context():
        report = run_sheet(session, "requirements", rows,
                           auto_mapping("requirements", headers), commit=True)
    assert report.valid == 1 and {p.line for p in report.problems} == {3, 4}
    req = session.scalar(select(Requirement).where(Requirement.organisation_id == buyer.id))
    assert req.status == "draft" and [s.standard.key for s in req.standards] == ["iso-9001"]


def _through_the_forms(session, rows, mapping):
    """What the forms' services make of each supplier row, one by one in a savepoint of its
    own: the reference the batched import must give row for row."""
    from supplierlink.errors import ServiceError
    from supplierlink.imports.spreadsheet import RowError, _supplier

    columns = [(i, key) for i, key in mapping.items() if key]
    problems = []
    for number, row in enumerate(rows):
        values = {key: row[i].strip() for i, key in columns}
        savepoint = session.begin_nested()
        try:
            _supplier(session, values, None, {"changed": set()})
        except (ServiceError, RowError) as exc:
            savepoint.rollback()
            problems += [(number + 2, "categories" if k == "category_codes" else k, str(m))
                         for k, ms in exc.errors.items() for m in ms]
        else:
            savepoint.commit()
    return problems


def _suppliers_written(session, tax_ids) -> dict:
    from supplierlink.suppliers.models import ServiceRegion, SupplierProfile

    found = {}
    for org in session.scalars(select(Organisation).where(Organisation.tax_id.in_(tax_ids))):
        profile = session.get(SupplierProfile, org.id)
        found[org.tax_id] = (
            org.kind, org.legal_name, org.trade_name, org.tax_country, org.region, org.town,
            org.employees, org.website, org.description, org.published,
            profile.version, profile.capabilities_text, profile.capacity, profile.capacity_unit,
            sorted(session.scalars(select(Capability.category_id)
                                   .where(Capability.organisation_id == org.id))),
            sorted(session.scalars(select(ServiceRegion.region_code)
                                   .where(ServiceRegion.organisation_id == org.id))))
    return found


def test_batched_supplier_rows_give_what_the_forms_give_row_by_row(app, session,
                                                                     reference_data, make_org):
    """Every kind of bad row, a tax id twice in the file and one already registered: the same
    problems, line by line, and the same organisations, profiles, categories and regions."""
    registered = make_org("sme", legal_name="Ya Registrada SpA")
    head = ("Razón social,RUT,País,Región,Comuna,Códigos de categoría,Empleados,"
            "Regiones atendidas,Capacidad,Unidad de capacidad,Capacidades,Sitio web\n")
    lines = [
        f"Uno SpA,{valid_rut(9101)},CL,CL-AN,Calama,20101501;20101501,12,CL-AN;cl-at,,,,",
        f"Dos SpA,{valid_rut(9102)},CL,,,20101501,,CL-AN,40,t_month,Correas,https://dos.cl",
        f"Uno otra vez SpA,{valid_rut(9101)},CL,,,,,,,,,",
        f"Registrada SpA,{registered.tax_id},CL,,,,,,,,,",
        f"Mal código SpA,{valid_rut(9103)},CL,,,99999999;20101501,,,,,,",
        f"Mala región SpA,{valid_rut(9104)},CL,,,,,XX-ZZ;CL-AN,,,,",
        f"Sin unidad SpA,{valid_rut(9105)},CL,,,,,,12,,,",
        f"Unidad inventada SpA,{valid_rut(9106)},CL,,,,,,12,furlongs,,",
        f"Capacidad negativa SpA,{valid_rut(9107)},CL,,,,,,-3,t_month,,",
        f"Capacidad x SpA,{valid_rut(9108)},CL,,,,,,x,,,",
        f",{valid_rut(9109)},CL,PE-LIM,,,,,,,,",
        f"Empleados negativos SpA,{valid_rut(9110)},CL,,,,-1,,,,,",
        "Sin RUT SpA,12.345.678-0,CL,,,,,,,,,",
        f"Tres SpA,{valid_rut(9111)},CL,CL-RM,Santiago,,3,CL,,,,",
        f"Dos copia SpA,{valid_rut(9102)},CL,,,,,,,,,",
    ]
    headers, rows = read_table((head + "\n".join(lines)).encode(), "proveedores.csv")
    mapping = auto_mapping("suppliers", headers)
    tax_ids = [valid_rut(n) for n in range(9101, 9112)]
    with app.app_context():
        outer = session.begin_nested()
        expected = _through_the_forms(session, rows, mapping)
        expected_rows = _suppliers_written(session, tax_ids)
        outer.rollback()
        report = run_sheet(session, "suppliers", rows, mapping, commit=True)
    got = [(p.line, p.field, p.message) for p in report.problems]
    assert got == expected
    assert {line for line, *_ in got} == {4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16}
    assert report.valid == 3 and len(expected_rows) == 3
    assert _suppliers_written(session, tax_ids) == expected_rows
