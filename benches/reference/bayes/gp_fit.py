"""GP hyperparameter fit time, egobox against globopt-bayes, on the same data (issue 5
acceptance: n = 400, d = 6, goal <= 0.2 s on 2 cores; digest 25 table: egobox 4.5 s).

Data: Hartmann6 on a seeded Latin hypercube of n points (the two packages draw their own
hypercubes; the fit time does not depend on which). egobox: `Gpx.builder().fit(x, y)`
(default Kriging: constant mean, squared-exponential, 10 COBYLA starts). globopt: the Rust
example `fit_time` (constant mean, Matern 5/2 ARD, 3 L-BFGS starts in parallel). Both are
reported as process CPU time and wall time; the machine is shared, so CPU time is the
comparable figure.

    cargo build --release -p globopt-bayes --example fit_time
    python3 benches/reference/bayes/gp_fit.py --n 100 400
"""

import argparse
import os
import re
import resource
import subprocess
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

import side_by_side as sbs  # noqa: E402


def egobox_fit(n, repeats):
    import egobox as eg

    f = sbs.PROBLEMS["hartmann6"][0]
    x = eg.lhs(np.array([[0.0, 1.0]] * 6), n, seed=1)
    y = np.array([[f(p)] for p in x])
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        eg.Gpx.builder().fit(x, y)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return float(np.median(wall)), float(np.median(cpu))


def globopt_fit(n):
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    exe = os.path.join(target, "release", "examples", "fit_time")
    exe = os.environ.get("GLOBOPT_FIT_TIME", exe)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([exe, "hartmann6", str(n)], check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    walls = [float(m) for m in re.findall(r"n=\d+: ([0-9.]+) s", out)]
    # the example fits 4 times (one warm-up) and evaluates the likelihood 20 times
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / 4
    return float(np.median(walls)), cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[100, 400])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"{'n':>5} {'egobox wall':>12} {'egobox cpu':>11} {'globopt wall':>13} {'globopt cpu':>12} {'cpu ratio':>10}")
    for n in args.n:
        ew, ec = egobox_fit(n, args.repeats)
        gw, gc = globopt_fit(n)
        print(f"{n:>5} {ew:>12.3f} {ec:>11.3f} {gw:>13.3f} {gc:>12.3f} {gc / ec:>10.3f}")


if __name__ == "__main__":
    main()
