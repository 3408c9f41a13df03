"""Categories found by the words suppliers use every day, in Spanish, Portuguese or English
("mantención", "EPP", "correas transportadoras"), as well as by the taxonomy's titles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink.catalogue.models import Category
from supplierlink.catalogue.services import search_categories
from supplierlink.fulltext import plain_words

#: (everyday phrases, the UNSPSC codes they mean)
EVERYDAY = (
    (("mantencion", "mantenimiento", "manutencao", "maintenance", "reparacion", "reparacao",
      "repair", "overhaul"), ("73152100",)),
    (("epp", "epi", "ppe", "elementos de proteccion personal", "equipo de proteccion personal",
      "equipamento de protecao individual", "personal protective equipment",
      "ropa de seguridad", "calzado de seguridad", "safety clothing"), ("46180000",)),
    (("correas transportadoras", "correa transportadora", "cintas transportadoras",
      "correias transportadoras", "correia transportadora", "conveyor belts", "conveyor belt",
      "vulcanizado", "vulcanizacao", "belt splicing"), ("24101715", "24101712", "24101700")),
    (("aseo industrial", "limpieza industrial", "limpeza industrial", "industrial cleaning",
      "aseo", "limpieza", "limpeza", "cleaning"), ("76110000", "76111800")),
    (("soldadura", "soldaduras", "solda", "soldagem", "welding"), ("23171500",)),
    (("obras electricas", "electricidad", "instalaciones electricas", "eletrica",
      "servicos eletricos", "electrical works", "electrician"), ("72102200", "26121600")),
    (("transporte de carga", "fletes", "flete", "camiones", "frete", "fretes",
      "road freight", "trucking", "haulage"), ("78101800",)),
    (("laboratorio", "ensayos", "analisis quimico", "analise quimica", "laboratory",
      "assays", "assay"), ("81141500",)),
    (("casino", "alimentacion", "alimentacao", "comidas", "catering", "food service"),
     ("90101600", "90101700")),
)


def _normal(text: str) -> str:
    return " ".join(plain_words(text))


def everyday_codes(text: str) -> list[str]:
    """Codes meant by the words typed: a phrase counts when the text contains it, or when
    the text (three letters or more) starts it."""
    typed = _normal(text)
    if len(typed) < 2:
        return []
    found = []
    for phrases, codes in EVERYDAY:
        for phrase in phrases:
            if (f" {phrase} " in f" {typed} ") or (len(typed) >= 3 and phrase.startswith(typed)):
                found += [c for c in codes if c not in found]
                break
    return found


def find_categories(session: Session, text: str, locale: str, limit: int = 20) -> list[Category]:
    """Everyday words first, then titles in the user's language and the other two."""
    codes = everyday_codes(text)
    by_code = {c.code: c for c in session.scalars(select(Category).where(
        Category.scheme == "UNSPSC", Category.code.in_(codes)))} if codes else {}
    found = [by_code[c] for c in codes if c in by_code]
    for language in dict.fromkeys((locale, "es", "pt", "en")):
        for category in search_categories(session, text, language, limit=limit):
            if category not in found:
                found.append(category)
    return found[:limit]
