#!/usr/bin/env python3
"""Side-by-side: globopt-gcs's trajectory planner (model D) and Drake's
GcsTrajectoryOptimization (both on Clarabel, same tolerances, rounding 10 paths / 100 trials,
preprocessing off) on the same instances, in one run; prints costs, medians and time ratios.

Instances:
- the paper's 50x50 maze fixture: order 3, |v| <= 1 per axis, C1, h in [1e-3, 20], minimum time
  (digest 01: relaxation 200.2577, rounded 201.1687);
- 5 seeded 3x3-room buildings from globopt's generator (seeds 0-4, edges written explicitly):
  order 5, C2, |v| <= 10 m/s per axis, h in [1e-3, 20], cost time + length. (The paper's own
  building setting is the time-scaling model P, which Drake does not have.)

Each side runs end to end (instance read, graph built, relaxation, rounding, restrictions)
--repeat times per round, rounds alternating, after one warm-up; the figures are medians of
wall time.

Run (from the repository root):
    python3 -m venv target-gcs/venv-drake
    target-gcs/venv-drake/bin/pip install -r benches/reference/gcs/requirements.txt
    cargo build --release -p globopt-gcs --example trajectory_solve
    target-gcs/venv-drake/bin/python benches/reference/gcs/trajectory_compare.py --repeat 1 --rounds 2
(set CARGO_TARGET_DIR if the build used another target directory)
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = "crates/globopt-gcs/tests/fixtures/maze50_seed4.json"
MAZE = ["--order", "3", "--continuity", "1", "--vmax", "1", "--h-min", "1e-3", "--h-max", "20",
        "--time", "1", "--length", "0"]
BUILDING = ["--order", "5", "--continuity", "2", "--vmax", "10", "--h-min", "1e-3", "--h-max", "20",
            "--time", "1", "--length", "1"]


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--buildings", type=int, default=5)
    ap.add_argument("--no-maze", action="store_true")
    ap.add_argument("--faer", action="store_true", help="globopt uses the faer linear solver")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    exe = os.path.join(target, "release", "examples", "trajectory_solve")
    tmp = tempfile.mkdtemp(prefix="gcs-traj-bench-")
    instances = [] if args.no_maze else [("maze 50x50 (fixture)", FIXTURE, MAZE)]
    for seed in range(args.buildings):
        path = os.path.join(tmp, f"building{seed}.json")
        subprocess.run([exe, "--building", str(seed), "--write", path], check=True)
        instances.append((f"building seed {seed}", path, BUILDING))

    common = ["--repeat", str(args.repeat), "--threads", str(args.threads)]
    ours_extra = ["--faer"] if args.faer else []
    rows = []
    for label, path, settings in instances:
        run_json([exe, path] + settings)  # warm-up
        ours, drake = [], []
        for _ in range(args.rounds):
            ours.append(run_json([exe, path] + settings + common + ours_extra))
            drake.append(run_json([sys.executable, os.path.join(HERE, "trajectory_drake.py"), path]
                                  + settings + common))
        med = lambda xs, k: statistics.median(x[k] for x in xs)
        o, d = ours[-1], drake[-1]
        row = {
            "instance": label,
            "edges": d["edges"],
            "relax_ours": o["relaxation_cost"], "relax_drake": d["relaxation_cost"],
            "round_ours": o["rounded_cost"], "round_drake": d["rounded_cost"],
            "iters_ours": o["clarabel_iterations"], "iters_drake": d["clarabel_iterations"],
            "wall_ours": med(ours, "total_time_s"), "wall_drake": med(drake, "total_time_s"),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)

    print()
    print(f"{'instance':22} {'|E|':>6} {'C_relax ours':>13} {'C_round ours':>13} {'relax_ratio':>12} "
          f"{'round_ratio':>12} {'iters':>7} {'wall ours':>10} {'wall drake':>11} {'ratio':>7}")
    for r in rows:
        relax_ratio = r["relax_ours"] / r["relax_drake"] - 1
        round_ratio = r["round_ours"] / r["round_drake"] - 1 if r["round_drake"] else float("nan")
        print(f"{r['instance']:22} {r['edges']:>6} {r['relax_ours']:>13.6f} {r['round_ours']:>13.6f} "
              f"{relax_ratio:>12.2e} {round_ratio:>12.2e} {r['iters_ours']:>3}/{r['iters_drake']:<3} "
              f"{r['wall_ours']:>10.3f} {r['wall_drake']:>11.3f} {r['wall_ours'] / r['wall_drake']:>7.3f}")


if __name__ == "__main__":
    main()
