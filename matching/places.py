"""The delivery region named in a tender's text, for records whose addresses give none.

Colombian SECOP II records give parties a country only, while the texts name the work's
place: "... EN EL MUNICIPIO DE TÁMESIS; DEPARTAMENTO DE ANTIOQUIA", "DIRECCION TERRITORIAL
QUINDIO", "... DE LA CIUDAD DE BOGOTA". ``region_in_text`` finds the first department or
department capital (or large town) named and returns the department's ISO 3166-2 code.
Names that are also common words or given names (Meta, Cesar, Bolívar, Sucre, Caldas,
Santander, Cauca) count only after "de"/"del".
"""

from __future__ import annotations

import re
import unicodedata

#: ISO 3166-2:CO code -> names that place a text in the department (upper case, no accents)
COLOMBIA = {
    "CO-AMA": ("AMAZONAS", "LETICIA"),
    "CO-ANT": ("ANTIOQUIA", "MEDELLIN"),
    "CO-ARA": ("ARAUCA",),
    "CO-ATL": ("ATLANTICO", "BARRANQUILLA", "SOLEDAD"),
    "CO-BOL": ("DE BOLIVAR", "DEL BOLIVAR", "CARTAGENA"),
    "CO-BOY": ("BOYACA", "TUNJA", "SOGAMOSO", "DUITAMA"),
    "CO-CAL": ("DE CALDAS", "MANIZALES"),
    "CO-CAQ": ("CAQUETA", "FLORENCIA"),
    "CO-CAS": ("CASANARE", "YOPAL"),
    "CO-CAU": ("DEL CAUCA", "POPAYAN"),
    "CO-CES": ("DEL CESAR", "VALLEDUPAR"),
    "CO-CHO": ("CHOCO", "QUIBDO"),
    "CO-COR": ("CORDOBA", "MONTERIA"),
    "CO-CUN": ("CUNDINAMARCA", "SOACHA", "ZIPAQUIRA", "FUSAGASUGA", "GIRARDOT"),
    "CO-DC": ("BOGOTA", "DISTRITO CAPITAL"),
    "CO-GUA": ("GUAINIA", "INIRIDA"),
    "CO-GUV": ("GUAVIARE",),
    "CO-HUI": ("HUILA", "NEIVA"),
    "CO-LAG": ("GUAJIRA", "RIOHACHA"),
    "CO-MAG": ("MAGDALENA", "SANTA MARTA"),
    "CO-MET": ("DEL META", "VILLAVICENCIO"),
    "CO-NAR": ("NARINO", "PASTO", "TUMACO"),
    "CO-NSA": ("NORTE DE SANTANDER", "CUCUTA"),
    "CO-PUT": ("PUTUMAYO", "MOCOA"),
    "CO-QUI": ("QUINDIO", "ARMENIA"),
    "CO-RIS": ("RISARALDA", "PEREIRA"),
    "CO-SAP": ("SAN ANDRES",),
    "CO-SAN": ("DE SANTANDER", "BUCARAMANGA", "BARRANCABERMEJA"),
    "CO-SUC": ("DE SUCRE", "SINCELEJO"),
    "CO-TOL": ("TOLIMA", "IBAGUE"),
    "CO-VAC": ("VALLE DEL CAUCA", "CALI", "BUENAVENTURA", "PALMIRA", "TULUA"),
    "CO-VAU": ("VAUPES", "MITU"),
    "CO-VID": ("VICHADA",),
}

#: country names (as OCDS ``address.countryName`` gives them, folded) -> gazetteer
GAZETTEERS = {"COLOMBIA": COLOMBIA, "CO": COLOMBIA, "COL": COLOMBIA}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


def _pattern(gazetteer):
    # longest names first, so "NORTE DE SANTANDER" is not read as "DE SANTANDER"
    names = sorted(((n, code) for code, ns in gazetteer.items() for n in ns),
                   key=lambda item: -len(item[0]))
    return (re.compile(r"\b(" + "|".join(re.escape(n) for n, _ in names) + r")\b"),
            dict(names))


_PATTERNS = {id(g): _pattern(g) for g in (COLOMBIA,)}


def region_in_text(text: str, country: str | None) -> str | None:
    """ISO 3166-2 code of the first region of ``country`` named in ``text``; None when the
    country has no gazetteer or the text names none of its regions."""
    gazetteer = GAZETTEERS.get(_fold(country).strip()) if country else None
    if gazetteer is None or not text:
        return None
    pattern, codes = _PATTERNS[id(gazetteer)]
    match = pattern.search(_fold(text))
    return codes[match.group(1)] if match else None
