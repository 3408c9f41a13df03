"""Countries served, their ISO 3166-2 subdivisions where the platform knows them, and town or
site names."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from flask_babel import lazy_gettext as _l

COUNTRIES = (
    "AR", "BO", "BR", "CL", "CO", "CR", "DO", "EC", "GT", "HN", "JM", "MX", "NI", "PA", "PE",
    "PY", "SV", "TT", "UY", "VE", "AU", "CA", "CN", "DE", "ES", "GB", "JP", "US",
)

SUBDIVISIONS = {
    "CL": {
        "CL-AP": "Arica y Parinacota", "CL-TA": "Tarapacá", "CL-AN": "Antofagasta",
        "CL-AT": "Atacama", "CL-CO": "Coquimbo", "CL-VS": "Valparaíso",
        "CL-RM": "Región Metropolitana de Santiago", "CL-LI": "Libertador General Bernardo O'Higgins",
        "CL-ML": "Maule", "CL-NB": "Ñuble", "CL-BI": "Biobío", "CL-AR": "La Araucanía",
        "CL-LR": "Los Ríos", "CL-LL": "Los Lagos", "CL-AI": "Aysén", "CL-MA": "Magallanes",
    },
    "PE": {
        "PE-AMA": "Amazonas", "PE-ANC": "Áncash", "PE-APU": "Apurímac", "PE-ARE": "Arequipa",
        "PE-AYA": "Ayacucho", "PE-CAJ": "Cajamarca", "PE-CAL": "Callao", "PE-CUS": "Cusco",
        "PE-HUV": "Huancavelica", "PE-HUC": "Huánuco", "PE-ICA": "Ica", "PE-JUN": "Junín",
        "PE-LAL": "La Libertad", "PE-LAM": "Lambayeque", "PE-LIM": "Lima",
        "PE-LMA": "Lima Metropolitana", "PE-LOR": "Loreto", "PE-MDD": "Madre de Dios",
        "PE-MOQ": "Moquegua", "PE-PAS": "Pasco", "PE-PIU": "Piura", "PE-PUN": "Puno",
        "PE-SAM": "San Martín", "PE-TAC": "Tacna", "PE-TUM": "Tumbes", "PE-UCA": "Ucayali",
    },
}

_SUBDIVISION_PATTERN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@lru_cache(maxsize=4096)
def country_name(code: str, locale: str = "en") -> str:
    return Locale.parse(locale).territories.get(code, code)


#: Latin America and the Caribbean: the platform's own region, listed first
REGION_COUNTRIES = COUNTRIES[:COUNTRIES.index("VE") + 1]


def country_choices(locale: str) -> list[tuple[str, str]]:
    """The region's countries first, then the others, each group by name in ``locale``."""
    def by_name(codes):
        return sorted(((c, country_name(c, locale)) for c in codes), key=lambda item: item[1])

    return by_name(REGION_COUNTRIES) + by_name(c for c in COUNTRIES if c not in REGION_COUNTRIES)


def region_name(code: str, locale: str | None = None) -> str:
    """A subdivision's name, or a whole country's in the user's language."""
    if code in COUNTRIES:
        if locale is None:
            from flask import has_request_context
            from flask_babel import get_locale

            locale = str(get_locale() or "en") if has_request_context() else "en"
        return country_name(code, locale)
    return SUBDIVISIONS.get(code[:2], {}).get(code, code)


def valid_region(country: str, code: str) -> bool:
    """A region is an ISO 3166-2 code of the country (checked against the list where known)."""
    if country in SUBDIVISIONS:
        return code in SUBDIVISIONS[country]
    return (country in COUNTRIES and bool(_SUBDIVISION_PATTERN.match(code))
            and code.startswith(country + "-"))


def valid_service_area(code: str) -> bool:
    """A service area is a whole country (``CL``) or one of its subdivisions (``CL-AN``)."""
    if code in COUNTRIES:
        return True
    return valid_region(code[:2], code)


#: Longest town or site name kept (``organisation.town``, ``requirement.delivery_site``).
PLACE_MAX = 120


def clean_place(name: str | None) -> str | None:
    """A town or site name as typed, with spaces tidied; None when empty. The engine compares
    places without case, accents or punctuation, so the name is kept as the user wrote it."""
    return " ".join((name or "").split()) or None


def place_error(name: str | None):
    """The message for a town or site name that cannot be kept, or None."""
    if name and len(name) > PLACE_MAX:
        return _l("Use at most %(max)s characters.", max=PLACE_MAX)
    return None
