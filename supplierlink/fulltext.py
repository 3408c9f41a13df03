"""Words for the SQLite full-text index: without accents, lower case, stemmed in Spanish,
Portuguese and English (what PostgreSQL's ``sl_es``/``sl_pt``/``sl_en`` configurations do)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = tuple(snowballstemmer.stemmer(name) for name in ("spanish", "portuguese", "english"))


def plain_words(text: str) -> list[str]:
    """Lower-case words with their accents removed ("Mantención" → "mantencion")."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WORD.findall(bare)


@lru_cache(maxsize=50_000)
def stems(word: str) -> tuple[str, ...]:
    """The word's stems in the three languages (a word is indexed under each of them)."""
    found = {word}
    for stemmer in _STEMMERS:
        found.add(stemmer.stemWord(word))
    return tuple(sorted(s for s in found if s))


def index_text(text: str) -> str:
    """The text as the FTS5 table stores it: every stem of every word."""
    return " ".join(stem for word in plain_words(text) for stem in stems(word))


def fts_query(text: str) -> str | None:
    """An FTS5 query: every word must match through one of its stems; None when no word."""
    groups = []
    for word in plain_words(text)[:12]:
        options = " OR ".join(f'"{s}"' for s in stems(word))
        groups.append(f"({options})")
    return " AND ".join(groups) or None
