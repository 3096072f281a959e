"""Reference values from moocore for globopt's Pareto primitives (shared digest 12).

Run from the repository root (pinned versions in requirements.txt):

    pip install -r benches/reference/moo/requirements.txt
    python3 benches/reference/moo/make_fixtures.py

Writes
- crates/globopt-moo/tests/fixtures/moocore_sets.json: 200 point sets with M = 2..5
  (uniform, on the sphere front, on a coarse grid with ties and copies, partly beyond the
  reference), each with moocore's hypervolume, hv_contributions, is_nondominated (with and
  without keep_weakly) and pareto_rank; plus IGD / IGD+ of approximations of a sphere front;
- crates/globopt-moo/tests/fixtures/knobs.csv: a synthetic 3-model knob sweep (guidance and
  filter knobs, three maximized metrics), and knobs_expected.json: per-model front rows and
  hypervolumes at reference (0, 0, 0) with every metric maximized.
Values are rounded to 6 decimals before moocore sees them, so both sides read the same
numbers from the files.
"""

import json
import os

import moocore
import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
OUT = os.path.join(ROOT, "crates", "globopt-moo", "tests", "fixtures")


def point_set(rng, kind, n, m):
    if kind == "uniform":
        return np.round(rng.random((n, m)), 6), 1.0
    if kind == "sphere":
        x = np.abs(rng.normal(size=(n, m)))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return np.round(x, 6), 1.1
    if kind == "coarse":
        return rng.integers(0, 5, size=(n, m)) / 4.0, 1.1
    # "beyond": a share of the points does not dominate the reference
    return np.round(1.3 * rng.random((n, m)), 6), 1.0


def main():
    rng = np.random.default_rng(20240607)
    sets = []
    kinds = ["uniform", "sphere", "coarse", "beyond"]
    for i in range(200):
        m = 2 + i % 4
        kind = kinds[(i // 4) % 4]
        n = int(rng.integers(1, 60))
        pts, r = point_set(rng, kind, n, m)
        ref = [r] * m
        sets.append({
            "m": m,
            "kind": kind,
            "reference": ref,
            "points": pts.tolist(),
            "hypervolume": float(moocore.hypervolume(pts, ref=ref)),
            "contributions": moocore.hv_contributions(pts, ref=ref).tolist(),
            "nondominated": moocore.is_nondominated(pts).tolist(),
            "nondominated_weakly": moocore.is_nondominated(pts, keep_weakly=True).tolist(),
            "ranks": moocore.pareto_rank(pts).tolist(),
        })
    indicators = []
    for i in range(20):
        m = 2 + i % 3
        z = np.abs(rng.normal(size=(50, m)))
        z /= np.linalg.norm(z, axis=1, keepdims=True)
        a = np.abs(rng.normal(size=(int(rng.integers(1, 30)), m)))
        a = a / np.linalg.norm(a, axis=1, keepdims=True) * (1 + 0.3 * rng.random((len(a), 1)))
        z, a = np.round(z, 6), np.round(a, 6)
        indicators.append({
            "approximation": a.tolist(),
            "reference_front": z.tolist(),
            "igd": float(moocore.igd(a, ref=z)),
            "igd_plus": float(moocore.igd_plus(a, ref=z)),
        })
    with open(os.path.join(OUT, "moocore_sets.json"), "w") as f:
        json.dump({
            "generator": "benches/reference/moo/make_fixtures.py",
            "moocore": moocore.__version__ if hasattr(moocore, "__version__") else "0.3.2",
            "sets": sets,
            "indicators": indicators,
        }, f, separators=(",", ":"))

    # a synthetic model x knob sweep: consistency and realism rise with guidance, diversity
    # falls; filtering trades diversity for realism; each model has its own offsets
    rows = []
    for model, (a, b, c) in {"alpha": (0.0, 0.0, 0.0), "beta": (0.05, -0.03, 0.04),
                             "gamma": (-0.04, 0.06, -0.02)}.items():
        for g in [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.5, 10.0]:
            for filt in [0.0, 0.5, 1.0]:
                t = np.log(g) / np.log(10.0)
                cons = 0.55 + 0.35 * t - 0.08 * t * t + a + 0.02 * rng.normal()
                real = 0.40 + 0.30 * t + 0.10 * filt + b + 0.02 * rng.normal()
                div = 0.85 - 0.40 * t - 0.12 * filt + c + 0.02 * rng.normal()
                rows.append((model, g, filt, round(cons, 6), round(real, 6), round(div, 6)))
    with open(os.path.join(OUT, "knobs.csv"), "w") as f:
        f.write("model,guidance,filter,consistency,realism,diversity\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")
    metrics = np.array([r[3:] for r in rows])
    models = np.array([r[0] for r in rows])
    expected = {"reference": [0.0, 0.0, 0.0], "groups": {}}
    for model in ["alpha", "beta", "gamma"]:
        idx = np.flatnonzero(models == model)
        nd = moocore.is_nondominated(metrics[idx], maximise=True)
        expected["groups"][model] = {
            "front": idx[nd].tolist(),
            "hypervolume": float(moocore.hypervolume(metrics[idx], ref=[0, 0, 0], maximise=True)),
        }
    pooled = moocore.is_nondominated(metrics, maximise=True)
    expected["pooled"] = {
        "front": np.flatnonzero(pooled).tolist(),
        "hypervolume": float(moocore.hypervolume(metrics, ref=[0, 0, 0], maximise=True)),
    }
    with open(os.path.join(OUT, "knobs_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
