"""Search, filter and sort an SME's list of opportunities.

It takes the opportunities however they were worked out (each with its requirement, buyer,
score, whether the SME qualifies and its gaps) and returns those that match, in the order
named: by fit (the score shown, highest first), by need date (soonest first) or newest.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from supplierlink.fulltext import plain_words

SORTS = ("fit", "need_date", "newest")
FITS = ("qualify", "near")
NEAR_MISS_MAX_GAPS = 2  # a near miss lacks at most this many things


@dataclass
class OpportunityQuery:
    text: str = ""
    buyer_id: int | None = None
    region: str = ""
    category: str = ""
    needed_after: date | None = None
    needed_before: date | None = None
    fit: str = ""  # "qualify", "near" or "" for all
    sort: str = "fit"

    @classmethod
    def from_args(cls, args) -> OpportunityQuery:
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        buyer = args.get("buyer", "")
        return cls(text=args.get("q", "")[:200].strip(),
                   buyer_id=int(buyer) if buyer.isdigit() else None,
                   region=args.get("region", "").strip().upper(),
                   category=args.get("category", "").strip(),
                   needed_after=day("after"), needed_before=day("before"),
                   fit=args.get("fit") if args.get("fit") in FITS else "",
                   sort=args.get("sort") if args.get("sort") in SORTS else "fit")

    def args(self, **changes) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        params = {"q": values["text"], "buyer": values["buyer_id"], "region": values["region"],
                  "category": values["category"], "after": values["needed_after"],
                  "before": values["needed_before"], "fit": values["fit"],
                  "sort": "" if values["sort"] == "fit" else values["sort"]}
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()
                if v not in ("", None)}

    @property
    def active(self) -> bool:
        return any(v for k, v in self.args().items() if k != "sort")


def is_near_miss(item) -> bool:
    blocking = [g for g in item.gaps if g.get("blocking")]
    return not item.qualified and 0 < len(blocking) <= NEAR_MISS_MAX_GAPS


def _words(item) -> set[str]:
    req = item.requirement
    return set(plain_words(" ".join([req.title or "", req.description or "",
                                     item.buyer.display_name or ""])))


def _keep(item, q: OpportunityQuery, wanted: list[str]) -> bool:
    req = item.requirement
    if q.buyer_id and req.organisation_id != q.buyer_id:
        return False
    if q.fit == "qualify" and not item.qualified:
        return False
    if q.fit == "near" and not is_near_miss(item):
        return False
    if q.region:
        regions = [r.region_code for r in req.regions]
        if regions and not any(r == q.region or r == q.region[:2] or r.startswith(q.region + "-")
                               for r in regions):
            return False
    if q.category and not any(rc.category.code.startswith(_prefix(q.category))
                              for rc in req.categories):
        return False
    if q.needed_after and (req.need_date is None or req.need_date < q.needed_after):
        return False
    if q.needed_before and (req.need_date is None or req.need_date > q.needed_before):
        return False
    if wanted:
        words = _words(item)
        if not all(any(w.startswith(term) for w in words) for term in wanted):
            return False
    return True


def _prefix(code: str) -> str:
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def search_opportunities(items: list, q: OpportunityQuery) -> list:
    """The opportunities matching ``q``, in the order it names."""
    wanted = plain_words(q.text)
    found = [item for item in items if _keep(item, q, wanted)]
    found.sort(key=lambda o: o.requirement.id)
    if q.sort == "need_date":
        found.sort(key=lambda o: (o.requirement.need_date is None,
                                  o.requirement.need_date or date.max))
    elif q.sort == "newest":
        found.sort(key=lambda o: o.requirement.published_at or o.requirement.created_at,
                   reverse=True)
    else:  # applications without a stored result have no score: after every scored one
        found.sort(key=lambda o: (o.score is None, -(o.score or 0)))
    return found


def buyer_choices(items: list) -> list[tuple[int, str]]:
    """The buyers among the opportunities, for the filter."""
    return sorted({(o.requirement.organisation_id, o.buyer.display_name) for o in items},
                  key=lambda b: b[1])
