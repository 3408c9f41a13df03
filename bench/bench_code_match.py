"""Code closeness over a whole index: the engine's one-byte, write-once version next to the
float32 version that wrote every prefix level of every entry (the engine's earlier one), on
the synthetic suppliers of ``bench_matching``. Both give the same values; prints figures only.

    python bench/bench_code_match.py --size 1000000 --rounds 4

Rounds alternate the two versions, so that a busy or warming machine slows both alike.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_matching import TODAY, cpu_model, make_profiles, make_requirements  # noqa: E402

from matching import MatchingEngine  # noqa: E402
from matching.frame import Frame  # noqa: E402
from matching.lookups import code_match as _code_match  # noqa: E402


def every_level_float32(frame, prep):
    """The baseline: a float32 array per code, every prefix level's entries written."""
    total = np.zeros(frame.m, dtype=np.float32)
    index = frame.block.codes
    for code in prep.codes:
        best = np.zeros(frame.m, dtype=np.float32)
        low = min(2, len(code))
        outer = index.entry_slice(index.span(code[:low]))
        pos = frame.positions(index.rows[outer])
        for length in range(low, len(code) + 1):
            cut = index.entry_slice(index.span(code[:length]))
            at = pos[cut.start - outer.start:cut.stop - outer.start]
            best[at if frame.rows is None else at[at >= 0]] = length / len(code)
        total += best
    return total / max(1, len(prep.codes))


def engine_version(frame, prep):
    prep.shared.clear()  # the engine keeps the values per requirement: time the computation
    return _code_match(frame, prep)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)
    print(f"{cpu_model()}; {args.size:,} suppliers, {args.queries} requirements", flush=True)
    profiles, codes = make_profiles(args.size)
    engine = MatchingEngine().fit(profiles)
    del profiles
    preps = [engine.prepare(r, TODAY) for r in make_requirements(codes, args.queries)]
    frame = Frame(engine._base)
    worst = 0.0
    for round_ in range(1, args.rounds + 1):
        line, results = [], []
        for name, compute in (("float32, every level", every_level_float32),
                              ("engine", engine_version)):
            started = time.perf_counter()
            results.append([compute(frame, prep) for prep in preps])
            per_query = (time.perf_counter() - started) / len(preps) * 1000
            line.append(f"{name} {per_query:.2f} ms")
        worst = max([worst] + [float(np.abs(a - b).max()) for a, b in zip(*results)])
        print(f"round {round_}: " + ", ".join(line) + " per requirement", flush=True)
    print(f"largest difference between the two: {worst:.1e}")


if __name__ == "__main__":
    main()
