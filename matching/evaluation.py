"""Award-prediction benchmark: did the engine rank the supplier that actually won?

Awards dated before ``cutoff`` are history (they build supplier profiles); awards on or after
it are queries, grouped by ``ocid``, whose truth is the set of awarded suppliers. Metrics:

* ``recall_at_k``: share of queries with an awarded supplier among the top ``k``;
* ``mrr``: mean reciprocal rank of the first awarded supplier in the full ranking (0 when it
  is not ranked at all, e.g. a supplier never seen before the cutoff);
* ``catalogue_coverage_at_k``: share of the history's suppliers that appear in some top ``k``;
* ``misses``: the queries whose winner is not in the top ``k``, by kind (``miss_kind``).

Feature weights are learned on the history alone: its last ``train_share`` of awards serve as
training queries for an engine built on the earlier awards.

Usage: ``python -m matching.evaluation FILE --cutoff YYYY-MM-DD [--k 10]``; progress lines
first, the JSON result on the last line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from datetime import date

import numpy as np

from .baselines import HistoryCounts, affinity_rank, popularity_rank
from .engine import MatchingEngine
from .learning import learn_in_time_folds
from .ocds import award_events, award_histories, read_releases
from .types import ENGINE_VERSION, Requirement


def usual_regions(events) -> dict:
    """Buyer -> the region at least half of its awards with a known region went to (the
    place a buyer who names none most likely means)."""
    counts = defaultdict(Counter)
    for ev in events:
        if ev.buyer_id and ev.buyer_region:
            counts[ev.buyer_id][ev.buyer_region] += 1
    usual = {}
    for buyer, regions in counts.items():
        region, n = max(regions.items(), key=lambda item: (item[1], item[0]))
        if 2 * n >= sum(regions.values()):
            usual[buyer] = region
    return usual


def _queries(events, usual=None):
    """One requirement per procurement (``ocid``), with its winners and date; a query whose
    buyer named no region is placed in the buyer's usual one (``usual``, from the history)."""
    usual = usual or {}
    grouped = defaultdict(list)
    for ev in events:
        grouped[ev.ocid].append(ev)
    out = []
    for ocid, evs in grouped.items():
        codes = tuple(dict.fromkeys(c for ev in evs for c in ev.codes))
        texts = " ".join(dict.fromkeys(t for ev in evs for t in ev.texts))
        first = min(evs, key=lambda ev: ev.date)
        # no buyer chose a category depth: the category is a score, every supplier ranks
        requirement = Requirement(id=ocid, codes=codes, text=texts, buyer_id=first.buyer_id,
                                  location=first.buyer_region or usual.get(first.buyer_id),
                                  site=first.buyer_site,
                                  category_depth="any", method=first.method)
        out.append((requirement, frozenset(ev.supplier_id for ev in evs), first.date))
    return out


def miss_kind(order, truth, profiles, requirement, k) -> str | None:
    """Why a query's winner is not in the top ``k`` (None when it is): never seen before the
    cutoff, or where it ranked and what history it shared with the query (its buyer, its
    code)."""
    rank = next((r for r, sid in enumerate(order, start=1) if sid in truth), None)
    if rank is not None and rank <= k:
        return None
    seen = [profiles[sid] for sid in truth if sid in profiles]
    if not seen:
        return "winner not seen before the cutoff"
    buyer = any(a.buyer_id == requirement.buyer_id for p in seen for a in p.awards)
    code = any(a.code in requirement.codes for p in seen for a in p.awards)
    shared = {(True, True): "buyer and code", (True, False): "buyer only",
              (False, True): "code only", (False, False): "neither buyer nor code"}[buyer, code]
    where = f"ranked {k + 1}-50" if rank is not None and rank <= 50 else "ranked below 50"
    return f"winner {where}, shared {shared}"


class _Tally:
    def __init__(self, k, n_suppliers):
        self.k, self.n_suppliers = k, n_suppliers
        self.hits = self.rr = self.count = 0
        self.covered = set()

    def add(self, ranked_ids, truth):
        self.count += 1
        self.covered.update(ranked_ids[: self.k])
        for rank, sid in enumerate(ranked_ids, start=1):
            if sid in truth:
                self.rr += 1.0 / rank
                self.hits += rank <= self.k
                break

    def result(self):
        n = max(1, self.count)
        return {"k": self.k, "queries": self.count, "recall_at_k": round(self.hits / n, 4),
                "mrr": round(self.rr / n, 4),
                "catalogue_coverage_at_k": round(len(self.covered) / max(1, self.n_suppliers), 4)}


def _engine_order(engine, requirement, today):
    ids, score, qualified = engine.scores(requirement, today)
    idx = np.flatnonzero(qualified)
    idx = idx[np.lexsort((idx, -score[idx]))]
    return [ids[i] for i in idx]


def learn_weights(history, train_share=0.2, folds=2, max_queries=3000, random_state=0,
                  log=print):
    """Feature weights learned on ``history`` alone (``learn_in_time_folds`` over the award
    dates: each fold's awards are the training queries of an engine built on every earlier
    award)."""

    def profiles_before(start):
        return award_histories([ev for ev in history if ev.date < start]).values()

    def queries_between(start, end):
        return _queries([ev for ev in history
                         if ev.date >= start and (end is None or ev.date < end)],
                        usual_regions(ev for ev in history if ev.date < start))

    return learn_in_time_folds([ev.date for ev in history], profiles_before, queries_between,
                               train_share, folds, max_queries, random_state=random_state,
                               log=log)


def evaluate_awards(path, cutoff: date, k: int = 10, learn: bool = True, log=None) -> dict:
    """Engine and reference baselines on one OCDS file (see module docstring)."""
    log = log or (lambda message: None)
    started = time.perf_counter()
    events = [ev for ev in award_events(read_releases(path)) if ev.date is not None]
    history = [ev for ev in events if ev.date < cutoff]
    queries = _queries([ev for ev in events if ev.date >= cutoff], usual_regions(history))
    profiles = award_histories(history)
    log(f"read {len(events)} award events: {len(history)} history, {len(queries)} queries, "
        f"{len(profiles)} suppliers")
    weights = learn_weights(history, log=log) if learn else None
    if weights:
        log("learned weights: " + ", ".join(f"{n}={w:.3f}" for n, w in weights.items() if w))
    engine = MatchingEngine(feature_weights=weights, as_of=cutoff).fit(profiles.values())
    counts = HistoryCounts(history)
    tallies = {name: _Tally(k, len(profiles)) for name in ("engine", "popularity", "affinity")}
    misses = Counter()
    for i, (requirement, truth, when) in enumerate(queries, start=1):
        order = _engine_order(engine, requirement, when)
        tallies["engine"].add(order, truth)
        kind = miss_kind(order, truth, profiles, requirement, k)
        if kind:
            misses[kind] += 1
        pop = popularity_rank(counts, requirement.codes)
        tallies["popularity"].add([counts.ids[j] for j in pop], truth)
        aff = affinity_rank(counts, requirement.codes, requirement.buyer_id, requirement.location)
        tallies["affinity"].add([counts.ids[j] for j in aff], truth)
        if i % 500 == 0:
            log(f"{i}/{len(queries)} queries")
    seen = set(profiles)
    result = tallies["engine"].result()
    result["baselines"] = {name: tallies[name].result() for name in ("popularity", "affinity")}
    result["misses"] = dict(misses.most_common())
    result["ceiling"] = round(sum(bool(t & seen) for _, t, _ in queries) / max(1, len(queries)), 4)
    result["engine_version"] = ENGINE_VERSION
    result["learned_weights"] = bool(weights)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--cutoff", required=True, type=date.fromisoformat)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--no-learning", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate_awards(args.path, args.cutoff, args.k, learn=not args.no_learning,
                             log=lambda m: print(m, file=sys.stdout, flush=True))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
