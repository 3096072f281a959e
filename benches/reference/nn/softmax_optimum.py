"""Optimum of unregularized softmax regression on globopt-nn's 10-class Gaussian mixture,
from two independent solvers (scipy L-BFGS-B with tight tolerances, and scikit-learn's
multinomial LogisticRegression without penalty).

Run from the repository root (pinned versions in requirements.txt):

    cargo run -p globopt-nn --example export_mixture > /tmp/mixture10.json
    python3 benches/reference/nn/softmax_optimum.py /tmp/mixture10.json

Writes crates/globopt-nn/tests/fixtures/softmax_mixture10.json: the data, the optimal mean
cross-entropy from each solver, and scipy's weights (10 x 5, rows = classes) and biases.
"""

import json
import pathlib
import sys

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from scipy.special import logsumexp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

OUT = pathlib.Path("crates/globopt-nn/tests/fixtures/softmax_mixture10.json")


def main():
    data = json.loads(pathlib.Path(sys.argv[1]).read_text())
    x = np.array(data["x"], dtype=np.float64)
    y = np.array(data["y"], dtype=np.int64)
    n, d = x.shape
    k = data["classes"]
    onehot = np.eye(k)[y]

    def loss_grad(p):
        w, b = p[: k * d].reshape(k, d), p[k * d:]
        f = x @ w.T + b
        lse = logsumexp(f, axis=1)
        loss = np.mean(lse - f[np.arange(n), y])
        r = (np.exp(f - lse[:, None]) - onehot) / n
        return loss, np.concatenate([(r.T @ x).ravel(), r.sum(axis=0)])

    res = minimize(loss_grad, np.zeros(k * (d + 1)), jac=True, method="L-BFGS-B",
                   options={"maxiter": 100000, "maxfun": 100000, "ftol": 1e-16, "gtol": 1e-12})
    scipy_loss, grad = loss_grad(res.x)

    clf = LogisticRegression(C=np.inf, solver="lbfgs", tol=1e-12, max_iter=100000)
    clf.fit(x, y)
    sk_loss = log_loss(y, clf.predict_proba(x), labels=list(range(k)))

    print(f"scipy L-BFGS-B: loss {scipy_loss:.15f}, |grad| {np.linalg.norm(grad):.2e}, {res.nit} iterations")
    print(f"scikit-learn:   loss {sk_loss:.15f}")
    out = {
        "generator": {key: data[key] for key in ("classes", "dim", "n_per_class", "separation", "std", "seed")},
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__},
        "scipy_loss": scipy_loss,
        "scipy_gradient_norm": float(np.linalg.norm(grad)),
        "sklearn_loss": sk_loss,
        "optimal_loss": min(scipy_loss, sk_loss),
        "weights": res.x[: k * d].reshape(k, d).tolist(),
        "biases": res.x[k * d:].tolist(),
        "x": data["x"],
        "y": data["y"],
    }
    OUT.write_text(json.dumps(out) + "\n")


if __name__ == "__main__":
    main()
