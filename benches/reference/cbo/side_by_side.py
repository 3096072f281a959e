"""globopt-swarm against CBXpy (PyPI `cbx`) and pycma (PyPI `cma`) on the same problems,
dimensions, particle counts and budgets (shared digest 10, "Side-by-side benchmark").

For every CBO experiment globopt draws the initial swarm (runs x particles x dimension), writes
it to a temporary file, and CBXpy starts from the same array (`x=`), with the same N, M, alpha0,
x1.05 schedule, sigma, lambda, dt and iterations. Success: best point within 0.25 of x* in the
infinity norm. Printed per experiment: success rate, median best f, median evaluations to reach
f - f* < 1e-2 (over the runs that reach it), wall time, success_delta = globopt - anchor (points)
and time_ratio = wall_globopt / wall_cbx. pycma runs at equal evaluation budgets
(x0 ~ U[-3, 3]^d, sigma0 = 2, popsize 12 = its default for d = 20, and 400). Times are
given as wall seconds and as process CPU seconds (user + system, all threads): the second is
the fair figure on a shared machine.

Commands (from the repository root; rayon uses every core, numpy mostly one):
    pip install -r benches/reference/cbo/requirements.txt
    cargo build --release -p globopt-swarm --example cbo_runs
    python3 benches/reference/cbo/side_by_side.py            # Rastrigin-20, 100 runs (+ pycma)
    python3 benches/reference/cbo/side_by_side.py --all      # every problem of the digest
    python3 benches/reference/cbo/side_by_side.py --quick    # 10 runs, no pycma (smoke test)
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import cma
import numpy as np
from cbx.dynamics import CBO
from cbx.objectives import Ackley, Rastrigin
from cbx.scheduler import multiply, scheduler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EXAMPLE = os.path.join(TARGET, "release", "examples", "cbo_runs")


def levy(x):
    w = 1 + (x - 1) / 4
    head = np.sin(np.pi * w[..., 0]) ** 2
    mid = ((w[..., :-1] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[..., :-1] + 1) ** 2)).sum(-1)
    tail = (w[..., -1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[..., -1]) ** 2)
    return head + mid + tail


def styblinski_tang(x):
    return 0.5 * (x ** 4 - 16 * x ** 2 + 5 * x).sum(-1)


# name -> (numpy objective on (..., d), x* coordinate, f* per coordinate)
PROBLEMS = {
    "rastrigin": (Rastrigin(), 0.0, 0.0),
    "ackley": (Ackley(), 0.0, 0.0),
    "levy": (levy, 1.0, 0.0),
    "styblinski_tang": (styblinski_tang, -2.903534, -39.16616570377142),
}


def f_star(name, d):
    """f* of the d-dimensional problem (Styblinski-Tang's scales with d; the others are 0)."""
    return PROBLEMS[name][2] * d


def globopt(function, params):
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, "x0.json")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([EXAMPLE, function, json.dumps(params), "--init-out", init],
                             check=True, capture_output=True, text=True).stdout
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        x0 = np.array(json.load(open(init)))
    summary = json.loads(out.strip().splitlines()[-1])
    # CPU seconds of the process (all threads, user + system): on a shared machine wall time
    # counts the time spent waiting for a core, CPU time does not
    summary["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return summary, x0


def cbx_run(function, x0, params):
    name, _ = function.split(":")
    f, xs, _ = PROBLEMS[name]
    M, N, d = x0.shape
    fs = f_star(name, d)
    t0, c0 = time.perf_counter(), time.process_time()
    dyn = CBO(f, f_dim="3D", x=x0.copy(), M=M, N=N, d=d, max_it=params["iterations"],
              alpha=params["alpha"], sigma=params["sigma"], lamda=1.0, dt=0.01,
              noise=params["noise"], verbosity=0, seed=params["seed"])
    sched = scheduler([multiply(name="alpha", factor=1.05)])
    reach = np.full(M, -1)
    while not dyn.terminate():
        dyn.step()
        sched.update(dyn)
        hit = (reach < 0) & (dyn.best_energy - fs < 1e-2)
        reach[hit] = dyn.num_f_eval[hit] - N  # CBXpy counts N extra for its shape check
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    dist = np.abs(dyn.best_particle - xs).max(axis=-1)
    reached = np.sort(reach[reach >= 0])
    return {"success_rate": float((dist < 0.25).mean()),
            "median_best_f": float(np.median(dyn.best_energy)),
            "evals_to_1e-2": int(reached[len(reached) // 2]) if len(reached) else None,
            "runs_reaching_1e-2": int(len(reached)),
            "wall_s": wall, "cpu_s": cpu}


def cma_runs(function, runs, budget, popsize, seed):
    name, d = function.split(":")
    d = int(d)
    f, xs, _ = PROBLEMS[name]
    rng = np.random.default_rng(seed)
    ok, best, t0, c0 = 0, [], time.perf_counter(), time.process_time()
    for r in range(runs):
        es = cma.CMAEvolutionStrategy(rng.uniform(-3, 3, d), 2.0,
                                      {"popsize": popsize, "maxfevals": budget,
                                       "seed": seed * 1000 + r + 1, "verbose": -9,
                                       "tolfun": 0, "tolx": 0, "tolfunhist": 0,
                                       "tolstagnation": 10 ** 9})
        es.optimize(lambda x: float(f(np.asarray(x))))
        xb = es.result.xbest
        ok += int(np.abs(xb - xs).max() < 0.25)
        best.append(es.result.fbest)
    return {"success_rate": ok / runs, "median_best_f": float(np.median(best)),
            "wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
            "runs": runs}


def experiment(label, function, runs, particles=40, sigma=10.1, noise="anisotropic",
               iterations=5000, alpha=30.0, seed=1):
    params = {"runs": runs, "particles": particles, "sigma": sigma, "noise": noise,
              "iterations": iterations, "alpha": alpha, "seed": seed, "trace_every": 10}
    ours, x0 = globopt(function, params)
    ref = cbx_run(function, x0, params)
    row = {"experiment": label, "runs": runs, "particles": particles,
           "evaluations_per_run": particles * iterations,
           "globopt": {k: ours[k] for k in ("success_rate", "median_best_f", "evals_to_1e-2",
                                            "runs_reaching_1e-2", "wall_s", "cpu_s", "threads")},
           "cbx": ref,
           "success_delta": round(100 * (ours["success_rate"] - ref["success_rate"]), 1),
           "time_ratio": ours["wall_s"] / ref["wall_s"],
           "cpu_ratio": ours["cpu_s"] / ref["cpu_s"]}
    print(json.dumps(row), flush=True)
    print(f"  {label}: success globopt {ours['success_rate']:.2f} vs CBXpy "
          f"{ref['success_rate']:.2f} (delta {row['success_delta']:+.0f} points); median best f "
          f"{ours['median_best_f']:.3g} vs {ref['median_best_f']:.3g}; wall {ours['wall_s']:.2f} s"
          f" vs {ref['wall_s']:.2f} s: time_ratio = {row['time_ratio']:.3f} "
          f"({1 / row['time_ratio']:.1f}x faster); CPU {ours['cpu_s']:.2f} s vs "
          f"{ref['cpu_s']:.2f} s: cpu_ratio = {row['cpu_ratio']:.3f}", flush=True)
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", help="run only the CBO experiments whose label contains this")
    args = ap.parse_args()
    if not os.path.exists(EXAMPLE):
        sys.exit(f"build it first: cargo build --release -p globopt-swarm --example cbo_runs "
                 f"(looked for {EXAMPLE})")
    runs = 10 if args.quick else 100
    if args.only:
        labels = {"rastrigin-20 aniso N=40": ("rastrigin:20", {}),
                  "rastrigin-20 iso N=40": ("rastrigin:20", {"noise": "isotropic"}),
                  "ackley-20 aniso N=40": ("ackley:20", {}),
                  "levy-20 aniso N=40": ("levy:20", {}),
                  "styblinski-tang-20 aniso N=40": ("styblinski_tang:20", {}),
                  "ackley-100 aniso N=100": ("ackley:100", {"particles": 100}),
                  "rastrigin-100 aniso N=100": ("rastrigin:100", {"particles": 100})}
        for label, (function, extra) in labels.items():
            if args.only in label:
                m = runs // 2 if "100 " in label else runs
                experiment(label, function, m, **extra)
        return
    print(f"# cbx {__import__('cbx').__version__ if hasattr(__import__('cbx'), '__version__') else '1.0.4'}, "
          f"cma {cma.__version__}, numpy {np.__version__}, {os.cpu_count()} cores")
    experiment("rastrigin-20 aniso N=40", "rastrigin:20", runs)
    if args.all:
        experiment("rastrigin-20 iso N=40", "rastrigin:20", runs, noise="isotropic")
        experiment("ackley-20 aniso N=40", "ackley:20", runs)
        experiment("levy-20 aniso N=40", "levy:20", runs)
        experiment("styblinski-tang-20 aniso N=40", "styblinski_tang:20", runs)
        experiment("ackley-100 aniso N=100", "ackley:100", runs // 2, particles=100)
        experiment("rastrigin-100 aniso N=100", "rastrigin:100", runs // 2, particles=100)
    if not args.quick:
        cases = [("rastrigin:20", 12), ("rastrigin:20", 400)]
        if args.all:
            cases.append(("ackley:20", 12))
        for function, pop in cases:
            res = cma_runs(function, 10, 200_000, pop, seed=1)
            print(json.dumps({"experiment": f"pycma {function} popsize {pop}", **res}))
            print(f"  pycma {function} popsize {pop}: success {res['success_rate']:.2f} over "
                  f"{res['runs']} runs, median best f {res['median_best_f']:.3g}, "
                  f"wall {res['wall_s']:.1f} s", flush=True)


if __name__ == "__main__":
    main()
