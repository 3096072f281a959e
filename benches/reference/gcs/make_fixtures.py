#!/usr/bin/env python3
"""Write the Drake reference costs of the GCS test instances to
crates/globopt-gcs/tests/fixtures/drake_reference.json (read by tests/small_exact.rs).

Each instance is solved by gcs_drake.py's transcription (Drake GraphOfConvexSets + Clarabel,
tolerances 1e-8, preprocessing off, 10 rounded paths, 100 trials, seed 0).

Run (from the repository root, with the venv of gcs_drake.py):
    target-gcs/venv-drake/bin/python benches/reference/gcs/make_fixtures.py
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gcs_drake import build, options  # noqa: E402

FIXTURES = "crates/globopt-gcs/tests/fixtures"
INSTANCES = ["grid3_centre_removed.json", "grid4_three_removed.json", "maze50_seed4.json"]


def main():
    out = {"generator": "drake 1.51.1 GraphOfConvexSets + Clarabel (benches/reference/gcs/make_fixtures.py)"}
    for name in INSTANCES:
        with open(os.path.join(FIXTURES, name)) as f:
            inst = json.load(f)
        gcs, s, t = build(inst)
        relax = gcs.SolveShortestPath(s, t, options(0, 1)).get_optimal_cost()
        gcs, s, t = build(inst)
        rounded = gcs.SolveShortestPath(s, t, options(10, 1)).get_optimal_cost()
        out[name] = {"relaxation_cost": relax, "rounded_cost": rounded}
        print(name, relax, rounded)
    with open(os.path.join(FIXTURES, "drake_reference.json"), "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
