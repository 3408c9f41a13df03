"""Standards catalogue: what each certificate is called and which certificates satisfy which.

Relations form a directed graph (networkx) whose edges read "holding the source satisfies a
requirement for the target": *implies* (IATF 16949 -> ISO 9001), *supersedes* (ISO 45001 ->
OHSAS 18001) and *equivalent* (both ways, national adoptions such as NCh-ISO 9001). Names typed
by people are resolved with rapidfuzz and a confidence; below ``min_confidence`` nothing is
returned, so nothing is guessed silently.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx
from rapidfuzz import fuzz, process

from .standards_data import default_entries_and_relations
from .text import strip_accents

RELATION_KINDS = ("implies", "supersedes", "equivalent")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_YEAR_SUFFIX = re.compile(r"[\s:/\-\u2013]+(19|20)\d{2}\s*$")
_DIGITS = re.compile(r"\d+")
#: Confidence of a name that begins with the typed text: from the floor, up by the share of
#: the name typed, staying below the confidence that ``resolve`` needs to pick a name itself.
_PREFIX_FLOOR, _PREFIX_SPAN = 0.5, 0.35


@dataclass(frozen=True)
class StandardEntry:
    """One standard in the catalogue (``typical_months`` to obtain it, when known)."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    typical_months: int | None = None


@dataclass(frozen=True)
class StandardRelation:
    """``source`` implies / supersedes / is equivalent to ``target``."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Resolution:
    """A catalogue entry matched to a typed name, with a confidence in [0, 1]."""

    key: str
    name: str
    confidence: float


def compact(text: str) -> str:
    """Accent-free lowercase letters and digits only ("ISO 9.001" -> "iso9001")."""
    return _NON_ALNUM.sub("", strip_accents(text))


def _without_year(text: str) -> str:
    return _YEAR_SUFFIX.sub("", text.strip())


class StandardsCatalogue:
    """Standards, their aliases and the relations between them.

    Parameters
    ----------
    entries : iterable of StandardEntry or tuple
        Catalogue entries (tuples are ``(key, name, aliases, typical_months)``).
    relations : iterable of StandardRelation or tuple
        Relations (tuples are ``(source, target, kind)``); both ends must be entries.
    """

    def __init__(self, entries, relations=()):
        self.entries = {}
        for entry in entries:
            entry = entry if isinstance(entry, StandardEntry) else StandardEntry(*entry)
            self.entries[entry.key] = entry
        self.relations = tuple(
            r if isinstance(r, StandardRelation) else StandardRelation(*r) for r in relations
        )
        self.graph = nx.DiGraph()
        self.graph.add_nodes_from(self.entries)
        for rel in self.relations:
            if rel.kind not in RELATION_KINDS:
                raise ValueError(f"unknown relation kind {rel.kind!r}")
            for end in (rel.source, rel.target):
                if end not in self.entries:
                    raise ValueError(f"relation refers to unknown standard {end!r}")
            self.graph.add_edge(rel.source, rel.target, kind=rel.kind)
            if rel.kind == "equivalent":
                self.graph.add_edge(rel.target, rel.source, kind=rel.kind)
        self._forms = {}
        for entry in self.entries.values():
            for form in (entry.key, entry.name, *entry.aliases):
                self._forms.setdefault(compact(form), entry.key)
        self._choices = list(self._forms)
        self._adoptions = self._national_adoptions()
        self._satisfied_by = lru_cache(maxsize=None)(self._compute_satisfied_by)
        self._superseded = lru_cache(maxsize=None)(self._compute_superseded)

    def __contains__(self, key) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: str) -> StandardEntry | None:
        """The entry for ``key``, or None."""
        return self.entries.get(key)

    def name(self, key: str) -> str:
        """Display name of ``key`` (the key itself for standards outside the catalogue)."""
        entry = self.entries.get(key)
        return entry.name if entry else key

    def _resolution(self, key: str, confidence: float) -> Resolution:
        return Resolution(key, self.entries[key].name, round(float(confidence), 4))

    def suggest(self, text: str, limit: int = 8) -> list[Resolution]:
        """Catalogue entries closest to ``text``, best first, one per standard."""
        if not text or not text.strip():
            return []
        for candidate in (text, _without_year(text)):
            key = self._forms.get(compact(candidate))
            if key is not None:
                exact = self._resolution(key, 1.0)
                rest = [r for r in self._fuzzy(text, limit + 1) if r.key != key]
                return [exact, *rest][:limit]
        return self._fuzzy(text, limit)

    def _national_adoptions(self) -> frozenset:
        """Keys of national adoptions: entries equivalent to another whose name they contain
        (NCh-ISO 9001 and ISO 9001), which suggestions list after the original."""
        names = {key: compact(entry.name) for key, entry in self.entries.items()}
        return frozenset(
            rel.source if len(names[rel.source]) > len(names[rel.target]) else rel.target
            for rel in self.relations if rel.kind == "equivalent"
            and (names[rel.target] in names[rel.source] or names[rel.source] in names[rel.target])
            and names[rel.source] != names[rel.target])

    def _fuzzy(self, text: str, limit: int) -> list[Resolution]:
        query = compact(_without_year(text))
        if not query:
            return []
        digits = _DIGITS.findall(query)
        best = {}
        for form, score, _ in process.extract(
            query, self._choices, scorer=fuzz.WRatio, limit=max(limit * 4, 20)
        ):
            confidence = score / 100.0
            # Standards differ by number: "ISO 9002" is not "ISO 9001", however close the text.
            if digits and _DIGITS.findall(form) != digits:
                confidence *= 0.6
            key = self._forms[form]
            best[key] = max(best.get(key, 0.0), confidence)
        # a name that begins with what was typed ("iso 90" -> ISO 9001) is what is being
        # typed: it comes first, the more of it typed the closer, never as sure as a full name
        for form, key in self._forms.items():
            if form.startswith(query) and form != query:
                best[key] = max(best.get(key, 0.0), _PREFIX_FLOOR + _PREFIX_SPAN * len(query)
                                / len(form))
        ordered = sorted(best.items(), key=lambda kv: (
            -kv[1], kv[0] in self._adoptions, len(self.entries[kv[0]].name), kv[0]))[:limit]
        return [self._resolution(key, conf) for key, conf in ordered]

    def resolve(self, text: str, min_confidence: float = 0.88) -> Resolution | None:
        """The catalogue entry meant by ``text``, or None when confidence is below the floor."""
        suggestions = self.suggest(text, limit=1)
        if suggestions and suggestions[0].confidence >= min_confidence:
            return suggestions[0]
        return None

    def key_for(self, text: str, min_confidence: float = 0.88) -> str:
        """Catalogue key for a key or typed name; unknown names get a stable ad hoc key."""
        if text in self.entries:
            return text
        found = self.resolve(text, min_confidence)
        return found.key if found else "x-" + compact(text)

    def _compute_satisfied_by(self, required: str) -> frozenset:
        if required not in self.graph:
            return frozenset((required,))
        return frozenset(nx.ancestors(self.graph, required) | {required})

    def satisfied_by(self, required_key: str) -> frozenset:
        """Every key whose certificate satisfies a requirement for ``required_key``."""
        return self._satisfied_by(required_key)

    def satisfies(self, held_key: str, required_key: str) -> bool:
        """Whether holding ``held_key`` meets a requirement for ``required_key``."""
        return held_key in self.satisfied_by(required_key)

    def superseded_keys(self, key: str) -> frozenset:
        """Keys that ``key`` replaces, directly or through a chain of *supersedes* relations."""
        return self._superseded(key)

    def _compute_superseded(self, key: str) -> frozenset:
        older = nx.DiGraph(
            (s, t) for s, t, kind in self.graph.edges(data="kind") if kind == "supersedes"
        )
        return frozenset(nx.descendants(older, key)) if key in older else frozenset()

    def successor(self, key: str) -> str | None:
        """The latest standard that supersedes ``key`` (following chains), or None."""
        current, seen = key, {key}
        while True:
            nxt = sorted(
                src
                for src, _, kind in self.graph.in_edges(current, data="kind")
                if kind == "supersedes" and src not in seen
            ) if current in self.graph else []
            if not nxt:
                return None if current == key else current
            current = nxt[0]
            seen.add(current)

    @classmethod
    def from_csv(cls, path) -> StandardsCatalogue:
        """Build a catalogue from a CSV with ``name``, ``aliases`` (``;``) and ``supersedes``."""
        entries, relations, names = [], [], {}
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            key = compact(row["name"])
            if key in names:
                continue
            names[key] = row["name"]
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
            entries.append(StandardEntry(key, row["name"].strip(), aliases))
        known = {e.key for e in entries}
        for row in rows:
            for old in (row.get("supersedes") or "").split(";"):
                old = old.strip()
                if not old:
                    continue
                old_key = compact(old)
                if old_key not in known:
                    entries.append(StandardEntry(old_key, old))
                    known.add(old_key)
                relations.append(StandardRelation(compact(row["name"]), old_key, "supersedes"))
        return cls(entries, relations)


def default_catalogue() -> StandardsCatalogue:
    """The project's built-in catalogue (see ``matching.standards_data``)."""
    entries, relations = default_entries_and_relations()
    return StandardsCatalogue(entries, relations)
