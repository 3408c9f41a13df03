"""Matching engine benchmark: index build time and memory, rank latency, versus a plain loop.

Synthetic but realistic suppliers: UNSPSC-like codes drawn with a skew (a supplier's further
codes are often companions of its first, as laboratory instruments go with laboratory
chemicals, often in another segment), Spanish and Portuguese
descriptions, certificates with statuses and expiry dates, capacities, served regions of Chile,
Peru, Mexico, Colombia and Brazil, award histories with buyers. Prints figures only; nothing
here asserts timings.

    python bench/bench_matching.py --sizes 10000 100000 1000000
    python bench/bench_matching.py --sizes 100000 1000000 --previous bbab600

With ``--previous REV`` the engine of commit REV (extracted from git at run time, not a copy
kept here) ranks the same requirements alternately with this one, and both are reported.

The plain loop scores the same criteria one supplier at a time in Python; it runs on a sample
of suppliers and its time is extrapolated to the full size (said so in the output).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching import (
    AwardRecord,
    CertificationClaim,
    MatchingEngine,
    Requirement,
    SupplierProfile,
)
from matching.block import normalise_code
from matching.text import stem_tokens

WORDS = ["servicios", "mantenimiento", "reparacion", "equipos", "electricos", "construccion", "obras", "civiles", "suministro", "materiales", "limpieza", "industrial", "transporte", "carga", "alimentos", "envasados", "software", "consultoria", "ingenieria", "montaje", "estructuras", "metalicas", "manutencao", "equipamentos", "fornecimento", "pecas", "usinagem", "soldadura", "pintura", "seguridad", "vigilancia", "capacitacion", "laboratorio", "ensayos", "calibracion", "mineria", "perforacion", "neumaticos", "lubricantes", "repuestos", "uniformes", "ropa", "trabajo", "impresion", "papeleria", "mobiliario", "oficina", "computadores", "redes", "telecomunicaciones", "energia", "solar", "paneles", "bombas", "valvulas", "tuberias", "hidraulica"]
REGIONS = ["CL-AN", "CL-AT", "CL-RM", "CL-BI", "CL-VS", "PE-LIM", "PE-ARE", "PE-CUS", "MX-CMX",
           "MX-NLE", "MX-JAL", "CO-DC", "CO-ANT", "BR-SP", "BR-MG", "BR-RJ"]
COUNTRIES = ["CL", "PE", "MX", "CO", "BR"]
STANDARDS = ["iso-9001", "iso-14001", "iso-45001", "ohsas-18001", "iatf-16949", "haccp",
             "nch-iso-9001", "ISO 9001:2015", "fssc-22000", "iso-17025"]
STATUSES = ["verified", "verified", "self_declared", "expired", "revoked"]
TODAY = date(2025, 6, 1)


def make_codes(rng, n_codes=6000):
    segments = rng.choice(np.arange(10, 96), 40, replace=False)
    codes = []
    for _ in range(n_codes):
        seg = rng.choice(segments)
        codes.append(f"{seg:02d}{rng.integers(10, 40):02d}{rng.integers(10, 30):02d}"
                     f"{rng.integers(0, 20):02d}")
    return sorted(set(codes))


def with_companions(own_codes, n_codes, n_catalogue, seed, companions=3, share=0.5):
    """``own_codes`` (per supplier, ``n_codes`` each) with each code after a supplier's first
    replaced, at rate ``share``, by one of the ``companions`` codes that go with its first (a
    fixed random choice per code, from the whole catalogue). Drawn from a generator of its
    own, so every other attribute is the same as with independent codes."""
    rng = np.random.default_rng(seed + 1000)
    partner = rng.integers(0, n_catalogue, (n_catalogue, companions))
    starts = np.repeat(np.cumsum(n_codes) - n_codes, n_codes)
    first = own_codes[starts]
    later = np.arange(len(own_codes)) != starts
    swap = later & (rng.random(len(own_codes)) < share)
    pick = partner[first, rng.integers(0, companions, len(own_codes))]
    return np.where(swap, pick, own_codes)


def make_profiles(n, seed=0):
    """``n`` synthetic profiles; every random draw is vectorised, only object creation loops."""
    rng = np.random.default_rng(seed)
    codes = make_codes(rng)
    code_p = 1.0 / np.arange(1, len(codes) + 1) ** 0.8
    code_p /= code_p.sum()
    word_p = 1.0 / np.arange(1, len(WORDS) + 1) ** 0.7
    word_p /= word_p.sum()
    buyers = [f"buyer-{i}" for i in range(500)]
    n_codes = rng.integers(1, 5, n)
    n_words = rng.integers(4, 12, n)
    n_certs = rng.choice([0, 0, 1, 1, 2, 3], n)
    n_awards = rng.poisson(1.5, n)
    n_regions = rng.integers(1, 4, n)
    own_codes = rng.choice(len(codes), int(n_codes.sum()), p=code_p)
    own_codes = with_companions(own_codes, n_codes, len(codes), seed)
    award_codes = rng.choice(len(codes), int(n_awards.sum()), p=code_p)
    award_buyers = rng.integers(0, 500, int(n_awards.sum()))
    award_days = rng.integers(0, 1500, int(n_awards.sum()))
    all_words = rng.choice(len(WORDS), int(n_words.sum()), p=word_p)
    cert_std = rng.integers(0, len(STANDARDS), int(n_certs.sum()))
    cert_status = rng.integers(0, len(STATUSES), int(n_certs.sum()))
    cert_days = rng.integers(-400, 1200, int(n_certs.sum()))
    extra_regions = rng.integers(0, len(REGIONS), int((n_regions - 1).sum()))
    capacity = np.round(rng.lognormal(4, 1.2, n), 1).tolist()
    stage = rng.integers(-3, 8, n).tolist()
    home = rng.integers(0, len(REGIONS), n).tolist()
    country_too = (rng.random(n) < 0.1).tolist()
    day = {d: TODAY - timedelta(days=d) for d in range(1500)}
    expiry = {d: TODAY + timedelta(days=d) for d in range(-400, 1200)}
    claim_of = {}

    def claim(s, st, d):
        key = (s, st, d)
        c = claim_of.get(key)
        if c is None:
            c = claim_of[key] = CertificationClaim(STANDARDS[s], STATUSES[st], expires=expiry[d])
        return c

    def split(values, counts):
        return np.split(np.asarray(values), np.cumsum(counts)[:-1]) if len(counts) else []

    own = [[codes[c] for c in part] for part in split(own_codes, n_codes)]
    texts = [" ".join(WORDS[w] for w in part) for part in split(all_words, n_words)]
    award_parts = split(np.arange(int(n_awards.sum())), n_awards)
    cert_parts = split(np.arange(int(n_certs.sum())), n_certs)
    region_parts = split(extra_regions, n_regions - 1)
    a_code, a_buyer, a_day = award_codes.tolist(), award_buyers.tolist(), award_days.tolist()
    c_std, c_status, c_day = cert_std.tolist(), cert_status.tolist(), cert_days.tolist()
    out = []
    for i in range(n):
        awards = tuple(AwardRecord(codes[a_code[j]], buyers[a_buyer[j]], day[a_day[j]])
                       for j in award_parts[i].tolist())
        certs = tuple(claim(c_std[j], c_status[j], c_day[j]) for j in cert_parts[i].tolist())
        region = REGIONS[home[i]]
        served = {region} | {REGIONS[r] for r in region_parts[i].tolist()}
        if country_too[i]:
            served.add(region[:2])
        out.append(SupplierProfile(
            id=f"sup-{i}", name=f"Proveedor {i}", codes=tuple(own[i]), text=texts[i],
            certifications=certs, capacity=capacity[i], regions=tuple(sorted(served)),
            country=region[:2], region=region, awards=awards,
            programme_stage=stage[i] if stage[i] >= 0 else None))
    return out, codes


def make_requirements(codes, count, seed=1):
    rng = np.random.default_rng(seed)
    reqs = []
    for i in range(count):
        picked = tuple(codes[c] for c in rng.integers(0, min(len(codes), 600), rng.integers(1, 3)))
        reqs.append(Requirement(
            id=f"req-{i}", codes=picked,
            text=" ".join(rng.choice(WORDS, 6)),
            must_standards=tuple(rng.choice(["ISO 9001", "iso-14001", "ISO 45001"],
                                            rng.integers(0, 2), replace=False)),
            preferred_standards=tuple(rng.choice(["iso-14001", "haccp"], rng.integers(0, 2))),
            min_capacity=float(rng.choice([0, 20, 50, 100])) or None,
            regions=tuple(rng.choice(REGIONS, rng.integers(0, 2), replace=False)),
            need_date=TODAY + timedelta(days=int(rng.integers(0, 300))),
            buyer_id=f"buyer-{rng.integers(0, 500)}"))
    return reqs


def loop_score(profile, req, catalogue, key_for, ref, links):
    """The same criteria computed the obvious way, one supplier at a time (``links``: for
    each requirement code, its linked codes and their similarities, as fitted)."""
    for std in req.must_standards:
        need = key_for(std)
        if not any(catalogue.satisfies(key_for(c.standard), need) and
                   c.status in ("verified", "self_declared") and
                   (c.expires is None or c.expires >= ref) for c in profile.certifications):
            return None
    served = set(profile.regions)
    if any(r not in served and r[:2] not in served for r in req.regions):
        return None
    if req.min_capacity and (profile.capacity or 0) < req.min_capacity:
        return None
    codes = [normalise_code(c) for c in profile.codes] + [normalise_code(a.code)
                                                           for a in profile.awards]
    category = related = 0.0
    for rc in req.codes:
        best = 0
        for c in codes:
            common = 0
            while common < min(len(rc), len(c)) and rc[common] == c[common]:
                common += 1
            best = max(best, common / len(rc) if common >= 2 else 0)
        category += best / len(req.codes)
        linked = links[rc]
        related += max((linked.get(c, 0.0) for c in codes), default=0.0) / len(req.codes)
    words_p, words_r = set(stem_tokens(profile.text)), set(stem_tokens(req.text))
    text = len(words_p & words_r) / ((len(words_p) * len(words_r)) ** 0.5 or 1)
    in_code = sum(1 for a in profile.awards if any(a.code.startswith(rc) for rc in req.codes))
    buyer = sum(1 for a in profile.awards if a.buyer_id == req.buyer_id)
    return (0.4 * category + 0.05 * related + 0.2 * text + 0.2 * np.log1p(in_code)
            + 0.1 * np.log1p(buyer))


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench(n, n_queries, loop_sample, trace=True):
    t0 = time.perf_counter()
    profiles, codes = make_profiles(n)
    gen = time.perf_counter() - t0
    gc.collect()
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    engine = MatchingEngine().fit(profiles)
    build = time.perf_counter() - t0
    rss_after = peak_rss_mb()
    reqs = make_requirements(codes, n_queries)
    engine.rank(reqs[0], k=50, today=TODAY)  # warm caches (standard resolution)
    times = []
    qualified = []
    for req in reqs:
        t0 = time.perf_counter()
        result = engine.rank(req, k=50, today=TODAY)
        times.append(time.perf_counter() - t0)
        qualified.append(len(result.ranked))
    times_ms = np.array(times) * 1000
    sample = profiles[:loop_sample]
    ref = TODAY + timedelta(days=150)
    t0 = time.perf_counter()
    for req in reqs[:5]:
        links = {rc: dict(zip(*engine.code_links_.of(normalise_code(rc)))) for rc in req.codes}
        scored = [loop_score(p, req, engine.catalogue_, engine.key_for, ref, links)
                  for p in sample]
        top = sorted((s for s in scored if s is not None), reverse=True)[:50]
    del top
    loop_per_query = (time.perf_counter() - t0) / 5 * (n / len(sample)) * 1000
    t0 = time.perf_counter()
    for i in range(20):
        engine.update(profiles[i])
    update_ms = (time.perf_counter() - t0) / 20 * 1000
    index_mb = engine._base.nbytes / 1e6
    print(f"n={n:>9,}  profiles generated in {gen:.1f}s")
    print(f"  build: {build:.1f}s, index arrays {index_mb:.0f} MB, peak RSS grew by "
          f"{max(0.0, rss_after - rss_before):.0f} MB during fit (process peak {rss_after:.0f} MB)")
    print(f"  rank(k=50) with explanations, {len(reqs)} requirements: "
          f"p50 {np.percentile(times_ms, 50):.1f} ms, p95 {np.percentile(times_ms, 95):.1f} ms "
          f"(median qualified top-k size {int(np.median(qualified))})")
    print(f"  plain Python loop, same criteria: {loop_per_query:.0f} ms per query "
          f"(measured on {len(sample):,} suppliers x 5 requirements, extrapolated to {n:,}); "
          f"ratio loop/p50 = {loop_per_query / np.percentile(times_ms, 50):.0f}x")
    print(f"  incremental update: {update_ms:.1f} ms per changed profile", flush=True)
    print(f"  machine load average (1, 5, 15 min): "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    if trace:
        del engine
        gc.collect()
        tracemalloc.start()
        t0 = time.perf_counter()
        MatchingEngine().fit(profiles)
        traced = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  build under tracemalloc: peak {peak / 1e6:.0f} MB allocated by fit "
              f"({traced:.1f}s with tracing)", flush=True)


def previous_engine(rev: str):
    """The ``matching`` package of commit ``rev``, extracted with ``git archive`` into a
    temporary directory and imported as ``matching_prev`` (its imports are relative)."""
    import atexit
    import importlib
    import io
    import shutil
    import subprocess
    import tarfile
    import tempfile

    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "archive", rev, "matching"], cwd=root, check=True,
                             capture_output=True).stdout
    where = Path(tempfile.mkdtemp(prefix="bench-previous-"))
    atexit.register(shutil.rmtree, where, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(where, filter="data")
    (where / "matching").rename(where / "matching_prev")
    sys.path.insert(0, str(where))
    return importlib.import_module("matching_prev")


def compare(n, n_queries, rev):
    """p50/p95 of ``rank(k=50)`` for this engine and the one of commit ``rev``, on the same
    profiles and requirements, the two timed alternately query by query."""
    previous = previous_engine(rev)
    profiles, codes = make_profiles(n)
    reqs = make_requirements(codes, n_queries)
    engines = {}
    for name, cls in (("this", MatchingEngine), (f"previous ({rev})", previous.MatchingEngine)):
        t0 = time.perf_counter()
        engines[name] = cls().fit(profiles)
        print(f"n={n:>9,}  {name}: built in {time.perf_counter() - t0:.1f}s", flush=True)
        engines[name].rank(reqs[0], k=50, today=TODAY)  # warm caches
    times = {name: [] for name in engines}
    for req in reqs:
        for name, engine in engines.items():
            t0 = time.perf_counter()
            engine.rank(req, k=50, today=TODAY)
            times[name].append((time.perf_counter() - t0) * 1000)
    for name, values in times.items():
        print(f"  {name}: rank(k=50) p50 {np.percentile(values, 50):.1f} ms, "
              f"p95 {np.percentile(values, 95):.1f} ms over {len(values)} requirements",
              flush=True)
    this, prev = (np.percentile(v, 95) for v in times.values())
    print(f"  p95 this / previous = {this / prev:.2f}; machine load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


def cpu_model() -> str:
    """The processor's name as the kernel reports it (figures differ threefold between
    machines of the same size)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown processor"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Matching engine benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--loop-sample", type=int, default=5_000)
    parser.add_argument("--tracemalloc-max", type=int, default=1_000_000,
                        help="largest size whose build is repeated under tracemalloc to measure "
                             "peak allocations (tracing slows the build about fivefold)")
    parser.add_argument("--previous", metavar="REV",
                        help="time the engine of this git commit too, on the same profiles "
                             "and requirements, alternating query by query (p50/p95 only)")
    args = parser.parse_args(argv)
    print(f"{cpu_model()}, {os.cpu_count()} cores", flush=True)
    if args.previous:
        for n in args.sizes:
            compare(n, args.queries, args.previous)
            gc.collect()
        return
    for n in args.sizes:
        bench(n, args.queries, min(n, args.loop_sample), n <= args.tracemalloc_max)
        gc.collect()


if __name__ == "__main__":
    main()
