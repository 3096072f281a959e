"""Bayesian optimization side by side: globopt-bayes against egobox (Egor), Optuna (TPE and
GPSampler) and BoTorch (SingleTaskGP + qLogEI, CPU) on the same problems, initial designs,
budgets and seeds (shared digest 25, "Side-by-side benchmark").

Every anchor starts from the initial design globopt uses for that seed (a maximin Latin
hypercube written by the Rust example `side_by_side`): Egor gets it as `x_doe`, BoTorch as its
first training data, Optuna as enqueued trials. The script prints, per problem and method, the
median and interquartile range of the simple regret at the budget, the success fraction
(regret < 1e-3), for Hartmann6 the fraction that escapes the local minimum -3.2032, the CPU
time per run (process CPU time: the machine is shared, so wall time is not comparable), and
the ratios median_regret_globopt / median_regret_anchor (a tie when both are below 1e-6) and
cpu_time_globopt / cpu_time_anchor.

    pip install -r benches/reference/bayes/requirements.txt
    cargo build --release -p globopt-bayes --example side_by_side
    python3 benches/reference/bayes/side_by_side.py --seeds 10 \
        --problems branin hartmann3 hartmann6 --methods globopt egobox optuna-tpe optuna-gp botorch

A long anchor run can be completed in parts, e.g. BoTorch on Hartmann6 seeds 2-9 with
`--seeds 10 --first-seed 2 --problems hartmann6 --methods botorch --out part.jsonl`, and the
parts summarized together with `--summarize part1.jsonl part2.jsonl`.
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

# ---------------------------------------------------------------- test functions (digest 00)


def branin(x):
    x1, x2 = x
    return (x2 - 5.1 * x1**2 / (4 * math.pi**2) + 5 * x1 / math.pi - 6) ** 2 + 10 * (
        1 - 1 / (8 * math.pi)
    ) * math.cos(x1) + 10


H3_A = np.array([[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]])
H3_P = 1e-4 * np.array([[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]])
H6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
H6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann(a, p):
    def f(x):
        x = np.asarray(x)
        return float(-np.sum(ALPHA * np.exp(-np.sum(a * (x - p) ** 2, axis=1))))

    return f


PROBLEMS = {
    # name: (function, bounds, f*, initial, iterations)
    "branin": (branin, [[-5.0, 10.0], [0.0, 15.0]], 0.397887357729738, 5, 25),
    "hartmann3": (hartmann(H3_A, H3_P), [[0.0, 1.0]] * 3, -3.862779787, 5, 45),
    "hartmann6": (hartmann(H6_A, H6_P), [[0.0, 1.0]] * 6, -3.322368011, 10, 90),
}

# ---------------------------------------------------------------- methods


def run_globopt(name, seeds, design_dir):
    _, _, _, n0, iters = PROBLEMS[name]
    exe = os.environ.get(
        "GLOBOPT_SIDE_BY_SIDE",
        os.path.join(
            os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
            "release", "examples", "side_by_side",
        ),
    )
    if not os.path.exists(exe):
        subprocess.run(
            ["cargo", "build", "--release", "-p", "globopt-bayes", "--example", "side_by_side"],
            cwd=ROOT,
            check=True,
        )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [exe, name, str(n0), str(iters), str(seeds), design_dir],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / seeds
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    for r in rows:
        r["cpu_seconds"] = cpu  # the child's CPU time, averaged over its runs
    return rows


def design(design_dir, name, seed):
    return np.loadtxt(os.path.join(design_dir, f"{name}_seed{seed}.csv"), delimiter=",", ndmin=2)


def run_egobox(name, seed, x0):
    import egobox as eg

    f, bounds, _, _, iters = PROBLEMS[name]
    fun = lambda xs: np.array([[f(x)] for x in xs])  # noqa: E731
    y0 = fun(x0)
    egor = eg.Egor(bounds, x_doe=x0, y_doe=y0, seed=seed)
    res = egor.minimize(fun, max_iters=iters)
    return float(np.min(np.concatenate([y0.ravel(), np.asarray(res.y_doe).ravel()])))


def run_optuna(name, seed, x0, sampler_kind):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    f, bounds, _, n0, iters = PROBLEMS[name]
    if sampler_kind == "tpe":
        sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=n0)
    else:
        sampler = optuna.samplers.GPSampler(seed=seed, n_startup_trials=n0)
    study = optuna.create_study(sampler=sampler)
    for x in x0:
        study.enqueue_trial({f"x{i}": float(v) for i, v in enumerate(x)})

    def objective(trial):
        x = [trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)]
        return f(x)

    study.optimize(objective, n_trials=n0 + iters)
    return study.best_value


def run_botorch(name, seed, x0):
    import torch
    from botorch.acquisition.logei import qLogExpectedImprovement
    from botorch.fit import fit_gpytorch_mll
    from botorch.models import SingleTaskGP
    from botorch.models.transforms.outcome import Standardize
    from botorch.optim import optimize_acqf
    from gpytorch.mlls import ExactMarginalLogLikelihood

    torch.manual_seed(seed)
    f, bounds, _, _, iters = PROBLEMS[name]
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    d = len(bounds)
    u = torch.tensor((x0 - lo) / (hi - lo), dtype=torch.double)
    y = torch.tensor([[-f(lo + (hi - lo) * ui)] for ui in u.numpy()], dtype=torch.double)
    unit = torch.stack([torch.zeros(d, dtype=torch.double), torch.ones(d, dtype=torch.double)])
    for _ in range(iters):
        model = SingleTaskGP(u, y, outcome_transform=Standardize(m=1))
        fit_gpytorch_mll(ExactMarginalLogLikelihood(model.likelihood, model))
        acq = qLogExpectedImprovement(model, best_f=y.max())
        cand, _ = optimize_acqf(acq, bounds=unit, q=1, num_restarts=10, raw_samples=512)
        ui = cand.detach()[0]
        yi = -f(lo + (hi - lo) * ui.numpy())
        u = torch.cat([u, ui.unsqueeze(0)])
        y = torch.cat([y, torch.tensor([[yi]], dtype=torch.double)])
    return float(-y.max())


def run_anchor(method, name, seed, design_dir):
    x0 = design(design_dir, name, seed)
    t = time.perf_counter()
    c = time.process_time()
    if method == "egobox":
        best = run_egobox(name, seed, x0)
    elif method == "optuna-tpe":
        best = run_optuna(name, seed, x0, "tpe")
    elif method == "optuna-gp":
        best = run_optuna(name, seed, x0, "gp")
    elif method == "botorch":
        best = run_botorch(name, seed, x0)
    else:
        raise ValueError(method)
    f_star = PROBLEMS[name][2]
    return {
        "problem": name,
        "method": method,
        "seed": seed,
        "regret": best - f_star,
        "seconds": time.perf_counter() - t,
        "cpu_seconds": time.process_time() - c,
    }


# ---------------------------------------------------------------- summary


def summarize(rows, problems, methods):
    print(
        f"{'problem':<10} {'method':<11} {'runs':>4} {'median regret':>14} {'IQR':>21} "
        f"{'success':>8} {'escape':>7} {'cpu s/run':>9} {'regret_ratio':>13} {'time_ratio':>10}"
    )
    for p in problems:
        g = [r for r in rows if r["problem"] == p and r["method"] == "globopt"]
        g_med = float(np.median([r["regret"] for r in g])) if g else math.nan
        g_t = float(np.mean([r["cpu_seconds"] for r in g])) if g else math.nan
        for m in methods:
            rs = [r for r in rows if r["problem"] == p and r["method"] == m]
            if not rs:
                continue
            reg = np.array([max(r["regret"], 0.0) for r in rs])
            med = float(np.median(reg))
            q1, q3 = np.percentile(reg, [25, 75])
            succ = float(np.mean(reg < 1e-3))
            # Hartmann6: escaping the local minimum -3.2032 (regret 0.119)
            esc = f"{np.mean(reg < 0.05):.1f}" if p == "hartmann6" else "-"
            sec = float(np.mean([r["cpu_seconds"] for r in rs]))
            if m == "globopt":
                ratio, tratio = "-", "-"
            else:
                ratio = "tie" if (g_med < 1e-6 and med < 1e-6) else f"{g_med / max(med, 1e-300):.3g}"
                tratio = f"{g_t / sec:.3g}"
            print(
                f"{p:<10} {m:<11} {len(rs):>4} {med:>14.3e} [{q1:9.2e}, {q3:9.2e}] "
                f"{succ:>8.1f} {esc:>7} {sec:>9.2f} {ratio:>13} {tratio:>10}"
            )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument(
        "--first-seed",
        type=int,
        default=0,
        help="run the anchors on seeds FIRST..SEEDS-1 only (to complete a long run in parts)",
    )
    ap.add_argument("--problems", nargs="+", default=["branin", "hartmann3", "hartmann6"])
    ap.add_argument(
        "--methods",
        nargs="+",
        default=["globopt", "egobox", "optuna-tpe", "optuna-gp", "botorch"],
    )
    ap.add_argument("--out", default=None, help="append every run as a JSON line to this file")
    ap.add_argument(
        "--summarize",
        nargs="+",
        default=None,
        help="only print the summary of runs saved as JSON lines (by --out or from stderr)",
    )
    args = ap.parse_args()
    if args.summarize:
        rows = []
        for path in args.summarize:
            with open(path) as fh:
                rows += [json.loads(line) for line in fh if line.startswith("{")]
        summarize(rows, args.problems, args.methods)
        return
    design_dir = tempfile.mkdtemp(prefix="globopt-bayes-designs-")
    rows = []
    for p in args.problems:
        g = run_globopt(p, args.seeds, design_dir)
        if "globopt" in args.methods:
            rows += g
        for m in args.methods:
            if m == "globopt":
                continue
            for s in range(args.first_seed, args.seeds):
                rows.append(run_anchor(m, p, s, design_dir))
                print(json.dumps(rows[-1]), file=sys.stderr)
    if args.out:
        with open(args.out, "a") as fh:
            for r in rows:
                fh.write(json.dumps(r) + "\n")
    summarize(rows, args.problems, args.methods)


if __name__ == "__main__":
    main()
