from supplierlink.auth.passwords import password_problems


def test_short_common_and_email_based_passwords_are_refused():
    assert password_problems("short") == ["too_short"]
    assert "too_common" in password_problems("passwordpassword")
    assert "too_common" in password_problems("aaaaaaaaaaaaaa")
    assert password_problems("maria.gonzalez2026!", "maria.gonzalez@example.org") == ["contains_email"]


def test_a_long_passphrase_is_accepted():
    assert password_problems("cobre desierto atacama", "ana@example.org") == []
