from supplierlink.auth.passwords import password_problems


def test_short_common_and_email_based_passwords_are_refused():
    assert password_problems("short") == ["too_short"]
    assert "too_common" in password_problems("passwordpassword")
    assert "too_common" in password_problems("aaaaaaaaaaaaaa")
    assert password_problems("maria.gonzalez2026!", "maria.gonzalez@example.org") == ["contains_email"]


def test_a_long_passphrase_is_accepted():
    assert password_problems("cobre desierto atacama", "ana@example.org") == []


def test_the_breached_list_is_a_real_one_of_tens_of_thousands():
    from supplierlink.auth.passwords import breached_passwords

    listed = breached_passwords()
    assert len(listed) >= 30_000
    assert {"password", "123456", "qwerty", "dragon", "iloveyou"} <= listed


def test_guessable_passwords_of_twelve_or_more_characters_are_refused():
    for weak in ("password1234", "qwertyuiop12", "123456789012", "iloveyou1234",
                 "P@ssw0rd2024!", "perezperez12"):
        assert password_problems(weak) == ["too_common"], weak


def test_long_and_unicode_passwords_are_accepted_whole():
    from supplierlink.auth.passwords import hash_password, verify_password

    long_one = "una frase larga " * 8  # 128 characters
    assert len(long_one) == 128 and password_problems(long_one) == []
    unicode_one = "ñandú cóndor 🦙 pingüino"
    assert password_problems(unicode_one) == []
    stored = hash_password(long_one)
    assert verify_password(stored, long_one)
    assert not verify_password(stored, long_one[:-1])  # nothing is truncated
    assert verify_password(hash_password(unicode_one), unicode_one)
    assert stored.startswith("scrypt:")  # salted, memory-hard
