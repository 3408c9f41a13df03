"""Spreadsheets in: read a CSV or XLSX file into rows, and map its columns to the fields of what
is imported by their headers in Spanish, Portuguese or English (fuzzy, so "Razón social",
"razao social" and "Legal name" all land on the legal name)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from matching.text import strip_accents

MAX_ROWS = 50_000
MATCH_FLOOR = 80


@dataclass(frozen=True)
class Field:
    key: str
    required: bool
    headers: tuple[str, ...]  # en, es, pt first (the templates' headers), then synonyms
    multiple: bool = False  # ";"-separated values


KINDS: dict[str, tuple[Field, ...]] = {
    "suppliers": (
        Field("legal_name", True, ("Legal name", "Razón social", "Razão social", "company name",
                                   "nombre legal", "empresa", "nome empresarial")),
        Field("trade_name", False, ("Trade name", "Nombre de fantasía", "Nome fantasia",
                                    "nombre comercial", "operating name")),
        Field("country", True, ("Country", "País", "País", "pais", "country code")),
        Field("tax_id", True, ("Tax id", "RUT / identificación tributaria", "CNPJ / identificação fiscal",
                               "rut", "nit", "ruc", "rfc", "cnpj", "tax number", "vat",
                               "identificador tributario")),
        Field("region", False, ("Region", "Región", "Região", "estado", "departamento",
                                "provincia")),
        Field("town", False, ("Town", "Ciudad", "Cidade", "comuna", "municipio", "city",
                              "localidad")),
        Field("employees", False, ("Employees", "Empleados", "Funcionários", "trabajadores",
                                   "headcount", "número de empleados")),
        Field("website", False, ("Website", "Sitio web", "Site", "web", "url")),
        Field("description", False, ("Description", "Descripción", "Descrição")),
        Field("categories", False, ("Category codes", "Códigos de categoría",
                                    "Códigos de categoria", "unspsc", "categorías", "rubros"),
              multiple=True),
        Field("regions_served", False, ("Regions served", "Regiones atendidas",
                                        "Regiões atendidas", "cobertura", "zonas"),
              multiple=True),
        Field("capacity", False, ("Capacity", "Capacidad", "Capacidade")),
        Field("capacity_unit", False, ("Capacity unit", "Unidad de capacidad",
                                       "Unidade de capacidade")),
        Field("capabilities_text", False, ("Capabilities", "Capacidades", "Competências",
                                           "servicios", "productos")),
    ),
    "certificates": (
        Field("country", True, ("Supplier country", "País del proveedor",
                                "País do fornecedor", "country", "país")),
        Field("tax_id", True, ("Supplier tax id", "Identificación tributaria del proveedor",
                               "Identificação fiscal do fornecedor", "rut", "nit", "ruc",
                               "cnpj", "tax id")),
        Field("standard", True, ("Standard", "Norma", "Norma", "certificación", "certificado",
                                 "certificação", "certificate")),
        Field("body", False, ("Certifying body", "Organismo certificador",
                              "Organismo certificador", "certificadora", "registrar")),
        Field("number", False, ("Certificate number", "Número de certificado",
                                "Número do certificado")),
        Field("scope", False, ("Scope", "Alcance", "Escopo")),
        Field("issued_on", False, ("Issued on", "Fecha de emisión", "Data de emissão",
                                   "issue date", "emitido")),
        Field("expires_on", False, ("Expires on", "Fecha de vencimiento", "Data de validade",
                                    "expiry date", "vence", "vigencia")),
    ),
    "requirements": (
        Field("country", True, ("Lead firm country", "País de la empresa compradora",
                                "País da empresa compradora", "country", "país")),
        Field("tax_id", True, ("Lead firm tax id", "Identificación tributaria del comprador",
                               "Identificação fiscal do comprador", "rut", "tax id")),
        Field("title", True, ("Title", "Título", "Título", "requerimiento", "necesidad")),
        Field("description", False, ("Description", "Descripción", "Descrição")),
        Field("categories", True, ("Category codes", "Códigos de categoría",
                                   "Códigos de categoria", "unspsc"), multiple=True),
        Field("must_standards", False, ("Required standards", "Normas exigidas",
                                        "Normas exigidas", "must"), multiple=True),
        Field("preferred_standards", False, ("Preferred standards", "Normas deseables",
                                             "Normas desejáveis"), multiple=True),
        Field("min_capacity", False, ("Minimum capacity", "Capacidad mínima",
                                      "Capacidade mínima")),
        Field("regions", False, ("Delivery regions", "Regiones de entrega",
                                 "Regiões de entrega"), multiple=True),
        Field("need_date", False, ("Need date", "Fecha requerida", "Data necessária",
                                   "fecha de necesidad")),
        Field("delivery_site", False, ("Delivery site", "Lugar de entrega", "Local de entrega",
                                       "faena", "planta")),
    ),
}
LANGUAGE_INDEX = {"en": 0, "es": 1, "pt": 2}


def _norm(text: str) -> str:
    return " ".join(strip_accents(str(text or "")).lower().replace("_", " ").split())


def auto_mapping(kind: str, headers: list[str]) -> dict[int, str | None]:
    """Column index → field key (or None) from the headers; each field taken once, best first."""
    choices = {}
    for field in KINDS[kind]:
        for header in field.headers:
            choices.setdefault(_norm(header), field.key)
    candidates = []
    for index, header in enumerate(headers):
        found = process.extractOne(_norm(header), list(choices), scorer=fuzz.WRatio,
                                   score_cutoff=MATCH_FLOOR)
        if found:
            candidates.append((found[1], index, choices[found[0]]))
    mapping: dict[int, str | None] = dict.fromkeys(range(len(headers)))
    taken = set()
    for _score, index, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if key not in taken and mapping[index] is None:
            mapping[index], taken = key, taken | {key}
    return mapping


def missing_fields(kind: str, mapping: dict[int, str | None]) -> list[str]:
    mapped = set(mapping.values())
    return [f.key for f in KINDS[kind] if f.required and f.key not in mapped]


class TableError(ValueError):
    """The file cannot be read as a table."""


def read_table(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (as text) of a CSV or XLSX file."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if filename.lower().endswith((".csv", ".txt", ".tsv")):
        return _read_csv(data)
    raise TableError(_l("Upload a .csv or .xlsx file."))


def _read_csv(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    return _split(rows)


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_l("This is not a readable Excel file.")) from exc
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else (v.date().isoformat() if hasattr(v, "date") and
                                       callable(v.date) else str(v)) for v in row]
        if any(c.strip() for c in cells):
            rows.append(cells)
    return _split(rows)


def _split(rows):
    if not rows:
        raise TableError(_l("The file has no rows."))
    if len(rows) - 1 > MAX_ROWS:
        raise TableError(_l("At most %(max)s rows per file.", max=MAX_ROWS))
    headers = [h.strip() for h in rows[0]]
    width = len(headers)
    return headers, [(r + [""] * width)[:width] for r in rows[1:]]


def template_csv(kind: str, language: str) -> bytes:
    """An empty file whose headers the mapping recognises (in ``language``: en, es or pt)."""
    index = LANGUAGE_INDEX.get(language, 0)
    out = io.StringIO()
    csv.writer(out).writerow([f.headers[index] for f in KINDS[kind]])
    return out.getvalue().encode("utf-8-sig")
