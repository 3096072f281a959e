#!/usr/bin/env python3
"""Drake's GcsTrajectoryOptimization on a region JSON instance (globopt-gcs format), set up
exactly as globopt-gcs's trajectory planner in model D ("bezier", one duration per region):

- AddRegions(regions, explicit edge list, order, h_min, h_max) (never Drake's auto edges);
- start and goal as order-0 Point subgraphs, joined by explicit edges to the regions that
  contain them (closed membership, tolerance 1e-7);
- AddTimeCost(time weight), AddPathLengthCost(length weight) when positive,
  AddVelocityBounds(-vmax, vmax) per axis, AddPathContinuityConstraints(j) for j = 1..continuity;
- ClarabelSolver set explicitly with tol_gap_abs = tol_gap_rel = tol_feas = 1e-8 and
  max_iter = 200 (as globopt), preprocessing off, rounding 10 paths, 100 trials, flow tolerance
  1e-5, seed 0.

Prints one JSON object: the relaxation cost and time (SolveShortestPath on the underlying
graph with rounding off), the rounded cost and the end-to-end wall time of SolvePath with
rounding (graph construction included, Python start-up and imports excluded), Clarabel's
iterations and solve time.

Run (from the repository root):
    python3 -m venv target-gcs/venv-drake
    target-gcs/venv-drake/bin/pip install -r benches/reference/gcs/requirements.txt
    target-gcs/venv-drake/bin/python benches/reference/gcs/trajectory_drake.py \
        crates/globopt-gcs/tests/fixtures/maze50_seed4.json --order 3 --continuity 1 \
        --vmax 1 --h-min 1e-3 --h-max 20 --time 1 --length 0
"""

import argparse
import json
import statistics
import time

import numpy as np
from pydrake.common import Parallelism
from pydrake.geometry.optimization import GraphOfConvexSetsOptions, HPolyhedron, Point
from pydrake.planning import GcsTrajectoryOptimization
from pydrake.solvers import ClarabelSolver, SolverOptions

TOL = 1e-8


def region_set(spec):
    if isinstance(spec, list):
        lo, hi = np.array(spec[0], float), np.array(spec[1], float)
        return HPolyhedron.MakeBox(lo, hi)
    return HPolyhedron(np.array(spec["A"], float), np.array(spec["b"], float))


def contains(spec, x, tol=1e-7):
    if isinstance(spec, list):
        return bool(np.all(x >= np.array(spec[0]) - tol) and np.all(x <= np.array(spec[1]) + tol))
    a, b = np.array(spec["A"], float), np.array(spec["b"], float)
    return bool(np.all(a @ x <= b + tol * np.linalg.norm(a, axis=1)))


def build(inst, args):
    n = len(inst["start"])
    start, goal = np.array(inst["start"], float), np.array(inst["goal"], float)
    gcs = GcsTrajectoryOptimization(n)
    sets = [region_set(r) for r in inst["regions"]]
    edges = [tuple(e) for e in inst["edges"]]
    regions = gcs.AddRegions(sets, edges, args.order, args.h_min, args.h_max, "regions")
    source = gcs.AddRegions([Point(start)], [], 0, 0.0, 20.0, "start")
    target = gcs.AddRegions([Point(goal)], [], 0, 0.0, 20.0, "goal")
    starts = [(0, i) for i, r in enumerate(inst["regions"]) if contains(r, start)]
    goals = [(i, 0) for i, r in enumerate(inst["regions"]) if contains(r, goal)]
    gcs.AddEdges(source, regions, edges_between_regions=starts)
    gcs.AddEdges(regions, target, edges_between_regions=goals)
    if args.time > 0:
        gcs.AddTimeCost(args.time)
    if args.length > 0:
        gcs.AddPathLengthCost(args.length)
    gcs.AddVelocityBounds(np.full(n, -args.vmax), np.full(n, args.vmax))
    for j in range(1, args.continuity + 1):
        gcs.AddPathContinuityConstraints(j)
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
    ap.add_argument("--order", type=int, default=3)
    ap.add_argument("--continuity", type=int, default=1)
    ap.add_argument("--vmax", type=float, default=1.0)
    ap.add_argument("--h-min", type=float, default=1e-3)
    ap.add_argument("--h-max", type=float, default=20.0)
    ap.add_argument("--time", type=float, default=1.0)
    ap.add_argument("--length", type=float, default=0.0)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    with open(args.instance) as f:
        inst = json.load(f)

    relax_times, total_times = [], []
    relax_cost = rounded_cost = iterations = clarabel_time = total_time = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        gcs, s, t = build(inst, args)
        g = gcs.graph_of_convex_sets()
        res = g.SolveShortestPath(s.Vertices()[0], t.Vertices()[0], options(0, args.threads))
        relax_times.append(time.perf_counter() - t0)
        relax_cost = res.get_optimal_cost()
        det = res.get_solver_details()
        iterations, clarabel_time = int(det.iterations), float(det.solve_time)
        relax_status = str(res.get_solution_result())

        t0 = time.perf_counter()
        gcs, s, t = build(inst, args)
        traj, res = gcs.SolvePath(s, t, options(10, args.threads))
        total_times.append(time.perf_counter() - t0)
        if res.is_success():
            rounded_cost = res.get_optimal_cost()
            total_time = traj.end_time() - traj.start_time()

    print(json.dumps({
        "solver": "drake 1.51.1 GcsTrajectoryOptimization + clarabel",
        "edges": len(inst["edges"]),
        "relaxation_cost": relax_cost,
        "relaxation_status": relax_status,
        "rounded_cost": rounded_cost,
        "total_time": total_time,
        "clarabel_iterations": iterations,
        "clarabel_solve_time_s": clarabel_time,
        "relaxation_time_s": statistics.median(relax_times),
        "total_time_s": statistics.median(total_times),
        "repeat": args.repeat,
    }))


if __name__ == "__main__":
    main()
