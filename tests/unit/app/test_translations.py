"""Every message is translated into Spanish and Portuguese, with the same placeholders."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[3] / "supplierlink" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", ["es", "pt"])
def test_every_message_is_translated_with_its_placeholders(locale):
    untranslated, broken = [], []
    for message in catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append(ids[0])
            continue
        wanted = set(PLACEHOLDER.findall(ids[0]))
        if any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
            broken.append(ids[0])
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not broken, f"placeholders differ in: {broken[:5]}"


def test_the_catalogs_know_every_message_in_the_code(tmp_path):
    """Fails when a new string was added without `make extract-messages`."""
    pot = tmp_path / "messages.pot"
    root = TRANSLATIONS.parents[1]
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    str(root / "babel.cfg"), "-k", "_l", "-k", "_lp:1c,2", "-o", str(pot),
                    "."],
                   cwd=root, check=True, capture_output=True)
    with open(pot, "rb") as handle:
        in_code = {(m.context, m.id) for m in read_po(handle) if m.id}
    for locale in ("es", "pt"):
        known = {(m.context, m.id) for m in catalog(locale) if m.id}
        missing = in_code - known
        assert not missing, f"{locale}: {len(missing)} new messages, e.g. {sorted(missing)[:3]}"
