"""Text normalisation and vectorising shared by the engine, standards and duplicate detection.

Supplier and requirement texts come in Spanish, Portuguese and English. Accents are stripped
and words are cut to a short stem, so "construcción", "construção" and "construction" share a
feature, as do "servicios" and "serviços"; trade words that differ between the languages
("mantención", "manutenção", "maintenance") count as one through ``TRADE_SYNONYMS``. Features
are hashed, so a supplier added later never needs a new vocabulary.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

_WORD = re.compile(r"[a-z0-9]+")

# Words too common in procurement text (three languages) to tell suppliers apart.
STOPWORDS = frozenset(
    ["a", "al", "and", "as", "con", "da", "de", "del", "do", "dos", "das", "e", "el", "en", "for", "from", "in", "la", "las", "los", "na", "no", "nos", "o", "of", "on", "or", "para", "por", "the", "to", "un", "una", "uno", "y", "com", "em", "um", "uma", "sa", "ltda", "inc", "ltd", "srl", "spa", "the", "with", "sin", "sobre"]
)


#: A small curated list of trade words that differ between Spanish, Portuguese and English
#: (or between countries): each group's words count as its first. Accent-free, lower case.
TRADE_SYNONYMS = (
    ("mantenimiento", "mantencion", "mantenciones", "mantenimientos", "manutencao",
     "manutencoes", "maintenance", "upkeep"),
    ("epp", "epi", "ppe"),
    ("reparacion", "reparaciones", "reparo", "reparos", "conserto", "repair", "repairs"),
    ("limpieza", "limpeza", "aseo", "cleaning"),
    ("transporte", "transportation", "transport", "flete", "fletes", "frete", "fretes",
     "freight", "haulage"),
    ("correa", "correas", "esteira", "esteiras", "conveyor", "conveyors"),
    ("soldadura", "soldaduras", "soldagem", "solda", "welding"),
    ("capacitacion", "capacitacao", "formacion", "treinamento", "entrenamiento", "training"),
    ("vigilancia", "vigilante", "vigilantes", "guardia", "guardias", "seguranca", "guard",
     "guards", "surveillance"),
    ("alimentacion", "alimentacao", "casino", "comedor", "catering", "canteen"),
    ("electrico", "electrica", "electricos", "electricas", "eletrico", "eletrica",
     "electrical", "electric"),
    ("chancador", "chancadores", "trituradora", "trituradoras", "britador", "britadores",
     "crusher", "crushers"),
    ("molino", "molinos", "moinho", "moinhos", "mill", "mills"),
    ("bomba", "bombas", "pump", "pumps"),
    ("carretera", "carreteras", "estrada", "estradas", "rodovia", "road", "roads", "highway"),
    ("puente", "puentes", "ponte", "pontes", "bridge", "bridges"),
    ("analisis", "analise", "analises", "ensayo", "ensayos", "ensaio", "ensaios", "assay",
     "assays", "analysis"),
    ("suministro", "suministros", "fornecimento", "abastecimiento", "supply", "supplies"),
    ("repuestos", "repuesto", "pecas", "spare", "spares"),
    ("relave", "relaves", "rejeito", "rejeitos", "tailings"),
    ("agua", "water"),
    ("calzado", "calcado", "footwear", "boots"),
    ("casco", "cascos", "capacete", "capacetes", "helmet", "helmets", "hardhat"),
)
_CANONICAL = {word: group[0] for group in TRADE_SYNONYMS for word in group}


#: Names of a consortium, temporary union or joint venture: several firms bidding together,
#: in Colombia and much of Latin America formed for one bid and dissolved after it (the
#: ``standing_firm`` feature). Matched on the accent-free, lower-case name.
_JOINT_VENTURE = re.compile(r"\b(consorcio|consortium|union temporal|"
                            r"joint venture|jv)\b|^u\.?t\.?\s")


def is_joint_venture(name: str | None) -> bool:
    """Whether ``name`` names a consortium, temporary union or joint venture ("CONSORCIO
    VÍAS 2021", "Unión Temporal Aulas", "UT Puentes", "Acme Inc. and Beta Ltd., in Joint
    Venture")."""
    return bool(name) and _JOINT_VENTURE.search(strip_accents(name)) is not None


def strip_accents(text: str) -> str:
    """Lowercase ``text`` and remove diacritics ("Ação" -> "acao")."""
    if text.isascii():  # nothing to decompose: the common case, done without a per-character pass
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem_tokens(text: str, stem_length: int = 6) -> list[str]:
    """Split ``text`` into accent-free word stems of at most ``stem_length`` characters."""
    words = _WORD.findall(strip_accents(text))
    return [_CANONICAL.get(w, w)[:stem_length] for w in words
            if len(w) > 1 and w not in STOPWORDS]


class StemAnalyzer:
    """Picklable analyzer: stems plus adjacent-stem pairs (which keep some word order)."""

    def __init__(self, stem_length: int = 6):
        self.stem_length = stem_length

    def __call__(self, text: str) -> list[str]:
        stems = stem_tokens(text, self.stem_length)
        return stems + [f"{a}_{b}" for a, b in itertools.pairwise(stems)]


class TextVectorizer:
    """Hashed stem TF-IDF vectors, L2-normalised, as float32 CSR rows.

    Parameters
    ----------
    n_features : int
        Size of the hashed feature space.
    stem_length : int
        Characters kept from each word.
    """

    def __init__(self, n_features: int = 2**18, stem_length: int = 6):
        self.n_features = n_features
        self.stem_length = stem_length

    def fit(self, texts):
        """Learn document frequencies from ``texts``; returns self."""
        self._fit_counts(texts)
        return self

    def fit_transform(self, texts):
        """``fit(texts)`` then ``transform(texts)``, hashing the texts only once."""
        texts = list(texts)
        counts = self._fit_counts(texts)
        if not texts:
            return sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        return self.tfidf_.transform(counts).astype(np.float32)

    def _fit_counts(self, texts):
        self.hasher_ = HashingVectorizer(
            analyzer=StemAnalyzer(self.stem_length),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        counts = self.hasher_.transform(list(texts) or [""])
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        return counts

    def transform_one(self, text: str):
        """``(terms, values)`` of ``transform([text])``'s single row, without the per-call
        input validation (the same arithmetic: sublinear tf, idf, L2 norm, in place)."""
        row = self.hasher_.transform([text])
        np.log(row.data, row.data)
        row.data += 1.0
        row.data *= self.tfidf_.idf_[row.indices]
        inplace_csr_row_normalize_l2(row)
        return row.indices.copy(), row.data.astype(np.float32)

    def transform(self, texts):
        """Vectors for ``texts`` with the learned document frequencies."""
        texts = list(texts)
        if not texts:
            return sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        return self.tfidf_.transform(self.hasher_.transform(texts)).astype(np.float32)
