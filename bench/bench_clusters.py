"""Cluster benchmark: the network and the metrics of 10,000 organisations and 100,000 ties,
and the overview page of a cluster of that size. Prints figures only; nothing here asserts.

    python bench/bench_clusters.py [--orgs 10000] [--edges 100000] [--requests 20]

Part 1 times the pure functions (``programs.network`` and ``programs.clusters``) on synthetic
data: organisations in 20 regional groups, most ties inside a group, a tenth across; export
records, awards and near misses in proportion. Part 2 builds a SQLite database through the
migrations, writes the same organisations with capabilities, certificates, exports,
requirements, 100,000 ranked pairs and awards, stores twelve months of figures, and times the
overview page through the app (signed in as the managing operator).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from programs.clusters import (  # noqa: E402
    Award,
    ExportRecord,
    NearMiss,
    demand_signals,
    export_profile,
    local_content,
)
from programs.network import Edge, Node, build_graph, change_between, summarise  # noqa: E402

KINDS = ("award", "application", "shortlist", "programme", "cohort", "mentoring")
REGIONS = ["CL-AN", "CL-AT", "CL-TA", "CL-CO", "CL-RM"]
TODAY = date.today()


def synthetic(n_orgs: int, n_edges: int, seed: int = 7):
    rng = random.Random(seed)
    firms = max(10, n_orgs // 50)
    nodes = [Node(i, f"Org {i}", "lead_firm" if i < firms else "sme", REGIONS[i % 5])
             for i in range(n_orgs)]
    group = max(1, n_orgs // 20)
    edges = []
    for _ in range(n_edges):
        a = rng.randrange(n_orgs)
        b = (a // group) * group + rng.randrange(group) if rng.random() < 0.9 \
            else rng.randrange(n_orgs)
        edges.append(Edge(a, min(b, n_orgs - 1), rng.choice(KINDS),
                          TODAY - timedelta(days=rng.randrange(3 * 365))))
    return rng, nodes, edges, firms


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"  {label:<48} {elapsed:7.2f} s")
    return result, elapsed


def part_one(n_orgs: int, n_edges: int) -> None:
    print(f"Part 1: network and metrics, {n_orgs:,} organisations, {n_edges:,} edges")
    rng, nodes, edges, firms = synthetic(n_orgs, n_edges)
    total = 0.0
    graph, t = timed("build the graph", lambda: build_graph(nodes, edges))
    total += t
    summary, t = timed("communities, betweenness, bridges, components", lambda: summarise(graph))
    total += t
    print(f"    {summary.nodes:,} nodes, {summary.ties:,} ties, "
          f"{len(summary.communities):,} communities (modularity {summary.modularity:.3f}), "
          f"{len(summary.bridges)} bridges")
    change, t = timed("change over the last year (network a year ago)", lambda: change_between(
        nodes, edges, TODAY - timedelta(days=365), TODAY, current=(graph, summary)))
    total += t
    print(f"    {len(change.new_ties):,} new ties, {len(change.new_bridges)} new bridges")
    records = {i: [ExportRecord(rng.choice("ABCDEFGH"), TODAY.year - rng.randrange(5),
                                str(rng.randrange(20)), rng.uniform(1e4, 1e6))
                   for _ in range(rng.randrange(0, 6))] for i in range(firms, n_orgs)}
    _, t = timed("export profiles (HHI, survival) of every SME", lambda: [
        export_profile(r, TODAY.year) for r in records.values()])
    total += t
    awards = [Award(rng.randrange(firms), rng.randrange(firms, n_orgs), TODAY.year - rng.randrange(3),
                    rng.uniform(1e4, 1e6), "CL", REGIONS[rng.randrange(5)], "CL",
                    REGIONS[rng.randrange(5)]) for _ in range(n_edges // 2)]
    _, t = timed(f"local content of {len(awards):,} awards", lambda: local_content(awards))
    total += t
    misses = [NearMiss(rng.randrange(firms, n_orgs), rng.randrange(2000), rng.randrange(firms),
                       frozenset({f"standard:{rng.randrange(12)}"}
                                 | ({"capacity"} if rng.random() < 0.3 else set())))
              for _ in range(n_edges)]
    _, t = timed(f"demand signals of {len(misses):,} near misses",
                 lambda: demand_signals(misses))
    total += t
    print(f"  {'total':<48} {total:7.2f} s   (target < {NETWORK_TARGET_S:.0f} s: "
          f"{verdict(total, NETWORK_TARGET_S)})")
    return total


NETWORK_TARGET_S = 10.0
OVERVIEW_TARGET_MS = 300.0


def verdict(value: float, target: float) -> str:
    return f"{'within' if value < target else 'OVER'} target, {value / target:.0%} of it"


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def time_page(client, url: str, requests: int, label: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    first = client.get(url)  # templates compiled, caches warm
    assert first.status_code == 200, (url, first.status_code)
    print(f"  {label}: first request {(time.perf_counter() - t0) * 1000:.0f} ms")
    times = []
    for _ in range(requests):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200
    p95 = percentile(times, 0.95)
    print(f"  {label} over {requests} requests: median {statistics.median(times) * 1000:.0f}"
          f" ms, p95 {p95 * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    return statistics.median(times), p95


def part_two(n_orgs: int, n_edges: int, requests: int, network_requests: int) -> dict:
    print(f"Part 2: overview page of a cluster of {n_orgs:,} organisations (SQLite)")
    folder = tempfile.mkdtemp(prefix="bench-clusters-")
    url = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench")
    from supplierlink import create_app, migrate

    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench"})
    start = time.perf_counter()
    with app.app_context():
        cluster_id, user_id, operator_id = _fill(app, n_orgs, n_edges)
    print(f"  data written in {time.perf_counter() - start:.1f} s")
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"], sess["_fresh"], sess["org_id"] = user_id, True, operator_id
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        for url in (f"/clusters/{cluster_id}", f"/clusters/{cluster_id}/network"):
            client.get(url)
            with app.app_context():  # profile the work, not the cache
                from supplierlink.clusters.network import invalidate_network_cache
                invalidate_network_cache()
            cProfile.runctx("client.get(url)", globals(), locals(), "/tmp/bench-clusters.prof")
            print(f"profile of {url}")
            pstats.Stats("/tmp/bench-clusters.prof").sort_stats("cumulative").print_stats(30)
    _median, p95 = time_page(client, f"/clusters/{cluster_id}", requests, "overview page")
    print(f"    p95 {p95 * 1000:.0f} ms (target < {OVERVIEW_TARGET_MS:.0f} ms: "
          f"{verdict(p95 * 1000, OVERVIEW_TARGET_MS)})")
    net_median, net_p95 = time_page(client, f"/clusters/{cluster_id}/network",
                                    network_requests, "network page")
    data_median, _p = time_page(client, f"/clusters/{cluster_id}/network.json",
                                network_requests, "network data (JSON for the picture)")
    with app.app_context():
        from supplierlink.clusters.network import invalidate_network_cache
        invalidate_network_cache()
    t0 = time.perf_counter()
    client.get(f"/clusters/{cluster_id}/network")
    cold = time.perf_counter() - t0
    print(f"  network page with nothing cached (after a change): {cold * 1000:.0f} ms")
    # the overview as the first visitor after a change sees it: its figures computed afresh
    fresh = []
    for _ in range(requests):
        with app.app_context():
            invalidate_network_cache()
        t0 = time.perf_counter()
        assert client.get(f"/clusters/{cluster_id}").status_code == 200
        fresh.append(time.perf_counter() - t0)
    fresh_p95 = percentile(fresh, 0.95)
    print(f"  overview page with nothing cached, over {requests} requests: median "
          f"{statistics.median(fresh) * 1000:.0f} ms, p95 {fresh_p95 * 1000:.0f} ms "
          f"(target < {OVERVIEW_TARGET_MS:.0f} ms: "
          f"{verdict(fresh_p95 * 1000, OVERVIEW_TARGET_MS)})")
    return {"overview_p95_ms": p95 * 1000, "overview_fresh_p95_ms": fresh_p95 * 1000, "network_page_median_ms": net_median * 1000,
            "network_page_p95_ms": net_p95 * 1000, "network_page_cold_ms": cold * 1000,
            "network_json_median_ms": data_median * 1000}


def _fill(app, n_orgs: int, n_edges: int):
    from sqlalchemy import insert, select

    from supplierlink.auth.services import add_member, create_user
    from supplierlink.catalogue.models import Category, Standard
    from supplierlink.catalogue.services import load_reference_data
    from supplierlink.clusters.history import backfill
    from supplierlink.clusters.models import AwardRecord
    from supplierlink.clusters.services import ClusterData, create_cluster
    from supplierlink.db import get_session
    from supplierlink.matches.models import MatchResult
    from supplierlink.organisations.models import Organisation
    from supplierlink.requirements.models import Requirement, RequirementCategory
    from supplierlink.suppliers.models import Capability, Certification
    from supplierlink.suppliers.models import ExportRecord as Export

    rng = random.Random(11)
    session = get_session()
    load_reference_data(session)
    session.flush()
    categories = [c.id for c in session.scalars(select(Category).where(
        Category.code.like("20%"), Category.level == "commodity"))][:40] or \
        [c.id for c in session.scalars(select(Category).where(Category.code.like("20%")))][:40]
    standards = [s.id for s in session.scalars(select(Standard).where(Standard.key.in_(
        ["iso-9001", "iso-14001", "iso-45001"])))]
    now = datetime.now(UTC)
    firms = max(10, n_orgs // 50)
    rows = [{"id": i + 1, "kind": "lead_firm" if i < firms else "sme",
             "legal_name": f"Empresa {i}", "tax_country": "CL", "tax_id": f"B{i}",
             "country": "CL", "region": REGIONS[i % 5], "employees": int(rng.lognormvariate(3.2, 1)),
             "description": "", "published": True, "created_at": now} for i in range(n_orgs)]
    session.execute(insert(Organisation), rows)
    operator = Organisation(kind="programme_operator", legal_name="Operador", tax_country="CL",
                            tax_id="OP-1", country="CL", region="CL-AN")
    session.add(operator)
    session.flush()
    user = create_user(session, "bench@example.org", "Bench", "copper valley spring 2026")
    add_member(session, user, operator, role="owner")
    smes = range(firms + 1, n_orgs + 1)
    session.execute(insert(Capability), [{"organisation_id": i, "category_id": rng.choice(
        categories), "note": ""} for i in smes])
    session.execute(insert(Certification), [
        {"organisation_id": i, "standard_id": rng.choice(standards), "scope": "",
         "status": rng.choice(["verified", "self_declared"]),
         "issued_on": TODAY - timedelta(days=rng.randrange(900)),
         "expires_on": TODAY + timedelta(days=rng.randrange(30, 900)), "created_at": now,
         "verified_at": now - timedelta(days=rng.randrange(800))}
        for i in smes if rng.random() < 0.6])
    session.execute(insert(Export), [
        {"organisation_id": i, "market": rng.choice(["US", "AR", "BR", "PE"]),
         "year": TODAY.year - rng.randrange(4), "value_usd": 1e5}
        for i in smes if rng.random() < 0.25 for _ in range(2)])
    n_reqs = 500
    session.execute(insert(Requirement), [
        {"id": r + 1, "organisation_id": 1 + r % firms, "title": f"Req {r}", "description": "",
         "status": "open", "version": 1, "created_at": now, "published_at": now}
        for r in range(n_reqs)])
    session.execute(insert(RequirementCategory), [
        {"requirement_id": r + 1, "category_id": rng.choice(categories)} for r in range(n_reqs)])
    pairs = {(rng.randrange(1, n_reqs + 1), rng.choice(smes)) for _ in range(n_edges)}
    session.execute(insert(MatchResult), [
        {"requirement_id": r, "supplier_id": s, "score": 0.5, "qualified": rng.random() < 0.3,
         "rank": 1, "contributions": {}, "gaps": [], "engine_version": "bench",
         "computed_at": now} for r, s in pairs])
    session.execute(insert(AwardRecord), [
        {"buyer_id": 1 + rng.randrange(firms), "supplier_id": rng.choice(smes),
         "awarded_on": TODAY - timedelta(days=rng.randrange(1000)), "value_usd": 1e5}
        for _ in range(n_edges // 5)])
    cluster = create_cluster(session, operator, user, ClusterData(
        name="Bench", country="CL", sectors=["20"],
        key_standards=["iso-9001", "iso-14001", "iso-45001"]))
    t0 = time.perf_counter()
    backfill(session, cluster, 12, TODAY)
    print(f"  twelve months of figures stored in {time.perf_counter() - t0:.1f} s "
          f"({len(pairs):,} ranked pairs)")
    from supplierlink.auth.sessions import start_session

    start_session(session, user)  # a server-side session, as signing in makes
    session.commit()
    return cluster.id, user.get_id(), operator.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--network-requests", type=int, default=5)
    args = parser.parse_args()
    import platform

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    total = part_one(args.orgs, args.edges)
    pages = part_two(args.orgs, args.edges, args.requests, args.network_requests)
    print("Summary")
    print(f"  network and metrics          {total:7.2f} s     target < {NETWORK_TARGET_S:.0f} s"
          f"     ({verdict(total, NETWORK_TARGET_S)})")
    for label, key in (("overview page p95, cached", "overview_p95_ms"),
                       ("overview page p95, fresh ", "overview_fresh_p95_ms")):
        print(f"  {label}   {pages[key]:7.0f} ms    target < {OVERVIEW_TARGET_MS:.0f} ms  "
              f"({verdict(pages[key], OVERVIEW_TARGET_MS)})")
    print(f"  network page median / p95    {pages['network_page_median_ms']:7.0f} / "
          f"{pages['network_page_p95_ms']:.0f} ms (cached); "
          f"{pages['network_page_cold_ms']:.0f} ms with nothing cached")


if __name__ == "__main__":
    main()
