"""A standard shows once among a candidate's certificate badges: the stronger claim."""

from supplierlink.requirements.candidates import _one_per_standard


def badge(standard, status):
    return {"standard": standard, "status": status}


def test_a_renewed_certificate_shows_once_as_the_stronger_claim():
    badges = [badge("ISO 9001", "expired"), badge("ISO 14001", "self_declared"),
              badge("ISO 9001", "verified"), badge("ISO 14001", "expiring")]
    assert _one_per_standard(badges) == [badge("ISO 9001", "verified"),
                                         badge("ISO 14001", "expiring")]
