"""PyTorch-written fixtures for globopt-nn's tests.

Run from the repository root (pinned versions in requirements.txt):

    python3 benches/reference/nn/torch_fixtures.py

Writes, under crates/globopt-nn/tests/fixtures/:
  * torch_mlp_f64.safetensors, torch_mlp_f32.safetensors: the state_dict of
    nn.Sequential(Linear(3, 5), Tanh(), Linear(5, 4), ReLU(), Linear(4, 2)) in float64 and
    float32, saved with safetensors.torch.save_file (names 0.weight, 0.bias, 2.weight, ...);
  * torch_mlp.json: the same parameters as JSON lists, a batch of inputs and PyTorch's
    outputs on it for both precisions;
  * torch_optim.json: ten steps of torch.optim SGD (momentum, dampening, Nesterov, weight
    decay), Adam and AdamW on f(x) = sum_i a_i (x_i - c_i)^2 / 2 + x_0 x_1 in float64.
"""

import json
import pathlib
import struct

import torch
from safetensors.torch import save_file

OUT = pathlib.Path("crates/globopt-nn/tests/fixtures")


def float_bits(x):
    """The IEEE-754 bit pattern of a float64, as an unsigned integer."""
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def mlp_fixtures():
    torch.manual_seed(20240611)
    result = {"architecture": {"widths": [3, 5, 4, 2], "activations": ["tanh", "relu", "identity"]}}
    x = torch.randn(4, 3, dtype=torch.float64)
    result["inputs"] = x.tolist()
    for dtype, tag in ((torch.float64, "f64"), (torch.float32, "f32")):
        model = torch.nn.Sequential(
            torch.nn.Linear(3, 5), torch.nn.Tanh(),
            torch.nn.Linear(5, 4), torch.nn.ReLU(),
            torch.nn.Linear(4, 2),
        ).to(dtype)
        state = {k: v.contiguous() for k, v in model.state_dict().items()}
        save_file(state, str(OUT / f"torch_mlp_{tag}.safetensors"))
        # float32 values widen exactly to float64; "bits" holds each float64's IEEE bit
        # pattern so that the test compares exactly whatever its JSON float parser does
        result[f"state_{tag}"] = {k: {"shape": list(v.shape), "values": v.double().flatten().tolist(),
                                      "bits": [float_bits(x) for x in v.double().flatten().tolist()]}
                                  for k, v in state.items()}
        with torch.no_grad():
            result[f"outputs_{tag}"] = model(x.to(dtype)).double().tolist()
    (OUT / "torch_mlp.json").write_text(json.dumps(result, indent=1) + "\n")


def optimizer_fixtures():
    a = torch.tensor([1.0, 3.0, 0.5, 2.0], dtype=torch.float64)
    c = torch.tensor([0.5, -1.0, 2.0, 0.0], dtype=torch.float64)
    x0 = [1.0, 2.0, -1.5, 0.25]
    lr = 0.1
    configs = {
        "sgd_momentum": lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9, dampening=0.1, weight_decay=0.01),
        "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=lr, momentum=0.8, nesterov=True, weight_decay=0.05),
        "adam": lambda p: torch.optim.Adam(p, lr=lr, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.01),
        "adamw": lambda p: torch.optim.AdamW(p, lr=lr, betas=(0.8, 0.999), eps=1e-6, weight_decay=0.1),
    }
    result = {"a": a.tolist(), "c": c.tolist(), "x0": x0, "lr": lr, "trajectories": {}}
    for name, make in configs.items():
        x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = make([x])
        traj = []
        for _ in range(10):
            opt.zero_grad()
            f = 0.5 * (a * (x - c) ** 2).sum() + x[0] * x[1]
            f.backward()
            opt.step()
            traj.append(x.detach().tolist())
        result["trajectories"][name] = traj
    (OUT / "torch_optim.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    mlp_fixtures()
    optimizer_fixtures()
    print("wrote", sorted(p.name for p in OUT.iterdir()))
