"""Forward + backward of a 784-256-256-10 ReLU MLP, batch 256, softmax cross-entropy:
globopt-nn (faer, f64) against PyTorch CPU (f64 and f32) on the same machine, in one run.

Run from the repository root:

    pip install -r benches/reference/nn/requirements.txt
    python3 benches/reference/nn/bench_mlp.py [--repeats 200] [--rounds 3]

It builds and runs `cargo run --release -p globopt-nn --example mlp_timing`, times PyTorch
the same way (median over repeats, after 5 warm-up calls), alternating the two for
`--rounds` rounds, and prints medians and ratios. With one thread the process CPU time is
the figure to read on a shared machine; with two threads, the wall-clock time.
"""

import argparse
import json
import os
import statistics
import subprocess
import time

import torch


def torch_timing(threads, dtype, repeats):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10),
    ).to(dtype)
    x = torch.randn(256, 784, dtype=dtype)
    y = torch.randint(0, 10, (256,))
    loss_fn = torch.nn.CrossEntropyLoss()
    wall, cpu = [], []
    for r in range(repeats + 5):
        t, c = time.perf_counter(), time.process_time()
        model.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        if r >= 5:
            cpu.append((time.process_time() - c) * 1e3)
            wall.append((time.perf_counter() - t) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def globopt_timing(threads, repeats):
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "globopt-nn", "--example", "mlp_timing", "--",
         str(threads), str(repeats)],
        check=True, capture_output=True, text=True,
    ).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["median_wall_ms"], r["median_cpu_ms"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "globopt-nn", "--example", "mlp_timing"], check=True)
    print(f"torch {torch.__version__}, CPU capability {torch.backends.cpu.get_cpu_capability()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    results = {}
    for _ in range(args.rounds):
        for threads in (1, 2):
            for name, fn in (("globopt f64", lambda: globopt_timing(threads, args.repeats)),
                             ("torch f64", lambda: torch_timing(threads, torch.float64, args.repeats)),
                             ("torch f32", lambda: torch_timing(threads, torch.float32, args.repeats))):
                results.setdefault((name, threads), []).append(fn())
    print(f"{'impl':<12} {'threads':>7} {'wall ms':>9} {'cpu ms':>9}  (median of round medians)")
    summary = {}
    for (name, threads), runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        summary[(name, threads)] = (wall, cpu)
        print(f"{name:<12} {threads:>7} {wall:9.3f} {cpu:9.3f}")
    for threads, idx, label in ((1, 1, "cpu"), (2, 0, "wall")):
        g = summary[("globopt f64", threads)][idx]
        for ref in ("torch f64", "torch f32"):
            t = summary[(ref, threads)][idx]
            print(f"ratio globopt/{ref}, {threads} thread(s), {label} time: {g / t:.2f}")


if __name__ == "__main__":
    main()
