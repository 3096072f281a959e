"""Exact hypervolume, globopt against moocore 0.3.2, on the same point sets in one run
(shared digest 12, "Side-by-side benchmark"; issue 7: M = 3..5, 10^4 points).

Run from the repository root (pinned versions in requirements.txt):

    pip install -r benches/reference/moo/requirements.txt
    python3 benches/reference/moo/hv_moocore.py [--repeats 5]

Point sets (numpy default_rng(0)): uniform in the unit cube (most points dominated) and on
the positive unit sphere (all points non-dominated), reference 1.1 per objective. They are
written as CSV to a temporary directory; globopt reads the same files through
`cargo run --release -p globopt-moo --example hv_timing`. Times are the median CPU time of
the calling thread over the repeats (`time.thread_time()` here, CLOCK_THREAD_CPUTIME_ID on
the Rust side), so other processes on a shared machine do not inflate them. Prints one row
per instance with both values, their relative difference and
`time_ratio = globopt / moocore` (below 1: globopt is faster).
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

import moocore
import numpy as np

INSTANCES = [
    # (name, M, n, repeats factor)
    ("uniform", 2, 100_000, 1),
    ("sphere", 2, 100_000, 1),
    ("uniform", 3, 10_000, 1),
    ("sphere", 3, 10_000, 1),
    ("uniform", 4, 10_000, 1),
    ("sphere", 4, 10_000, 1),
    ("uniform", 5, 10_000, 1),
    ("sphere", 5, 2_000, 1),
    ("sphere", 5, 10_000, 0),  # one repeat: seconds per call
]


def points(rng, kind, m, n):
    if kind == "uniform":
        return rng.random((n, m))
    x = np.abs(rng.normal(size=(n, m)))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(__file__), "..", "..", "..")
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "globopt-moo", "--example", "hv_timing"],
        cwd=root, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    exe = os.path.join(target, "release", "examples", "hv_timing")
    rng = np.random.default_rng(0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, m, n, factor in INSTANCES:
            x = points(rng, kind, m, n)
            path = os.path.join(tmp, f"{kind}{m}_{n}.csv")
            np.savetxt(path, x, delimiter=",", fmt="%.17g")
            # read back what globopt reads
            x = np.loadtxt(path, delimiter=",")
            reps = max(1, args.repeats * factor)
            ref = np.full(m, 1.1)
            times = []
            for _ in range(reps):
                t = time.thread_time()
                hv_ref = moocore.hypervolume(x, ref=ref)
                times.append(time.thread_time() - t)
            out = subprocess.run([exe, str(reps), "1.1", path], capture_output=True,
                                 text=True, check=True).stdout
            ours = json.loads(out.strip().splitlines()[-1])
            rows.append({
                "instance": kind, "m": m, "n": n,
                "nondominated": int(moocore.is_nondominated(x).sum()),
                "hv_moocore": hv_ref, "hv_globopt": ours["hypervolume"],
                "rel_diff": abs(ours["hypervolume"] - hv_ref) / hv_ref,
                "moocore_ms": 1e3 * statistics.median(times),
                "globopt_ms": 1e3 * ours["median_s"],
            })
            r = rows[-1]
            r["time_ratio"] = r["globopt_ms"] / r["moocore_ms"]
            print(f"{kind:8s} M={m} n={n:6d} nd={r['nondominated']:6d} "
                  f"hv={hv_ref:.12f} rel_diff={r['rel_diff']:.1e} "
                  f"moocore={r['moocore_ms']:9.3f} ms globopt={r['globopt_ms']:9.3f} ms "
                  f"time_ratio={r['time_ratio']:.3f}", flush=True)
    print("max_rel_hv_err", max(r["rel_diff"] for r in rows))
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
