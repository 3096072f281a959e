"""Reference trajectories of CBXpy without noise, for globopt-swarm's fixture test.

With sigma = 0 the CBO step x <- x - lambda*dt*(x - c) is deterministic given the initial
particles, so globopt must reproduce CBXpy's consensus points, alpha values, best energies and
final particles to rounding. The script draws the initial swarm with numpy, runs CBXpy 1.0.4
with the default (x1.05) and the effective-sample-size schedulers, and writes the JSON fixture.

Command (from the repository root):
    pip install -r benches/reference/cbo/requirements.txt
    python3 benches/reference/cbo/make_fixtures.py crates/globopt-swarm/tests/fixtures/cbx_sigma0.json
"""
import json
import sys

import numpy as np
from cbx.dynamics import CBO
from cbx.objectives import Ackley, Rastrigin
from cbx.scheduler import effective_sample_size, multiply, scheduler


def trajectory(f, name, x0, alpha, sched_name, iterations, noise):
    M, N, d = x0.shape
    dyn = CBO(f, f_dim="3D", x=x0.copy(), M=M, N=N, d=d, max_it=iterations, alpha=alpha,
              sigma=0.0, lamda=1.0, dt=0.01, noise=noise, verbosity=0, seed=0)
    sched = (scheduler([multiply(name="alpha", factor=1.05)]) if sched_name == "multiply"
             else effective_sample_size())
    steps = []
    while not dyn.terminate():
        dyn.step()
        sched.update(dyn)
        steps.append({
            "consensus": dyn.consensus[:, 0, :].tolist(),
            "alpha": dyn.alpha[:, 0].tolist(),
            "best_energy": dyn.best_energy.tolist(),
        })
    return {
        "function": name,
        "schedule": sched_name,
        "noise": noise,
        "alpha0": alpha,
        "iterations": iterations,
        "x0": x0.tolist(),
        "steps": steps,
        "x_final": dyn.x.tolist(),
        "best_particle": dyn.best_particle.tolist(),
    }


def main(out):
    rng = np.random.default_rng(20240601)
    cases = [
        trajectory(Rastrigin(), "rastrigin:5", rng.uniform(-3, 3, (3, 20, 5)), 30.0,
                   "multiply", 60, "anisotropic"),
        trajectory(Ackley(), "ackley:4", rng.uniform(-3, 3, (2, 16, 4)), 1.0,
                   "effective", 40, "isotropic"),
    ]
    with open(out, "w") as fh:
        json.dump({"generator": "cbx 1.0.4, sigma = 0, lambda = 1, dt = 0.01",
                   "cases": cases}, fh)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "cbx_sigma0.json")
