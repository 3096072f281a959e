//! SVH-PSL runs on a named problem for the benchmarks of `benches/reference/moo/`.
//!
//! Usage: `cargo run --release -p globopt-moo --example psl_runs -- PROBLEM SEEDS [KEY=VALUE...]`
//! where PROBLEM is `zdt1:20`, `re37`, ..., SEEDS a count (seeds 0..SEEDS) or a range `a..b`,
//! and each KEY=VALUE
//! sets a field of `PslParams` (`steps=200`, `repulsion=0`, `iterations=20`, ...; JSON values).
//! Prints one JSON line per seed: final hypervolume, LHD (discrete and continuous front), the
//! LHD after every evaluation, and the mean wall time per iteration split into GP fit,
//! training and selection. `--design-out DIR` also writes each seed's initial design as CSV.

use globopt_core::NoObserver;
use globopt_moo::problems::problem;
use globopt_moo::psl::{PslParams, solve};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, seeds, rest @ ..] = args.as_slice() else {
        return Err("usage: psl_runs PROBLEM SEEDS [KEY=VALUE...] [--design-out DIR]".into());
    };
    let mut overrides = serde_json::Map::new();
    let mut design_out: Option<String> = None;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        if a == "--design-out" {
            design_out = it.next().cloned();
            continue;
        }
        let (k, v) = a
            .split_once('=')
            .ok_or(format!("expected KEY=VALUE, got {a}"))?;
        let value = serde_json::from_str(v).unwrap_or(serde_json::Value::String(v.to_string()));
        overrides.insert(k.to_string(), value);
    }
    let p = problem(name)?;
    let seed_range = match seeds.split_once("..") {
        Some((a, b)) => a.parse::<u64>()?..b.parse::<u64>()?,
        None => 0..seeds.parse::<u64>()?,
    };
    for seed in seed_range {
        let mut base = serde_json::to_value(PslParams::default())?;
        if let Some(obj) = base.as_object_mut() {
            obj.extend(overrides.clone());
            obj.insert("seed".into(), seed.into());
        }
        let params: PslParams = serde_json::from_value(base)?;
        let report = solve(p.as_ref(), &params, &mut NoObserver)?;
        let sol = report.solution.as_ref().ok_or("no solution")?;
        if let Some(dir) = &design_out {
            std::fs::create_dir_all(dir)?;
            let mut csv = String::new();
            for t in sol.trials.iter().take(params.n_init) {
                let row: Vec<String> = t.x.iter().map(|v| format!("{v:.17e}")).collect();
                csv.push_str(&row.join(","));
                csv.push('\n');
            }
            std::fs::write(
                format!(
                    "{dir}/{}_seed{seed}.csv",
                    name.replace([':', '=', ','], "_")
                ),
                csv,
            )?;
        }
        let iters = report.detail("iterations").cloned().unwrap_or_default();
        let mean = |key: &str| -> f64 {
            let v: Vec<f64> = iters
                .as_array()
                .map(|a| a.iter().filter_map(|i| i[key].as_f64()).collect())
                .unwrap_or_default();
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        println!(
            "{}",
            serde_json::json!({
                "problem": name,
                "seed": seed,
                "evaluations": report.evaluations,
                "hypervolume": report.detail("hypervolume"),
                "lhd": report.detail("lhd"),
                "lhd_continuous": report.detail("lhd_continuous"),
                "lhd_trace": sol.history.iter().map(|h| h.lhd).collect::<Vec<_>>(),
                "gp_fit_s": mean("gp_fit_s"),
                "train_s": mean("train_s"),
                "select_s": mean("select_s"),
                "elapsed_s": report.elapsed_s,
            })
        );
    }
    Ok(())
}
