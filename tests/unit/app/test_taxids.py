import pytest

from supplierlink.organisations.taxids import (
    check_tax_id,
    cnpj_check_digits,
    nit_check_digit,
    rfc_check_digit,
    ruc_check_digit,
    rut_check_digit,
)


@pytest.mark.parametrize("country, raw, normalised", [
    ("CL", "76.086.428-5", "76086428-5"),
    ("CL", "12345678-5", "12345678-5"),
    ("MX", "GODE561231GR8", "GODE561231GR8"),
    ("BR", "11.222.333/0001-81", "11222333000181"),
    ("CO", "800.197.268-4", "800197268-4"),
    ("PE", "20100070970", "20100070970"),
    ("AR", "30-71234567-1", "30-71234567-1"),
])
def test_valid_identifiers_are_normalised(country, raw, normalised):
    check = check_tax_id(country, raw)
    assert check.valid, check
    assert check.normalised == normalised


@pytest.mark.parametrize("country, raw, error", [
    ("CL", "76.086.428-4", "check_digit"),
    ("CL", "1-9", "format"),
    ("MX", "GODE561231GR9", "check_digit"),
    ("MX", "GODE561331GR8", "format"),  # month 13
    ("BR", "11.222.333/0001-82", "check_digit"),
    ("BR", "11111111111111", "format"),
    ("CO", "800197268-5", "check_digit"),
    ("PE", "20100070971", "check_digit"),
    ("PE", "30100070970", "format"),
    ("AR", "!!", "format"),
])
def test_invalid_identifiers_are_refused_with_the_reason(country, raw, error):
    assert check_tax_id(country, raw).error == error


def test_check_digit_helpers_agree_with_the_validators():
    for body in ("7612345", "15432198", "99999999"):
        assert check_tax_id("CL", f"{body}-{rut_check_digit(body)}").valid
    assert check_tax_id("BR", "112223330001" + cnpj_check_digits("112223330001")).valid
    assert check_tax_id("CO", "900123456" + nit_check_digit("900123456")).valid
    assert check_tax_id("PE", "2060000000" + ruc_check_digit("2060000000")).valid
    assert check_tax_id("MX", "ABC010203XY" + rfc_check_digit("ABC010203XY")).valid


def test_regions_must_belong_to_a_known_country():
    from supplierlink.geo import valid_region, valid_service_area

    assert valid_region("CL", "CL-AN") and not valid_region("CL", "CL-ZZ")
    assert valid_region("MX", "MX-SON")  # pattern check where the list is not shipped
    assert not valid_service_area("XX-ZZ") and not valid_service_area("XX")
    assert valid_service_area("PE") and valid_service_area("PE-ARE")
