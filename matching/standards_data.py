"""The project's default standards catalogue, written from the reference list in data/standards.

National adoptions of ISO management-system standards are separate entries linked by an
``equivalent`` relation, so a certificate issued under NCh-ISO 9001 satisfies a requirement
for ISO 9001 and the other way round. ``typical_months`` is a rough time for an SME to obtain
the certificate from scratch; migrating to a successor takes about half of it.
"""

from __future__ import annotations

# key, name, aliases, typical_months
BASE_ENTRIES = [
    ("iso-9001", "ISO 9001", ("ISO 9001:2015", "ISO9001", "ISO 9000", "Quality management system"), 12),
    ("iso-9001-2008", "ISO 9001:2008", (), 12),
    ("iso-14001", "ISO 14001", ("ISO 14001:2015", "Environmental management system"), 12),
    ("iso-45001", "ISO 45001", ("ISO 45001:2018",), 12),
    ("ohsas-18001", "OHSAS 18001", ("OHSAS 18001:2007", "BS OHSAS 18001"), 12),
    ("iso-27001", "ISO/IEC 27001", ("ISO 27001", "ISO/IEC 27001:2022"), 12),
    ("iso-27701", "ISO/IEC 27701", ("ISO 27701",), 9),
    ("iso-20000-1", "ISO/IEC 20000-1", ("ISO 20000",), 12),
    ("iso-22000", "ISO 22000", ("ISO 22000:2018",), 12),
    ("fssc-22000", "FSSC 22000", ("FSSC22000",), 12),
    ("haccp", "HACCP", ("Hazard Analysis and Critical Control Points", "APPCC"), 6),
    ("brcgs-food", "BRCGS Food Safety", ("BRC", "BRC Global Standard for Food Safety"), 9),
    ("ifs-food", "IFS Food", ("International Featured Standards",), 9),
    ("sqf", "SQF", ("Safe Quality Food",), 9),
    ("globalgap", "GLOBALG.A.P.", ("GlobalGAP", "GLOBALG.A.P. IFA", "EurepGAP"), 9),
    ("primusgfs", "PrimusGFS", (), 6),
    ("bap", "BAP", ("Best Aquaculture Practices",), 9),
    ("asc", "ASC", ("Aquaculture Stewardship Council",), 12),
    ("msc", "MSC", ("Marine Stewardship Council",), 12),
    ("gmp", "GMP", ("BPM", "Buenas Prácticas de Manufactura", "Good Manufacturing Practice", "Boas Práticas de Fabricação"), 6),
    ("halal", "Halal", (), 4),
    ("kosher", "Kosher", ("Kasher",), 4),
    ("usda-organic", "USDA Organic", ("NOP",), 12),
    ("eu-organic", "EU Organic", (), 12),
    ("fairtrade", "Fairtrade", ("Fairtrade International",), 9),
    ("iso-13485", "ISO 13485", ("ISO 13485:2016",), 12),
    ("iso-50001", "ISO 50001", ("ISO 50001:2018",), 12),
    ("iso-22301", "ISO 22301", (), 9),
    ("iso-37001", "ISO 37001", (), 9),
    ("iso-39001", "ISO 39001", (), 9),
    ("iso-28000", "ISO 28000", (), 9),
    ("iso-55001", "ISO 55001", (), 12),
    ("iso-41001", "ISO 41001", (), 9),
    ("iso-21001", "ISO 21001", (), 9),
    ("iso-29001", "ISO 29001", ("ISO/TS 29001",), 12),
    ("iso-17025", "ISO/IEC 17025", ("ISO 17025",), 12),
    ("iso-15189", "ISO 15189", (), 12),
    ("iso-3834", "ISO 3834", (), 9),
    ("iatf-16949", "IATF 16949", ("IATF 16949:2016",), 18),
    ("iso-ts-16949", "ISO/TS 16949", (), 18),
    ("as9100", "AS9100", ("AS9100D", "EN 9100", "JIS Q 9100"), 18),
    ("as9120", "AS9120", ("EN 9120",), 12),
    ("as9110", "AS9110", ("EN 9110",), 12),
    ("nadcap", "Nadcap", (), 12),
    ("api-q1", "API Spec Q1", ("API Q1",), 12),
    ("smeta", "SMETA", ("Sedex Members Ethical Trade Audit",), 3),
    ("amfori-bsci", "amfori BSCI", ("BSCI",), 3),
    ("wrap", "WRAP", (), 6),
    ("sa8000", "SA8000", ("SA 8000",), 12),
    ("basc", "BASC", ("Business Alliance for Secure Commerce",), 6),
    ("aeo", "AEO / OEA", ("Authorized Economic Operator", "Operador Económico Autorizado"), 12),
    ("c-tpat", "C-TPAT", ("CTPAT",), 9),
    ("ce-marking", "CE marking", ("Marcado CE",), 6),
    ("ul", "UL", ("UL Listed",), 6),
    ("fsc", "FSC", ("Forest Stewardship Council",), 9),
    ("pefc", "PEFC", (), 9),
    ("gots", "GOTS", ("Global Organic Textile Standard",), 9),
    ("oeko-tex-100", "Oeko-Tex Standard 100", (), 6),
    ("nch-2728", "NCh 2728", ("NCh2728",), 6),
    ("empresa-b", "Empresa B", ("B Corp", "Sistema B"), 12),
]

# National adoptions: (prefix for the key, name pattern, extra aliases by base key)
NATIONAL_ADOPTIONS = [
    ("nch", "NCh-ISO {n}"),
    ("ntc", "NTC-ISO {n}"),
    ("iram", "IRAM-ISO {n}"),
    ("abnt", "ABNT NBR ISO {n}"),
    ("ntp", "NTP-ISO {n}"),
    ("une-en", "UNE-EN ISO {n}"),
]
ADOPTED = {"iso-9001": "9001", "iso-14001": "14001", "iso-45001": "45001"}
MEXICAN_ADOPTIONS = {
    "iso-9001": ("nmx-cc-9001", "NMX-CC-9001-IMNC"),
    "iso-14001": ("nmx-saa-14001", "NMX-SAA-14001-IMNC"),
    "iso-45001": ("nmx-sast-45001", "NMX-SAST-45001-IMNC"),
}

# source, target, kind
BASE_RELATIONS = [
    ("iatf-16949", "iso-9001", "implies"),
    ("as9100", "iso-9001", "implies"),
    ("as9120", "iso-9001", "implies"),
    ("as9110", "iso-9001", "implies"),
    ("api-q1", "iso-9001", "implies"),
    ("iso-29001", "iso-9001", "implies"),
    ("fssc-22000", "iso-22000", "implies"),
    ("iso-22000", "haccp", "implies"),
    ("brcgs-food", "haccp", "implies"),
    ("ifs-food", "haccp", "implies"),
    ("sqf", "haccp", "implies"),
    ("iso-45001", "ohsas-18001", "supersedes"),
    ("iso-9001", "iso-9001-2008", "supersedes"),
    ("iatf-16949", "iso-ts-16949", "supersedes"),
]


def default_entries_and_relations():
    """Return ``(entries, relations)`` as tuples ready for ``StandardsCatalogue``."""
    entries = list(BASE_ENTRIES)
    relations = list(BASE_RELATIONS)
    months = {key: m for key, _, _, m in BASE_ENTRIES}
    for base, number in ADOPTED.items():
        for prefix, pattern in NATIONAL_ADOPTIONS:
            key = f"{prefix}-iso-{number}"
            entries.append((key, pattern.format(n=number), (), months[base]))
            relations.append((key, base, "equivalent"))
        key, name = MEXICAN_ADOPTIONS[base]
        entries.append((key, name, (), months[base]))
        relations.append((key, base, "equivalent"))
    return entries, relations
