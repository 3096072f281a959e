"""SVH-PSL (globopt-moo) against pymoo NSGA-II, random search and BoTorch qNParEGO on ZDT1 at
the same small budget (shared digest 21, "Side-by-side benchmark"; issue 7).

Run from the repository root (pinned versions in requirements.txt):

    pip install -r benches/reference/moo/requirements.txt
    python3 benches/reference/moo/psl_compare.py [--seeds 5] [--botorch]
        [--globopt-jsonl FILE]

Setting (identical inputs on every side): ZDT1 with d = 20 variables, seeds 0..seeds-1, 120
evaluations: the same 20-point Latin hypercube per seed (written by globopt as CSV, read here)
followed by 100 evaluations chosen by each method (SVH-PSL and qNParEGO: 20 batches of 5;
NSGA-II: that design as its initial population of 20, then 5 generations of 20 offspring;
random search: 100 uniform points). Metric: the hypervolume of all 120 points at (1.1, 1.1)
(moocore), and LHD = ln max(HV* - HV, 1e-14) against the 100-point pymoo front (HV* =
0.871409, the reference code's convention) and the continuous front (HV* = 1.21 - 1/3).

globopt runs `cargo run --release -p globopt-moo --example psl_runs -- zdt1:20 0..SEEDS` with
the reference-code defaults (1000 steps, 10 preferences, beta 0.1, alpha 0.001, c 1, local
kernel, 1000 candidates), unless --globopt-jsonl points at the JSON lines of such a run.
qNParEGO (with --botorch) follows BoTorch's tutorial: one SingleTaskGP per objective
(inputs already in [0,1], standardized outcomes), q = 5 random augmented-Chebyshev
scalarizations with qLogNoisyExpectedImprovement, optimize_acqf_list with 10 restarts and
512 raw samples, one torch thread (about 20 s wall per iteration on a shared 2-core
machine: 5 seeds take about 35 minutes). Prints per-method medians and interquartile ranges over seeds,
`lhd_delta = LHD_globopt - LHD_method` (nats; negative: globopt better) and the wall time
per iteration.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import tempfile
import time

import moocore
import numpy as np

D = 20
N_INIT = 20
ITERS = 20
BATCH = 5
REF = np.array([1.1, 1.1])
HV_CONT = 1.21 - 1.0 / 3.0


def zdt1(x):
    x = np.atleast_2d(x)
    f1 = x[:, 0]
    g = 1.0 + 9.0 / (x.shape[1] - 1) * x[:, 1:].sum(axis=1)
    return np.column_stack([f1, g * (1.0 - np.sqrt(f1 / g))])


def hv(y):
    y = np.asarray(y)
    inside = np.all(y < REF, axis=1)
    return float(moocore.hypervolume(y[inside], ref=REF)) if inside.any() else 0.0


def lhd(hv_star, value):
    return float(np.log(max(hv_star - value, 1e-14)))


def quartiles(v):
    q = np.percentile(v, [25, 50, 75])
    return q[1], q[0], q[2]


def hv_star_discrete():
    from pymoo.problems import get_problem
    return hv(get_problem("zdt1", n_var=D).pareto_front())


def run_nsga2(x0, seed):
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.optimize import minimize
    from pymoo.problems import get_problem
    problem = get_problem("zdt1", n_var=D)
    algo = NSGA2(pop_size=N_INIT, sampling=x0)
    res = minimize(problem, algo, ("n_gen", 1 + ITERS * BATCH // N_INIT), seed=seed,
                   save_history=True, verbose=False)
    ys = np.vstack([h.off.get("F") if h.off is not None else h.pop.get("F")
                    for h in res.history])
    # generation 1 evaluates the initial population, each later one 20 offspring
    return ys


def run_random(x0, seed):
    rng = np.random.default_rng(seed)
    return np.vstack([zdt1(x0), zdt1(rng.random((ITERS * BATCH, D)))])


def run_parego(x0, seed):
    import torch
    from botorch.acquisition.logei import qLogNoisyExpectedImprovement
    from botorch.acquisition.objective import GenericMCObjective
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import ModelListGP, SingleTaskGP
    from botorch.models.transforms.outcome import Standardize
    from botorch.optim.optimize import optimize_acqf_list
    from botorch.sampling.normal import SobolQMCNormalSampler
    from botorch.utils.multi_objective.scalarization import get_chebyshev_scalarization
    from botorch.utils.sampling import sample_simplex
    from gpytorch.mlls import SumMarginalLogLikelihood

    torch.set_num_threads(1)  # OpenMP workers spin and stall on a shared 2-core machine
    torch.manual_seed(seed)
    tk = {"dtype": torch.double}
    bounds = torch.stack([torch.zeros(D, **tk), torch.ones(D, **tk)])
    x = torch.tensor(x0, **tk)
    y = -torch.tensor(zdt1(x0), **tk)  # BoTorch maximizes
    for _ in range(ITERS):
        models = [SingleTaskGP(x, y[:, j:j + 1], outcome_transform=Standardize(m=1))
                  for j in range(2)]
        model = ModelListGP(*models)
        fit_gpytorch_mll(SumMarginalLogLikelihood(model.likelihood, model))
        with torch.no_grad():
            pred = model.posterior(x).mean
        acqs = []
        for _ in range(BATCH):
            w = sample_simplex(2, **tk).squeeze()
            obj = GenericMCObjective(get_chebyshev_scalarization(weights=w, Y=pred))
            acqs.append(qLogNoisyExpectedImprovement(
                model=model, objective=obj, X_baseline=x, prune_baseline=True,
                sampler=SobolQMCNormalSampler(sample_shape=torch.Size([128]))))
        cand, _ = optimize_acqf_list(acq_function_list=acqs, bounds=bounds,
                                     num_restarts=10, raw_samples=512,
                                     options={"batch_limit": 5, "maxiter": 200})
        x = torch.cat([x, cand])
        y = torch.cat([y, -torch.tensor(zdt1(cand.numpy()), **tk)])
    return -y.numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--botorch", action="store_true", help="also run BoTorch qNParEGO")
    ap.add_argument("--globopt-jsonl", help="JSON lines of a finished psl_runs run")
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(__file__), "..", "..", "..")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "globopt-moo", "--example",
                    "psl_runs"], cwd=root, check=True)
    exe = os.path.join(target, "release", "examples", "psl_runs")
    seeds = f"0..{args.seeds}"
    hv_disc = hv_star_discrete()
    print(f"HV* at (1.1, 1.1): 100-point pymoo front {hv_disc:.6f}, continuous {HV_CONT:.6f}")
    with tempfile.TemporaryDirectory() as tmp:
        # the designs (iterations = 0 evaluates the Latin hypercube only)
        subprocess.run([exe, "zdt1:20", seeds, "iterations=0", "--design-out", tmp],
                       check=True, capture_output=True)
        designs = [np.loadtxt(os.path.join(tmp, f"zdt1_20_seed{s}.csv"), delimiter=",")
                   for s in range(args.seeds)]
        assert len(glob.glob(os.path.join(tmp, "*.csv"))) == args.seeds
    if args.globopt_jsonl:
        with open(args.globopt_jsonl) as fh:
            lines = [json.loads(line) for line in fh if line.strip()]
    else:
        out = subprocess.run([exe, "zdt1:20", seeds], check=True, capture_output=True,
                             text=True).stdout
        lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    lines = sorted(lines, key=lambda r: r["seed"])[:args.seeds]
    results = {"SVH-PSL (globopt)": {
        "hv": [r["hypervolume"] for r in lines],
        "s_per_iter": [r["gp_fit_s"] + r["train_s"] + r["select_s"] for r in lines],
    }}
    methods = [("NSGA-II (pymoo)", run_nsga2), ("random search", run_random)]
    if args.botorch:
        methods.append(("qNParEGO (BoTorch)", run_parego))
    for name, fn in methods:
        hvs, per_iter = [], []
        for s, x0 in enumerate(designs):
            t = time.perf_counter()
            ys = fn(x0, s)
            per_iter.append((time.perf_counter() - t) / ITERS)
            assert len(ys) == N_INIT + ITERS * BATCH, (name, len(ys))
            hvs.append(hv(ys))
        results[name] = {"hv": hvs, "s_per_iter": per_iter}
    base = statistics.median(lhd(hv_disc, h) for h in results["SVH-PSL (globopt)"]["hv"])
    print(f"{'method':22s} {'HV median':>10s} {'LHD (100-pt) median [IQR]':>30s} "
          f"{'LHD (cont.) median':>19s} {'lhd_delta':>10s} {'s/iter':>8s}")
    for name, r in results.items():
        d = [lhd(hv_disc, h) for h in r["hv"]]
        c = [lhd(HV_CONT, h) for h in r["hv"]]
        med, lo, hi = quartiles(d)
        delta = base - statistics.median(d)
        print(f"{name:22s} {statistics.median(r['hv']):10.6f} "
              f"{med:12.3f} [{lo:7.3f}, {hi:7.3f}]  {statistics.median(c):19.3f} "
              f"{delta:10.3f} {statistics.median(r['s_per_iter']):8.3f}")
        r["lhd"] = d
        r["lhd_continuous"] = c
    print(json.dumps(results))


if __name__ == "__main__":
    main()
