#!/usr/bin/env python3
"""Side-by-side: globopt-gcs and Drake's GraphOfConvexSets (both on Clarabel) on the same
minimum-length maze instances, in one run; prints costs, medians and time ratios.

Instances: the paper's 50x50 maze fixture, and n x n mazes from globopt's generator
(depth-first maze plus 100 random knock-downs, seed 1) for n in --sizes, written as JSON for
both sides. Each side runs end to end (instance read, graph built, relaxation, rounding with
10 paths / 100 trials, restrictions) --repeat times per round, rounds alternating, after one
warm-up; the figures are medians. Wall time and process CPU time are both reported: on a
shared machine CPU time is the steadier figure.

Run (from the repository root):
    python3 -m venv target-gcs/venv-drake
    target-gcs/venv-drake/bin/pip install -r benches/reference/gcs/requirements.txt
    cargo build --release -p globopt-gcs --example gcs_solve
    target-gcs/venv-drake/bin/python benches/reference/gcs/compare.py --repeat 3 --threads 2
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


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sizes", default="10,20,30,40")
    ap.add_argument("--faer", action="store_true", help="globopt uses the faer linear solver")
    args = ap.parse_args()
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    exe = os.path.join(target, "release", "examples", "gcs_solve")
    tmp = tempfile.mkdtemp(prefix="gcs-bench-")
    instances = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        path = os.path.join(tmp, f"maze{n}.json")
        subprocess.run([exe, "--maze", str(n), "--knock", "100", "--seed", "1", "--write", path], check=True)
        instances.append((f"maze {n}x{n}", path))
    instances.append(("maze 50x50 (fixture)", FIXTURE))

    ours_cmd = [exe, "--repeat", str(args.repeat), "--threads", str(args.threads)]
    if args.faer:
        ours_cmd.append("--faer")
    drake_cmd = [sys.executable, os.path.join(HERE, "gcs_drake.py"), "--repeat", str(args.repeat),
                 "--threads", str(args.threads)]
    rows = []
    for label, path in instances:
        run_json([exe, path])  # warm-up (page cache, lazy loading)
        ours, drake = [], []
        for _ in range(args.rounds):
            ours.append(run_json([ours_cmd[0], path] + ours_cmd[1:]))
            drake.append(run_json(drake_cmd[:2] + [path] + drake_cmd[2:]))
        med = lambda xs, k: statistics.median(x[k] for x in xs)
        o, d = ours[-1], drake[-1]
        row = {
            "instance": label,
            "edges": d["edges"],
            "relax_ours": o["relaxation_cost"], "relax_drake": d["relaxation_cost"],
            "round_ours": o["rounded_cost"], "round_drake": d["rounded_cost"],
            "iters_ours": o["clarabel_iterations"], "iters_drake": d["clarabel_iterations"],
            "wall_ours": med(ours, "total_time_s"), "wall_drake": med(drake, "total_time_s"),
            "cpu_ours": med(ours, "total_cpu_s"), "cpu_drake": med(drake, "total_cpu_s"),
            "clarabel_ours": med(ours, "clarabel_solve_time_s"),
            "clarabel_drake": med(drake, "clarabel_solve_time_s"),
            "rows_ours": o["size"]["rows"],
        }
        rows.append(row)
        print(json.dumps(row), flush=True)

    print()
    print(f"{'instance':22} {'|E|':>6} {'C_relax ours':>14} {'relax_ratio':>12} {'round_ratio':>12} "
          f"{'iters':>7} {'wall ours':>10} {'wall drake':>11} {'wall ratio':>10} {'cpu ratio':>10}")
    for r in rows:
        relax_ratio = r["relax_ours"] / r["relax_drake"] - 1
        round_ratio = r["round_ours"] / r["round_drake"] - 1 if r["round_drake"] else float("nan")
        print(f"{r['instance']:22} {r['edges']:>6} {r['relax_ours']:>14.7f} {relax_ratio:>12.2e} {round_ratio:>12.2e} "
              f"{r['iters_ours']:>3}/{r['iters_drake']:<3} {r['wall_ours']:>10.3f} {r['wall_drake']:>11.3f} "
              f"{r['wall_ours'] / r['wall_drake']:>10.3f} {r['cpu_ours'] / r['cpu_drake']:>10.3f}")


if __name__ == "__main__":
    main()
