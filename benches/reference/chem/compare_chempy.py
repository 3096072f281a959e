"""globopt-chem against ChemPy 0.10.2 (PyPI `chempy`) on the fifteen textbook cases of shared
digest 02 ("Side-by-side comparison"), in one run on the same machine.

ChemPy's `balance_stoichiometry(reactants, products, underdetermined=None)` solves
min sum(x) with x >= 1 through PuLP/CBC; it never adds H+/OH-/H2O, so the medium cases (7, 8,
10, 11) go to it with the medium species already placed (the fixture's `chempy` lists). Rules:
unique cases must agree exactly (integers, no tolerance); for nullity >= 2 the sums must be
equal, and the vectors too when the optimum is unique; each of our Hilbert-basis members is
checked against ChemPy's default parametric answer (`underdetermined=True`). Parsing
differences are printed, not matched.

Printed: per case our answer, ChemPy's, agreement, the median time per balance of each
(globopt: `balance_text` in a release build, in-process; ChemPy: the call, in-process) and
the speed-up ChemPy/globopt; then the Hilbert-basis check and the parsing table.

Commands (from the repository root):
    pip install -r benches/reference/chem/requirements.txt
    cargo build --release -p globopt-chem --example textbook_timing
    python3 benches/reference/chem/compare_chempy.py                  # everything
    python3 benches/reference/chem/compare_chempy.py --repeats 3      # quicker
    python3 benches/reference/chem/compare_chempy.py --write-fixture  # also writes
        crates/globopt-chem/tests/fixtures/chempy.json (ChemPy's answers, checked by
        crates/globopt-chem/tests/chempy.rs)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

import chempy
import sympy
from chempy import Substance, balance_stoichiometry

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
EXAMPLE = os.path.join(TARGET, "release", "examples", "textbook_timing")
FIXTURES = os.path.join(ROOT, "crates", "globopt-chem", "tests", "fixtures")
CASES = os.path.join(FIXTURES, "textbook.json")

PARSE_PROBES = [
    "Fe3+", "Fe+3", "Fe^3+", "MnO4-", "C2O4^2-", "C2O4-2", "CuSO4.5H2O", "CuSO4*5H2O",
    "CuSO4·5H2O", "K4[Fe(CN)6]", "I3^-", "SO42-",
]


def globopt(args):
    out = subprocess.run([EXAMPLE] + args, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def order_of(case):
    c = case["chempy"]
    return c.get("order", c["reactants"] + c["products"])


def chempy_call(case, underdetermined):
    c = case["chempy"]
    return balance_stoichiometry(set(c["reactants"]), set(c["products"]), underdetermined=underdetermined)


def as_vector(case, result):
    reac, prod = result
    both = dict(reac)
    both.update(prod)
    return [both.get(name, 0) for name in order_of(case)]


def timed(fn, repeats):
    times, result, error = [], None, None
    for _ in range(repeats):
        t = time.perf_counter()
        try:
            result = fn()
        except Exception as e:  # ChemPy raises on what it cannot balance or parse
            error = f"{type(e).__name__}: {e}"
        times.append(time.perf_counter() - t)
    return result, error, statistics.median(times)


def hilbert_instances(case, parametric, hilbert):
    """For each Hilbert member h: is some positive multiple of h an instance of ChemPy's
    parametric answer? ChemPy pins one coefficient to a constant (members without that species
    cannot be instances) and declares its parameters positive integers; the parameter value is
    solved for over the rationals and the verdict says whether ChemPy's declaration admits it."""
    vec = as_vector(case, parametric)
    exprs = [sympy.sympify(v) for v in vec]
    declared = sorted(set().union(*[e.free_symbols for e in exprs]), key=str)
    free = {x: sympy.Symbol(x.name) for x in declared}
    exprs = [e.subs(free) for e in exprs]
    pinned = [(i, e) for i, e in enumerate(exprs) if not e.free_symbols]
    verdicts = []
    for h in hilbert:
        i, c = pinned[0]
        if h[i] == 0:
            verdicts.append(f"no: ChemPy pins {order_of(case)[i]} to {c}")
            continue
        scale = sympy.Rational(h[i]) / c
        eqs = [e * scale - hj for e, hj in zip(exprs, h)]
        eqs = [q for q in eqs if q != 0]
        sol = sympy.solve(eqs, list(free.values()), dict=True) if eqs else [{}]
        if not sol:
            verdicts.append("no")
            continue
        values = sol[0]
        admitted = all(v.is_integer and v > 0 for v in values.values())
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        verdicts.append(f"yes, scaled by {scale} at {shown}"
                        + ("" if admitted else " (outside ChemPy's positive-integer parameter)"))
    return verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=15, help="ChemPy calls per case (median)")
    ap.add_argument("--write-fixture", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    cases = json.load(open(CASES))["cases"]
    ours = {r["id"]: r for r in globopt([CASES])}
    print(f"chempy {chempy.__version__}, sympy {sympy.__version__}, python {sys.version.split()[0]}")
    print(f"{'case':>4}  {'globopt':<38} {'ChemPy (underdetermined=None)':<38} {'agree':<6} "
          f"{'globopt us':>10} {'ChemPy ms':>10} {'speed-up':>9}")
    fixture, speedups, disagreements = {}, [], []
    for case in cases:
        cid = case["id"]
        mine = ours[cid]
        my_vec = [int(x) for x in mine["coefficients"]] if mine["coefficients"] else None
        result, error, t_ref = timed(lambda: chempy_call(case, None), args.repeats)
        ref_vec = as_vector(case, result) if error is None else None
        ref_vec = [int(x) for x in ref_vec] if ref_vec else None
        if my_vec is None and ref_vec is None:
            agree = "both infeasible" if error else "?"
        else:
            agree = "yes" if my_vec == ref_vec else "NO"
            if my_vec != ref_vec:
                disagreements.append(cid)
        speed = t_ref / (mine["median_us"] * 1e-6)
        speedups.append(speed)
        shown_ref = ref_vec if ref_vec is not None else (error or "")[:38]
        print(f"{cid:>4}  {str(my_vec):<38} {str(shown_ref):<38} {agree:<6} "
              f"{mine['median_us']:>10.1f} {t_ref * 1e3:>10.2f} {speed:>8.0f}x")
        entry = {"answer": ref_vec, "error": error}
        if "hilbert" in case:
            parametric = chempy_call(case, True)
            entry["parametric"] = [str(x) for x in as_vector(case, parametric)]
            entry["hilbert_instances"] = hilbert_instances(case, parametric, case["hilbert"])
        fixture[str(cid)] = entry
    print(f"\nspeed-up ChemPy/globopt: min {min(speedups):.0f}x, median "
          f"{statistics.median(speedups):.0f}x, max {max(speedups):.0f}x "
          f"(time ratio globopt/ChemPy: median {1 / statistics.median(speedups):.4f})")
    print(f"answers that differ: {disagreements or 'none'}")

    print("\nnullity-2 cases: our Hilbert basis against ChemPy's parametric answer")
    for case in cases:
        e = fixture[str(case["id"])]
        if "parametric" in e:
            print(f"  case {case['id']}: ChemPy {dict(zip(order_of(case), e['parametric']))}")
            for h, v in zip(case["hilbert"], e["hilbert_instances"]):
                print(f"    {h}: instance? {v}")

    print("\nhydrate spellings of case 6 in ChemPy")
    for spelled in ["CuSO4·5H2O", "CuSO4.5H2O", "CuSO4*5H2O"]:
        try:
            r = balance_stoichiometry({spelled}, {"CuO", "SO3", "H2O"})
            print(f"  {spelled}: {dict(r[0])} -> {dict(r[1])}")
        except Exception as ex:
            print(f"  {spelled}: {type(ex).__name__}: {str(ex)[:70]}")
    print("\ncase 7 written Fe2+ / Fe3+ / Mn2+ (the ambiguous form)")
    try:
        r = balance_stoichiometry({"MnO4-", "Fe2+", "H+"}, {"Mn2+", "Fe3+", "H2O"})
        print(f"  ChemPy: {dict(r[0])} -> {dict(r[1])}")
    except Exception as ex:
        print(f"  ChemPy: {type(ex).__name__}: {str(ex)[:70]}")

    print("\nhow each reads a formula (ChemPy composition keys are atomic numbers, 0 = charge)")
    mine = {r["formula"]: r for r in globopt(["--parse"] + PARSE_PROBES)}
    for f in PARSE_PROBES:
        try:
            ref = dict(Substance.from_formula(f).composition)
        except Exception as ex:
            ref = f"{type(ex).__name__}"
        m = mine[f]
        ours_s = m.get("error") or f"{m['hill']} charge {m['charge']:+d}" + (" (warns)" if m["warnings"] else "")
        print(f"  {f:<12} globopt: {ours_s:<28} ChemPy: {ref}")

    if args.write_fixture:
        path = os.path.join(FIXTURES, "chempy.json")
        with open(path, "w") as fh:
            json.dump({"source": "benches/reference/chem/compare_chempy.py --write-fixture "
                       f"(chempy {chempy.__version__}, balance_stoichiometry underdetermined=None; "
                       "vectors in the fixture order of textbook.json)", "cases": fixture},
                      fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
