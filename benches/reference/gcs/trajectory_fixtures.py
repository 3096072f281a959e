#!/usr/bin/env python3
"""Write the Drake reference costs of small trajectory instances to
crates/globopt-gcs/tests/fixtures/drake_trajectory.json (read by tests/trajectory.rs).

Each instance is solved by trajectory_drake.py's setup (Drake GcsTrajectoryOptimization +
Clarabel, tolerances 1e-8, preprocessing off, 10 rounded paths, 100 trials, seed 0): the
relaxation cost (rounding off) and the rounded cost. Instances: the 3x3 ring of unit cells
(grid3_centre_removed.json) and two buildings of globopt's generator written with explicit
edges (building0.json, building1.json, from
`cargo run --release -p globopt-gcs --example trajectory_solve -- --building SEED --write ...`).

Run (from the repository root, with the venv of trajectory_drake.py):
    target-gcs/venv-drake/bin/python benches/reference/gcs/trajectory_fixtures.py
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from trajectory_drake import build, options  # noqa: E402

FIXTURES = "crates/globopt-gcs/tests/fixtures"
CASES = [
    ("ring_order3_c1", "grid3_centre_removed.json",
     dict(order=3, continuity=1, vmax=1.0, h_min=1e-3, h_max=20.0, time=1.0, length=0.0)),
    ("ring_order5_c2_length", "grid3_centre_removed.json",
     dict(order=5, continuity=2, vmax=1.0, h_min=1e-3, h_max=20.0, time=1.0, length=1.0)),
    ("building0_order5_c2", "building0.json",
     dict(order=5, continuity=2, vmax=10.0, h_min=1e-3, h_max=20.0, time=1.0, length=1.0)),
    ("building1_order3_c1", "building1.json",
     dict(order=3, continuity=1, vmax=10.0, h_min=1e-3, h_max=20.0, time=1.0, length=0.0)),
]


def main():
    out = {"generator": "drake 1.51.1 GcsTrajectoryOptimization + Clarabel "
                        "(benches/reference/gcs/trajectory_fixtures.py)"}
    for key, name, settings in CASES:
        with open(os.path.join(FIXTURES, name)) as f:
            inst = json.load(f)
        args = argparse.Namespace(**settings)
        gcs, s, t = build(inst, args)
        g = gcs.graph_of_convex_sets()
        relax = g.SolveShortestPath(s.Vertices()[0], t.Vertices()[0], options(0, 1)).get_optimal_cost()
        gcs, s, t = build(inst, args)
        _, res = gcs.SolvePath(s, t, options(10, 1))
        out[key] = {"instance": name, **settings, "relaxation_cost": relax,
                    "rounded_cost": res.get_optimal_cost()}
        print(key, relax, res.get_optimal_cost())
    with open(os.path.join(FIXTURES, "drake_trajectory.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
