#!/usr/bin/env python3
"""OMPL's FMT* (PyPI `ompl`, pinned in requirements.txt) beside globopt's FMT* and GMT* on the
same box worlds (worlds.json), shared digest 13 "Side-by-side benchmark".

Commands (run from the repository root, with `pip install -r benches/reference/sampling/requirements.txt`):

  python benches/reference/sampling/fmt_ompl.py fixture
      OMPL FMT*, n = 1000, seeds 0-9, both worlds: writes
      crates/globopt-sampling/tests/fixtures/ompl_fmt.json with each run's sample set (OMPL's
      own samples, start and goal), radius and path cost; tests/ompl.rs replays the same samples
      with the same radius through globopt's FMT* and compares costs.

  python benches/reference/sampling/fmt_ompl.py bench [--n 1000 2000 5000] [--seeds 10]
      cost and wall-time medians: OMPL FMT* (its own samples), globopt FMT* on OMPL's samples
      and radius (cost parity), globopt FMT* and GMT* (threads = 2) on their own samples;
      prints cost_ratio = ours_FMT/OMPL_FMT, gmt_excess, speedup = t(OMPL FMT)/t(ours GMT).

Settings on the OMPL side: FMT with radius_multiplier 2 (the paper's eta = 0), nearest_k off,
cache_cc on, heuristics off, extended_fmt off, PathLengthOptimizationObjective, no path
simplification, state validity = the same closed-box test, motion-check resolution 0.001 of
the extent (globopt's segment test is exact). OMPL's generator can be seeded once per process,
so each seed runs in its own process. OMPL's state validity checker is a Python callback: the
script counts its calls and times them so that the OMPL time can also be shown net of the
callback overhead.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIXTURE = os.path.join(ROOT, "crates", "globopt-sampling", "tests", "fixtures", "ompl_fmt.json")
WORLDS = json.load(open(os.path.join(HERE, "worlds.json")))
PLAN_RUNS = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "examples", "plan_runs")


def one_run(world_name, seed, n):
    """One OMPL FMT* run in this process; returns a dict (samples included)."""
    from ompl import base as ob, geometric as og, util as ou
    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    handler = ou.OutputHandlerFile(log)
    ou.useOutputHandler(handler)
    ou.setLogLevel(ou.LOG_DEBUG)
    ou.RNG.setSeed(seed + 1)
    w = WORLDS[world_name]
    lo, hi = w["world"]["bounds"]
    obstacles = w["world"]["obstacles"]
    d = len(lo)
    calls = [0]

    def valid(s):
        calls[0] += 1
        for (olo, ohi) in obstacles:
            inside = True
            for k in range(d):
                v = s[k]
                if v < olo[k] or v > ohi[k]:
                    inside = False
                    break
            if inside:
                return False
        return True

    space = ob.RealVectorStateSpace(d)
    b = ob.RealVectorBounds(d)
    for k in range(d):
        b.setLow(k, lo[k])
        b.setHigh(k, hi[k])
    space.setBounds(b)
    si = ob.SpaceInformation(space)
    si.setStateValidityChecker(valid)
    si.setStateValidityCheckingResolution(0.001)
    si.setup()
    pdef = ob.ProblemDefinition(si)
    s = space.allocState()
    g = space.allocState()
    for k in range(d):
        s[k] = w["start"][k]
        g[k] = w["goal"][k]
    pdef.setStartAndGoalStates(s, g)
    pdef.setOptimizationObjective(ob.PathLengthOptimizationObjective(si))
    planner = og.FMT(si)
    planner.setNumSamples(n)
    planner.setNearestK(False)
    planner.setRadiusMultiplier(2.0)
    planner.setCacheCC(True)
    planner.setHeuristics(False)
    planner.setExtendedFMT(False)
    planner.setProblemDefinition(pdef)
    planner.setup()
    t0 = time.perf_counter()
    status = planner.solve(60.0)
    total = time.perf_counter() - t0
    solved = bool(pdef.hasExactSolution())
    cost = pdef.getSolutionPath().length() if solved else None
    # time of the same number of validity callbacks, called from Python
    state = space.allocState()
    t1 = time.perf_counter()
    for _ in range(calls[0]):
        valid(state)
    callback_s = time.perf_counter() - t1
    radius = None
    for line in open(log):
        if "Using radius of" in line:
            radius = float(line.split("Using radius of")[1])
    data = ob.PlannerData(si)
    planner.getPlannerData(data)
    samples = []
    for i in range(data.numVertices()):
        st = data.getVertex(i).getState()
        samples.append([float(st[k]) for k in range(d)])
    return {"world": world_name, "seed": seed, "n": n, "status": str(status), "cost": cost,
            "radius": radius, "time_s": total, "validity_calls": calls[0],
            "callback_s": callback_s, "samples": samples}


def run_in_subprocess(world_name, seed, n, keep_samples):
    out = subprocess.run([sys.executable, __file__, "one", world_name, str(seed), str(n)],
                         capture_output=True, text=True, check=True)
    line = [l for l in out.stdout.splitlines() if l.startswith("{")][-1]
    r = json.loads(line)
    if not keep_samples:
        r.pop("samples")
    return r


def ordered(samples, start, goal):
    """Start first, goal last, the rest in OMPL's order."""
    rest = [p for p in samples if p != start and p != goal]
    return [start] + rest + [goal]


def ours(world_name, n, seeds, planner, threads, radius=None, replay=None):
    w = WORLDS[world_name]
    req = {"world": w["world"], "start": w["start"], "goal": w["goal"], "n": n, "seeds": seeds,
           "planner": planner, "lambda": 0.5, "threads": threads, "radius_factor": 2.0,
           "radius": radius, "replay": replay}
    out = subprocess.run([PLAN_RUNS], input=json.dumps(req), capture_output=True, text=True, check=True)
    return [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def fixture():
    runs = []
    for world_name in WORLDS:
        for seed in range(10):
            r = run_in_subprocess(world_name, seed, 1000, keep_samples=True)
            w = WORLDS[world_name]
            r["samples"] = [[round(v, 15) for v in p] for p in ordered(r["samples"], w["start"], w["goal"])]
            runs.append(r)
            print(f"{world_name} seed {seed}: cost {r['cost']:.6f} radius {r['radius']:.6f}", file=sys.stderr)
    from importlib.metadata import version
    doc = {"generated_by": "benches/reference/sampling/fmt_ompl.py fixture",
           "ompl_version": version("ompl"),
           "settings": "FMT, num_samples 1000, radius_multiplier 2, nearest_k off, cache_cc on, heuristics off, extended_fmt off, validity resolution 0.001, no simplification",
           "worlds": WORLDS, "runs": runs}
    with open(FIXTURE, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print(f"wrote {FIXTURE}")


def bench(ns, nseeds):
    results = []
    for world_name in WORLDS:
        w = WORLDS[world_name]
        for n in ns:
            seeds = list(range(nseeds))
            om = [run_in_subprocess(world_name, s, n, keep_samples=True) for s in seeds]
            replay = [ordered(r["samples"], w["start"], w["goal"]) for r in om]
            parity = ours(world_name, n, seeds, "fmt", 2, radius=[r["radius"] for r in om], replay=replay)
            fmt = ours(world_name, n, seeds, "fmt", 2)
            gmt = ours(world_name, n, seeds, "gmt", 2)
            gmt1 = ours(world_name, n, seeds, "gmt", 1)
            row = {
                "world": world_name, "n": n, "seeds": nseeds,
                "ompl_cost_median": median([r["cost"] for r in om]),
                "ompl_time_median_s": median([r["time_s"] for r in om]),
                "ompl_time_net_of_callbacks_median_s": median([r["time_s"] - r["callback_s"] for r in om]),
                "ompl_success": sum(r["cost"] is not None for r in om) / nseeds,
                "parity_cost_ratio_median": median([p["cost"] / r["cost"] for p, r in zip(parity, om) if p["cost"] and r["cost"]]),
                "ours_fmt_cost_median": median([r["cost"] for r in fmt]),
                "ours_gmt_cost_median": median([r["cost"] for r in gmt]),
                "ours_fmt_time_median_s": median([r["total_s"] for r in fmt]),
                "ours_gmt_time_median_s": median([r["total_s"] for r in gmt]),
                "ours_gmt_1thread_time_median_s": median([r["total_s"] for r in gmt1]),
                "ours_gmt_planning_median_s": median([r["planning_s"] for r in gmt]),
            }
            row["cost_ratio"] = row["ours_fmt_cost_median"] / row["ompl_cost_median"]
            row["gmt_excess"] = row["ours_gmt_cost_median"] / row["ours_fmt_cost_median"] - 1
            row["speedup"] = row["ompl_time_median_s"] / row["ours_gmt_time_median_s"]
            row["speedup_net_of_callbacks"] = row["ompl_time_net_of_callbacks_median_s"] / row["ours_gmt_time_median_s"]
            results.append(row)
            print(json.dumps(row))
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "bench"
    if cmd == "one":
        r = one_run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps(r))
        sys.stdout.flush()
        os._exit(0)  # skip the bindings' teardown noise
    elif cmd == "fixture":
        fixture()
    else:
        ns = [1000, 2000, 5000]
        nseeds = 10
        if "--n" in sys.argv:
            i = sys.argv.index("--n") + 1
            ns = []
            while i < len(sys.argv) and not sys.argv[i].startswith("--"):
                ns.append(int(sys.argv[i]))
                i += 1
        if "--seeds" in sys.argv:
            nseeds = int(sys.argv[sys.argv.index("--seeds") + 1])
        bench(ns, nseeds)
