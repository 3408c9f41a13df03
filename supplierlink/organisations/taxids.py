"""Tax identifier normalisation and check-digit validation per country.

Chile RUT, Mexico RFC (format and check digit), Brazil CNPJ, Colombia NIT and Peru RUC are
validated; other countries get a basic format check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RFC_CHARS = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"


@dataclass(frozen=True)
class TaxIdCheck:
    normalised: str
    error: str | None  # a message key; None when valid

    @property
    def valid(self) -> bool:
        return self.error is None


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _check_rut(raw: str) -> TaxIdCheck:
    value = re.sub(r"[^0-9kK]", "", raw).upper()
    if not re.fullmatch(r"\d{7,8}[0-9K]", value):
        return TaxIdCheck(value, "format")
    body, dv = value[:-1], value[-1]
    total, factor = 0, 2
    for digit in reversed(body):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    expected = {11: "0", 10: "K"}.get(rest, str(rest))
    normalised = f"{body}-{dv}"
    return TaxIdCheck(normalised, None if dv == expected else "check_digit")


def rut_check_digit(body: str) -> str:
    """The check digit of a RUT body (used to build valid demo identifiers)."""
    total, factor = 0, 2
    for digit in reversed(body):
        total += int(digit) * factor
        factor = 2 if factor == 7 else factor + 1
    rest = 11 - total % 11
    return {11: "0", 10: "K"}.get(rest, str(rest))


def _check_rfc(raw: str) -> TaxIdCheck:
    value = re.sub(r"[\s-]", "", raw).upper()
    if not re.fullmatch(r"[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{2}[0-9A]", value):
        return TaxIdCheck(value, "format")
    date = value[-9:-3]
    month, day = int(date[2:4]), int(date[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return TaxIdCheck(value, "format")
    return TaxIdCheck(value, None if value[-1] == rfc_check_digit(value[:-1]) else "check_digit")


def rfc_check_digit(body: str) -> str:
    padded = body.rjust(12, " ")
    total = sum(_RFC_CHARS.index(ch) * (13 - i) for i, ch in enumerate(padded))
    rest = 11 - total % 11
    return {11: "0", 10: "A"}.get(rest, str(rest))


def _mod11_weighted(digits: str, weights: list[int]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights))


def cnpj_check_digits(first12: str) -> str:
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    d1 = _mod11_weighted(first12, w1) % 11
    d1 = 0 if d1 < 2 else 11 - d1
    d2 = _mod11_weighted(first12 + str(d1), [6] + w1) % 11
    d2 = 0 if d2 < 2 else 11 - d2
    return f"{d1}{d2}"


def _check_cnpj(raw: str) -> TaxIdCheck:
    value = _digits(raw)
    if len(value) != 14 or len(set(value)) == 1:
        return TaxIdCheck(value, "format")
    ok = value[12:] == cnpj_check_digits(value[:12])
    return TaxIdCheck(value, None if ok else "check_digit")


_NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]


def nit_check_digit(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(reversed(body), _NIT_WEIGHTS))
    rest = total % 11
    return str(rest if rest < 2 else 11 - rest)


def _check_nit(raw: str) -> TaxIdCheck:
    value = _digits(raw)
    if not 6 <= len(value) <= 16:
        return TaxIdCheck(value, "format")
    body, dv = value[:-1], value[-1]
    return TaxIdCheck(f"{body}-{dv}", None if dv == nit_check_digit(body) else "check_digit")


def ruc_check_digit(first10: str) -> str:
    weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    rest = 11 - _mod11_weighted(first10, weights) % 11
    return str(rest % 10)


def _check_ruc(raw: str) -> TaxIdCheck:
    value = _digits(raw)
    if len(value) != 11 or value[:2] not in {"10", "15", "16", "17", "20"}:
        return TaxIdCheck(value, "format")
    return TaxIdCheck(value, None if value[-1] == ruc_check_digit(value[:10]) else "check_digit")


def _check_generic(raw: str) -> TaxIdCheck:
    value = re.sub(r"[\s.]", "", raw).upper()
    ok = re.fullmatch(r"[A-Z0-9-]{3,20}", value) is not None
    return TaxIdCheck(value, None if ok else "format")


_CHECKS = {"CL": _check_rut, "MX": _check_rfc, "BR": _check_cnpj, "CO": _check_nit, "PE": _check_ruc}
TAX_ID_NAMES = {"CL": "RUT", "MX": "RFC", "BR": "CNPJ", "CO": "NIT", "PE": "RUC"}


def check_tax_id(country: str, raw: str) -> TaxIdCheck:
    """Normalise ``raw`` and validate it by the rules of ``country`` (ISO 3166-1 alpha-2)."""
    return _CHECKS.get(country.upper(), _check_generic)(raw.strip())
