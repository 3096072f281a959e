#!/usr/bin/env python3
"""Drake's GraphOfConvexSets on a maze/region JSON instance (globopt-gcs format).

Solves the minimum-length piecewise-linear path exactly as globopt-gcs transcribes it:
one point vertex per region (x_v in Q_v), an L2 edge cost ||x_v - x_u||, the edge constraint
x_v in Q_u, a Point source at `start` with edges to every region containing it, and a Point
target at `goal` with edges from every region containing it. Explicit edge lists are used
(never Drake's auto-intersection). Clarabel is set explicitly with the same tolerances as
globopt (tol_gap_abs = tol_gap_rel = tol_feas = 1e-8, max_iter = 200), preprocessing is off,
rounding uses 10 paths, 100 trials, flow tolerance 1e-5, seed 0.

Prints one JSON object: the relaxation cost and time (a solve with rounding off), the rounded
cost and the end-to-end wall and process CPU time of SolveShortestPath with rounding (graph
construction included, Python start-up and imports excluded), and Clarabel's details.

Run (from the repository root):
    python3 -m venv target-gcs/venv-drake
    target-gcs/venv-drake/bin/pip install -r benches/reference/gcs/requirements.txt
    target-gcs/venv-drake/bin/python benches/reference/gcs/gcs_drake.py \
        crates/globopt-gcs/tests/fixtures/maze50_seed4.json --repeat 3
"""

import argparse
import json
import statistics
import time

import numpy as np
import pydrake
from pydrake.common import Parallelism
from pydrake.geometry.optimization import (
    GraphOfConvexSets,
    GraphOfConvexSetsOptions,
    HPolyhedron,
    Point,
)
from pydrake.solvers import (
    Binding,
    BoundingBoxConstraint,
    ClarabelSolver,
    Constraint,
    Cost,
    L2NormCost,
    LinearConstraint,
    SolverOptions,
)

TOL = 1e-8


def region_set(spec):
    if isinstance(spec, list):
        lo, hi = np.array(spec[0], float), np.array(spec[1], float)
        return HPolyhedron.MakeBox(lo, hi), ("box", lo, hi)
    a, b = np.array(spec["A"], float), np.array(spec["b"], float)
    return HPolyhedron(a, b), ("poly", a, b)


def contains(desc, x, tol=1e-7):
    if desc[0] == "box":
        return bool(np.all(x >= desc[1] - tol) and np.all(x <= desc[2] + tol))
    return bool(np.all(desc[1] @ x <= desc[2] + tol))


def head_in_set(edge, desc):
    if desc[0] == "box":
        c = BoundingBoxConstraint(desc[1], desc[2])
    else:
        c = LinearConstraint(desc[1], np.full(len(desc[2]), -np.inf), desc[2])
    edge.AddConstraint(Binding[Constraint](c, edge.xv()))


def build(inst):
    n = len(inst["start"])
    gcs = GraphOfConvexSets()
    sets = [region_set(r) for r in inst["regions"]]
    verts = [gcs.AddVertex(s, f"r{i}") for i, (s, _) in enumerate(sets)]
    start, goal = np.array(inst["start"], float), np.array(inst["goal"], float)
    source = gcs.AddVertex(Point(start), "start")
    target = gcs.AddVertex(Point(goal), "goal")
    cost = L2NormCost(np.hstack([-np.eye(n), np.eye(n)]), np.zeros(n))

    def connect(u, v, tail_desc):
        e = gcs.AddEdge(u, v)
        e.AddCost(Binding[Cost](cost, np.concatenate([e.xu(), e.xv()])))
        head_in_set(e, tail_desc)

    for i, j in inst["edges"]:
        connect(verts[i], verts[j], sets[i][1])
    point_desc = ("box", start, start)
    for i, (_, d) in enumerate(sets):
        if contains(d, start):
            connect(source, verts[i], point_desc)
    for i, (_, d) in enumerate(sets):
        if contains(d, goal):
            connect(verts[i], target, d)
    return gcs, source, target


def options(rounded_paths, threads):
    opts = GraphOfConvexSetsOptions()
    opts.convex_relaxation = True
    opts.preprocessing = False
    opts.max_rounded_paths = rounded_paths
    opts.max_rounding_trials = 100
    opts.flow_tolerance = 1e-5
    opts.rounding_seed = 0
    opts.parallelism = Parallelism(threads)
    opts.solver = ClarabelSolver()
    so = SolverOptions()
    for key in ("tol_gap_abs", "tol_gap_rel", "tol_feas"):
        so.SetOption(ClarabelSolver.id(), key, TOL)
    so.SetOption(ClarabelSolver.id(), "max_iter", 200)
    opts.solver_options = so
    opts.restriction_solver = ClarabelSolver()
    opts.restriction_solver_options = so
    return opts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("instance")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    with open(args.instance) as f:
        inst = json.load(f)

    relax_times, total_times, total_cpu = [], [], []
    relax_cost = rounded_cost = None
    iterations = clarabel_time = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        gcs, s, t = build(inst)
        res = gcs.SolveShortestPath(s, t, options(0, args.threads))
        relax_times.append(time.perf_counter() - t0)
        relax_cost = res.get_optimal_cost()
        det = res.get_solver_details()
        iterations, clarabel_time = int(det.iterations), float(det.solve_time)
        relax_status = str(res.get_solution_result())

        t0, c0 = time.perf_counter(), time.process_time()
        gcs, s, t = build(inst)
        res = gcs.SolveShortestPath(s, t, options(10, args.threads))
        total_times.append(time.perf_counter() - t0)
        total_cpu.append(time.process_time() - c0)
        rounded_cost = res.get_optimal_cost() if res.is_success() else None

    print(json.dumps({
        "solver": f"drake {pydrake.__version__ if hasattr(pydrake, '__version__') else '1.51.1'} + clarabel",
        "vertices": len(inst["regions"]) + 2,
        "edges": len(inst["edges"]),
        "relaxation_cost": relax_cost,
        "relaxation_status": relax_status,
        "rounded_cost": rounded_cost,
        "clarabel_iterations": iterations,
        "clarabel_solve_time_s": clarabel_time,
        "relaxation_time_s": statistics.median(relax_times),
        "total_time_s": statistics.median(total_times),
        "total_cpu_s": statistics.median(total_cpu),
        "repeat": args.repeat,
    }))


if __name__ == "__main__":
    main()
