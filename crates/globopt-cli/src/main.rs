//! `globopt`: global optimization with certificates, from the command line.
//!
//! Exit codes: 0 when the command produced an answer (including `infeasible` and
//! `unbounded`), 1 for bad input (the message names file, line and field), 2 for internal
//! errors and solver failures.

mod balance_cmd;
mod demo;
mod error;
mod kinds;
mod minimize_cmd;
mod outcome;
mod output;
mod pareto_cmd;
mod perception_cmd;
mod progress;
mod spec;
mod testfn_cmd;

use clap::{CommandFactory, Parser, Subcommand};
use error::CliError;
use globopt_core::CancelFlag;
use kinds::RunContext;
use progress::CliObserver;
use std::path::PathBuf;

/// globopt: find the best answer, and say how far from the best it could still be.
#[derive(Parser)]
#[command(name = "globopt", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the capabilities: spec kinds with the paper each implements, and subcommands.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Solve one showcase per capability and write an HTML page with the certificates and plots.
    Demo {
        /// Output directory.
        #[arg(long, default_value = "globopt-demo")]
        out: PathBuf,
        /// Run only the showcases whose id contains this text.
        #[arg(long)]
        only: Option<String>,
        /// Hide progress bars.
        #[arg(long)]
        quiet: bool,
    },
    /// Solve a spec file (TOML or JSON) and print its report as JSON.
    Solve {
        /// The spec file; its `kind` chooses the solver (see `globopt list`).
        spec: PathBuf,
        /// Also write report.json, the plots and index.html into this directory.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Hide progress bars.
        #[arg(long)]
        quiet: bool,
        /// Print the JSON on one line.
        #[arg(long)]
        compact: bool,
        /// Continue the run recorded in the spec's journal (kinds with a `journal`, e.g.
        /// bayesopt) instead of starting a new one.
        #[arg(long)]
        resume: bool,
    },
    /// Minimize a test function or an external command without writing a spec:
    /// `globopt minimize --method cbo --problem rastrigin --dim 20 --runs 100 --seed 1`.
    Minimize(minimize_cmd::MinimizeArgs),
    /// Pareto fronts of a CSV table of runs: per-group fronts, hypervolumes against one
    /// reference, Pareto-optimal knob settings, plots:
    /// `globopt pareto runs.csv --max realism,consistency --max diversity --group model`.
    Pareto(pareto_cmd::ParetoArgs),
    /// Balance a chemical equation exactly: `globopt balance "KMnO4 + HCl = KCl + MnCl2 + Cl2 + H2O"`.
    Balance(balance_cmd::BalanceArgs),
    /// Score a perception error by its planning consequence (TIP): `globopt perception-impact
    /// scene.json` (true and perceived objects, actions from GMT*, GCS or explicit paths).
    PerceptionImpact {
        /// The scene spec (JSON).
        spec: PathBuf,
        /// Also write report.json, the plots and index.html into this directory.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Hide progress bars.
        #[arg(long)]
        quiet: bool,
        /// Print the JSON on one line.
        #[arg(long)]
        compact: bool,
    },
    /// Standard test functions and problems: list, evaluate, plot.
    Testfn {
        #[command(subcommand)]
        action: TestfnAction,
    },
}

#[derive(Subcommand)]
enum TestfnAction {
    /// Domains, optima, reference points and true-front hypervolumes.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Evaluate a problem at a point: `globopt testfn eval branin 0 0`.
    Eval {
        /// Problem name (`branin`, `ackley:5`, `zdt1:30`, `dtlz2:m=3`).
        name: String,
        /// Coordinates.
        #[arg(allow_negative_numbers = true)]
        x: Vec<f64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write an SVG: contour with minimizers (2-D) or true front (two objectives).
    Plot {
        /// Problem name.
        name: String,
        /// Output file (default: NAME.svg).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn context(quiet: bool, resume: bool) -> RunContext {
    let cancel = CancelFlag::new();
    let flag = cancel.clone();
    // a second Ctrl-C aborts at once; the first asks the solver for its best answer so far
    let _already_set = ctrlc::set_handler(move || {
        if flag.is_cancelled() {
            std::process::exit(130);
        }
        flag.cancel();
        eprintln!("\ninterrupted: finishing with the best answer so far (Ctrl-C again to abort)");
    });
    RunContext {
        observer: CliObserver::new(cancel, quiet),
        resume,
    }
}

fn run(cli: Cli) -> Result<i32, CliError> {
    match cli.command {
        Command::List { json } => {
            let kinds = kinds::all();
            let subcommands: Vec<(String, String)> = Cli::command()
                .get_subcommands()
                .map(|c| {
                    (
                        c.get_name().to_string(),
                        c.get_about().map(|a| a.to_string()).unwrap_or_default(),
                    )
                })
                .collect();
            if json {
                let v = serde_json::json!({
                    "kinds": kinds.iter().map(|k| serde_json::json!({
                        "kind": k.name, "summary": k.summary, "paper": k.paper})).collect::<Vec<_>>(),
                    "subcommands": subcommands.iter().map(|(n, a)| serde_json::json!({"name": n, "about": a})).collect::<Vec<_>>(),
                });
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                println!("Spec kinds (globopt solve SPEC.toml):");
                for k in kinds {
                    println!("  {:<20} {:<22} {}", k.name, k.paper, k.summary);
                }
                println!("\nSubcommands:");
                for (n, a) in subcommands {
                    println!("  {n:<20} {a}");
                }
            }
            Ok(0)
        }
        Command::Demo { out, only, quiet } => {
            let mut ctx = context(quiet, false);
            let failures = demo::run_demo(&out, only.as_deref(), &mut ctx)?;
            println!("{}", out.join("index.html").display());
            Ok(if failures == 0 { 0 } else { 2 })
        }
        Command::Solve {
            spec,
            out,
            quiet,
            compact,
            resume,
        } => {
            let doc = spec::SpecDoc::load(&spec)?;
            let mut ctx = context(quiet, resume);
            let outcome = kinds::solve(&doc, &mut ctx)?;
            if let Some(dir) = out {
                let title = format!("globopt solve {}", spec.display());
                output::write_outcome(&dir, &outcome, &title, "")?;
            }
            let json = if compact {
                serde_json::to_string(&outcome.report)
            } else {
                serde_json::to_string_pretty(&outcome.report)
            }
            .map_err(|e| CliError::Internal(e.to_string()))?;
            println!("{json}");
            Ok(if outcome.status().is_answer() { 0 } else { 2 })
        }
        Command::Minimize(args) => {
            let mut ctx = context(args.quiet, false);
            minimize_cmd::run(&args, &mut ctx)
        }
        Command::Pareto(args) => pareto_cmd::run(&args),
        Command::Balance(args) => {
            let mut ctx = context(false, false);
            balance_cmd::run(&args, &mut ctx)
        }
        Command::PerceptionImpact {
            spec,
            out,
            quiet,
            compact,
        } => {
            let mut ctx = context(quiet, false);
            let outcome = perception_cmd::run(&spec, &mut ctx)?;
            if let Some(dir) = out {
                let title = format!("globopt perception-impact {}", spec.display());
                output::write_outcome(&dir, &outcome, &title, "")?;
            }
            let json = if compact {
                serde_json::to_string(&outcome.report)
            } else {
                serde_json::to_string_pretty(&outcome.report)
            }
            .map_err(|e| CliError::Internal(e.to_string()))?;
            println!("{json}");
            Ok(if outcome.status().is_answer() { 0 } else { 2 })
        }
        Command::Testfn { action } => {
            match action {
                TestfnAction::List { json } => print!("{}", testfn_cmd::list(json)?),
                TestfnAction::Eval { name, x, json } => {
                    println!("{}", testfn_cmd::eval(&name, &x, json)?)
                }
                TestfnAction::Plot { name, out } => {
                    let svg = testfn_cmd::plot(&name)?;
                    let path = out.unwrap_or_else(|| {
                        PathBuf::from(format!("{}.svg", name.replace([':', '=', ','], "_")))
                    });
                    std::fs::write(&path, svg).map_err(|e| {
                        CliError::Internal(format!("{}: cannot write: {e}", path.display()))
                    })?;
                    println!("{}", path.display());
                }
            }
            Ok(0)
        }
    }
}

fn main() {
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
