"""Who an OCDS party is: its identity in an outside register, its country, and the details kept
when it becomes an organisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from babel import Locale
from babel.core import get_global

#: identifier schemes that are a country's tax register (OCDS org-id prefixes)
TAX_SCHEMES = {"CL-RUT": "CL", "CO-NIT": "CO", "PY-RUC": "PY", "PE-RUC": "PE", "MX-RFC": "MX",
               "BR-CNPJ": "BR", "AR-CUIT": "AR", "EC-RUC": "EC", "UY-RUT": "UY"}
UNKNOWN_COUNTRY = "ZZ"


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for locale in ("en", "es", "pt", "fr"):
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names[_fold(name)] = code
                names[code.lower()] = code
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and targets and len(targets[0]) == 2:
            names[alias.lower()] = targets[0]
    return names


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip().lower()


_NAMES: dict[str, str] | None = None
_PREFIX = re.compile(r"^([A-Z]{2})-")


def country_code(*hints: str | None) -> str:
    """ISO 3166-1 alpha-2 code from the first hint that names a country (a name in en/es/pt/fr,
    an alpha-2 or alpha-3 code, or an org-id prefix such as ``CO-NIT``), else ``ZZ``."""
    global _NAMES
    if _NAMES is None:
        _NAMES = _country_names()
    for hint in hints:
        if not hint or not isinstance(hint, str):
            continue
        value = hint.strip()
        if len(value) == 2 and value.isalpha():
            return value.upper()
        found = _NAMES.get(_fold(value))
        if found:
            return found
        prefix = _PREFIX.match(value)
        if prefix and prefix.group(1).lower() in _NAMES:
            return _NAMES[prefix.group(1).lower()]
    return UNKNOWN_COUNTRY


@dataclass
class Party:
    """An organisation as an OCDS file describes it."""

    scheme: str
    identifier: str
    name: str
    kind: str  # "lead_firm" (a buyer) or "sme" (a supplier)
    country: str
    locality: str | None = None
    address: str = ""
    legal_name: str | None = None
    aliases: set = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str]:
        return (self.scheme, self.identifier)

    @property
    def tax_id(self) -> str:
        """The tax id when the register is the country's tax register, else a stable stand-in
        derived from the identity (unique per scheme and identifier)."""
        if TAX_SCHEMES.get(self.scheme) == self.country and len(self.identifier) <= 32:
            return self.identifier
        digest = hashlib.sha1(f"{self.scheme}|{self.identifier}".encode()).hexdigest()[:20]
        return f"EXT-{digest.upper()}"


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def publisher_prefix(ocid: str) -> str:
    """``ocds-xxxxxx`` (the publisher's prefix) of an ocid, or the ocid's first part."""
    parts = (ocid or "").split("-")
    return "-".join(parts[:2]).lower() if len(parts) >= 2 else (ocid or "ocds").lower()


def party_of(entry: dict, full: dict | None, kind: str, ocid: str) -> Party | None:
    """A Party from an award supplier or buyer reference (``entry``) and its full entry in
    ``parties`` (``full``), or None when it has no usable identity."""
    full = full or entry
    ident = full.get("identifier") if isinstance(full.get("identifier"), dict) else {}
    ident = ident or (entry.get("identifier") if isinstance(entry.get("identifier"), dict) else {})
    scheme, number = _text(ident.get("scheme")), _text(str(ident.get("id") or "") or None)
    if scheme and number:
        scheme = scheme.upper()
    else:
        party_id = _text(str(entry.get("id") or full.get("id") or "") or None)
        if not party_id:
            return None
        # a party id is only unique within its publisher
        scheme, number = f"OCDS:{publisher_prefix(ocid)}", party_id
    name = _text(full.get("name")) or _text(entry.get("name")) or _text(ident.get("legalName"))
    if not name:
        return None
    address = full.get("address") if isinstance(full.get("address"), dict) else {}
    country = country_code(address.get("countryName"), scheme if scheme in TAX_SCHEMES else None,
                           entry.get("id") if kind == "sme" else None)
    parts = [_text(address.get(k)) for k in ("streetAddress", "locality", "region", "postalCode")]
    legal = _text(ident.get("legalName"))
    return Party(scheme=scheme[:60], identifier=number[:200], name=name[:200], kind=kind,
                 country=country, locality=_text(address.get("locality")),
                 address=", ".join(p for p in parts if p), legal_name=legal,
                 aliases={legal} - {None, name})
