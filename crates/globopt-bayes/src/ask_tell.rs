//! The ask/tell service (digest 25, "Ask/tell"): [`BayesOpt`] proposes points, remembers
//! them as pending until told, journals every told trial as it arrives, and resumes from its
//! journal with every told trial exactly once. It implements globopt-core's [`AskTell`].

use crate::config::BayesParams;
use crate::error::BayesError;
use crate::gp::{Gp, Hyperparameters};
use crate::journal::{Journal, JournalHeader, TrialRecord};
use crate::propose::{Context, ProposalInfo, feasible, fit_model, mix_seed, propose};
use globopt_core::design::{maximin_latin_hypercube, scale_to, uniform};
use globopt_core::objective::check_point;
use globopt_core::rng::substream;
use globopt_core::{AskTell, Bounds, Evaluation, Report, TracePoint};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// The certificate text of every Bayesian-optimization report.
pub const CERTIFICATE: &str = "none: BO proves no bound";

/// One row of a run's history: a told trial with how it was proposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Trial index.
    pub index: usize,
    /// The point.
    pub x: Vec<f64>,
    /// The value, when the evaluation succeeded.
    pub y: Option<f64>,
    /// The failure's reason, when it did not.
    pub failed: Option<String>,
    /// Best (feasible) value so far.
    pub incumbent: Option<f64>,
    /// Simple regret of the incumbent, when f* is known.
    pub regret: Option<f64>,
    /// How the point was proposed (absent for trials read from a journal or told unasked).
    pub proposal: Option<ProposalInfo>,
}

/// Bayesian optimization as an ask/tell service. See the module documentation.
#[derive(Debug)]
pub struct BayesOpt {
    bounds: Bounds,
    params: BayesParams,
    design: Vec<Vec<f64>>,
    trials: Vec<TrialRecord>,
    proposals: Vec<Option<ProposalInfo>>,
    pending: Vec<(Vec<f64>, ProposalInfo, Option<Hyperparameters>)>,
    hyper: Option<Hyperparameters>,
    constraint_hypers: Vec<Option<Hyperparameters>>,
    model: Option<Gp>,
    journal: Option<Journal>,
    resumed: usize,
    warnings: Vec<String>,
    created: Instant,
    /// Seconds after `created` at which each trial was told (0 for journaled ones).
    told_at: Vec<f64>,
}

impl BayesOpt {
    /// A new run over `bounds` (every coordinate of positive width). With `params.journal`,
    /// the journal is created (or, with `params.resume`, read and continued: its trials are
    /// loaded and the last recorded hyperparameters warm-start the next fit).
    pub fn new(bounds: Bounds, params: BayesParams) -> Result<BayesOpt, BayesError> {
        params.validate()?;
        bounds.require_positive_width()?;
        let d = bounds.dim();
        let n0 = params.initial_points(d);
        let mut rng = substream(params.seed, 0x4445);
        let design = scale_to(&bounds, &maximin_latin_hypercube(n0, d, 50, &mut rng));
        let mut opt = BayesOpt {
            constraint_hypers: vec![None; params.constraints],
            bounds,
            design,
            trials: Vec::new(),
            proposals: Vec::new(),
            pending: Vec::new(),
            hyper: None,
            model: None,
            journal: None,
            resumed: 0,
            warnings: Vec::new(),
            created: Instant::now(),
            told_at: Vec::new(),
            params,
        };
        if let Some(path) = opt.params.journal.clone() {
            let header = JournalHeader {
                journal: "globopt-bayes".into(),
                version: 1,
                bounds: opt.bounds.pairs(),
                seed: opt.params.seed,
            };
            if opt.params.resume {
                let (journal, _, trials) = Journal::resume(&path, &header)?;
                opt.hyper = trials.iter().rev().find_map(|t| t.hyperparameters.clone());
                opt.resumed = trials.len();
                opt.proposals = vec![None; trials.len()];
                opt.told_at = vec![0.0; trials.len()];
                opt.trials = trials;
                opt.journal = Some(journal);
            } else {
                opt.journal = Some(Journal::create(&path, &header)?);
            }
        }
        Ok(opt)
    }

    /// The box.
    pub fn bounds(&self) -> &Bounds {
        &self.bounds
    }
    /// The parameters.
    pub fn params(&self) -> &BayesParams {
        &self.params
    }
    /// Every told trial, in order.
    pub fn trials(&self) -> &[TrialRecord] {
        &self.trials
    }
    /// Points asked and not yet told.
    pub fn pending(&self) -> Vec<Vec<f64>> {
        self.pending.iter().map(|p| p.0.clone()).collect()
    }
    /// Trials loaded from the journal when the run was resumed.
    pub fn resumed_trials(&self) -> usize {
        self.resumed
    }
    /// Warnings collected so far (large fitted noise, failed fits that fell back to random
    /// points).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
    /// The GP hyperparameters of the last fit (or read from the journal).
    pub fn hyperparameters(&self) -> Option<&Hyperparameters> {
        self.hyper.as_ref()
    }

    /// The next `q` points: the initial design first, then the model's proposals (pending
    /// points enter the model as fantasies). Failed trials never enter the model.
    pub fn ask(&mut self, q: usize) -> Result<Vec<Vec<f64>>, BayesError> {
        if q == 0 {
            return Err(BayesError::param("q", "ask for at least 1 point"));
        }
        let mut out = Vec::with_capacity(q);
        while out.len() < q {
            let idx = self.trials.len() + self.pending.len();
            let Some(x) = self.design.get(idx).cloned() else {
                break;
            };
            self.pending.push((x.clone(), design_info("design"), None));
            out.push(x);
        }
        let r = q - out.len();
        if r == 0 {
            return Ok(out);
        }
        let successes = self
            .trials
            .iter()
            .filter(|t| t.outcome.value().is_some())
            .count();
        let proposal = if successes == 0 {
            None
        } else {
            let pending: Vec<Vec<f64>> = self.pending.iter().map(|p| p.0.clone()).collect();
            let ctx = Context {
                bounds: &self.bounds,
                params: &self.params,
                trials: &self.trials,
                pending: &pending,
                warm: self.hyper.as_ref(),
                constraint_warm: &self.constraint_hypers,
            };
            match propose(&ctx, r) {
                Ok(p) => Some(p),
                Err(e) => {
                    self.warnings.push(format!(
                        "model fit failed after {} trials ({e}); asked random points instead",
                        self.trials.len()
                    ));
                    None
                }
            }
        };
        match proposal {
            Some(p) => {
                self.hyper = p.hyper.clone();
                self.constraint_hypers = p.constraint_hypers;
                self.model = p.model;
                for w in p.warnings {
                    if !self.warnings.contains(&w) {
                        self.warnings.push(w);
                    }
                }
                for (x, info) in p.points.into_iter().zip(p.info) {
                    self.pending.push((x.clone(), info, p.hyper.clone()));
                    out.push(x);
                }
            }
            None => {
                // no successful evaluation to model yet: seeded uniform points
                let mut rng = substream(
                    mix_seed(self.params.seed, self.trials.len() as u64, 0x52),
                    self.pending.len() as u64,
                );
                for u in uniform(r, self.bounds.dim(), &mut rng) {
                    let x = self.bounds.from_unit(&u);
                    self.pending.push((x.clone(), design_info("random"), None));
                    out.push(x);
                }
            }
        }
        Ok(out)
    }

    /// Tell outcomes with their constraint values (one vector per point, `params.constraints`
    /// long; ignored for failed evaluations) and known noise variances.
    pub fn tell_full(
        &mut self,
        points: &[Vec<f64>],
        outcomes: &[Evaluation],
        constraints: Option<&[Vec<f64>]>,
        noise: Option<&[f64]>,
    ) -> Result<(), BayesError> {
        if points.len() != outcomes.len() {
            return Err(BayesError::data(
                "outcomes",
                format!("{} outcomes for {} points", outcomes.len(), points.len()),
            ));
        }
        if let Some(c) = constraints
            && c.len() != points.len()
        {
            return Err(BayesError::data(
                "constraints",
                format!("{} constraint vectors for {} points", c.len(), points.len()),
            ));
        }
        if let Some(nv) = noise
            && nv.len() != points.len()
        {
            return Err(BayesError::data(
                "noise",
                format!("{} noise variances for {} points", nv.len(), points.len()),
            ));
        }
        // check everything before recording anything
        let mut records = Vec::with_capacity(points.len());
        for (i, (x, outcome)) in points.iter().zip(outcomes).enumerate() {
            check_point(&self.bounds, x)?;
            if !self.bounds.contains(x, 1e-9) {
                return Err(BayesError::data(
                    format!("points[{i}]"),
                    "lies outside the box",
                ));
            }
            // a non-finite value becomes a failed evaluation
            let outcome = match outcome {
                Evaluation::Value(v) => Evaluation::from_value(*v),
                f => f.clone(),
            };
            let mut g = constraints.map(|c| c[i].clone()).unwrap_or_default();
            if outcome.value().is_some() {
                if g.len() != self.params.constraints {
                    return Err(BayesError::data(
                        format!("constraints[{i}]"),
                        format!(
                            "expected {} values, got {}",
                            self.params.constraints,
                            g.len()
                        ),
                    ));
                }
                if g.iter().any(|v| !v.is_finite()) {
                    return Err(BayesError::data(
                        format!("constraints[{i}]"),
                        "constraint values must be finite",
                    ));
                }
            } else {
                g.clear();
            }
            let nv = noise.map(|n| n[i]);
            if let Some(v) = nv
                && !(v.is_finite() && v >= 0.0)
            {
                return Err(BayesError::data(
                    format!("noise[{i}]"),
                    "must be finite and ≥ 0",
                ));
            }
            records.push((x.clone(), outcome, g, nv));
        }
        for (x, outcome, g, nv) in records {
            let pos = self.pending.iter().position(|p| p.0 == x);
            let (info, hyper) = match pos {
                Some(k) => {
                    let (_, info, hyper) = self.pending.remove(k);
                    (Some(info), hyper)
                }
                None => (None, None),
            };
            let record = TrialRecord {
                index: self.trials.len(),
                x,
                outcome,
                constraints: g,
                noise: nv,
                hyperparameters: hyper,
            };
            if let Some(j) = self.journal.as_mut() {
                j.append(&record)?;
            }
            self.trials.push(record);
            self.proposals.push(info);
            self.told_at.push(self.created.elapsed().as_secs_f64());
        }
        Ok(())
    }

    /// The best successful (and feasible) trial: its index, point and value.
    pub fn best_trial(&self) -> Option<(usize, &[f64], f64)> {
        self.trials
            .iter()
            .enumerate()
            .filter(|(_, t)| feasible(t))
            .filter_map(|(i, t)| t.outcome.value().map(|v| (i, t.x.as_slice(), v)))
            .fold(None, |best, c| match best {
                Some(b) if b.2 <= c.2 => Some(b),
                _ => Some(c),
            })
    }

    /// Posterior mean and standard deviation of the objective at x, from the model of the
    /// last ask (fitted now, warm-started, if there is none or it is out of date).
    pub fn posterior(&mut self, x: &[f64]) -> Result<(f64, f64), BayesError> {
        self.bounds.check_dim(x, "x")?;
        let model = self.current_model()?;
        let (m, v) = model.predict(x);
        Ok((m, v.sqrt()))
    }

    /// The GP of the successful trials (refitted when new trials arrived since the last ask).
    pub fn current_model(&mut self) -> Result<&Gp, BayesError> {
        let ok: Vec<&TrialRecord> = self
            .trials
            .iter()
            .filter(|t| t.outcome.value().is_some())
            .collect();
        if ok.is_empty() {
            return Err(BayesError::data(
                "trials",
                "no successful evaluation to model",
            ));
        }
        if self.model.as_ref().is_none_or(|m| m.len() != ok.len()) {
            let xs: Vec<Vec<f64>> = ok.iter().map(|t| t.x.clone()).collect();
            let ys: Vec<f64> = ok.iter().filter_map(|t| t.outcome.value()).collect();
            let noise: Vec<f64> = ok
                .iter()
                .map(|t| t.noise.or(self.params.noise).unwrap_or(0.0))
                .collect();
            let seed = mix_seed(self.params.seed, ok.len() as u64, 0x4d);
            let gp = fit_model(
                &xs,
                &ys,
                &noise,
                &self.bounds,
                &self.params,
                seed,
                self.hyper.as_ref(),
            )?;
            self.hyper = Some(gp.hyperparameters().clone());
            self.model = Some(gp);
        }
        self.model
            .as_ref()
            .ok_or_else(|| BayesError::data("trials", "no model"))
    }

    /// The run's history, one entry per told trial, with the incumbent and (given f*) regret.
    pub fn history(&self, f_star: Option<f64>) -> Vec<HistoryEntry> {
        let mut best = f64::INFINITY;
        self.trials
            .iter()
            .zip(&self.proposals)
            .map(|(t, info)| {
                if let Some(v) = t.outcome.value()
                    && feasible(t)
                {
                    best = best.min(v);
                }
                let incumbent = best.is_finite().then_some(best);
                HistoryEntry {
                    index: t.index,
                    x: t.x.clone(),
                    y: t.outcome.value(),
                    failed: match &t.outcome {
                        Evaluation::Failed(m) => Some(m.clone()),
                        Evaluation::Value(_) => None,
                    },
                    incumbent,
                    regret: f_star.zip(incumbent).map(|(f, b)| b - f),
                    proposal: info.clone(),
                }
            })
            .collect()
    }

    /// The report of the run so far: the best observed point and value (with noise, the
    /// evaluated point of lowest posterior mean), status `BudgetExhausted`, no bound, the
    /// certificate text, a trace point per evaluation and the history as details. `f_star`
    /// (when known) adds the simple regret; `elapsed_s` is the wall time to report.
    pub fn report(&mut self, f_star: Option<f64>, elapsed_s: f64) -> Report<Vec<f64>> {
        let n = self.trials.len();
        let failed = self
            .trials
            .iter()
            .filter(|t| t.outcome.value().is_none())
            .count();
        let history = self.history(f_star);
        let chosen = if self.params.noisy() {
            self.lowest_posterior_mean_trial()
        } else {
            self.best_trial().map(|(i, _, _)| i)
        };
        let mut report = match chosen {
            Some(i) => {
                let t = &self.trials[i];
                let v = t.outcome.value().unwrap_or(f64::NAN);
                Report::feasible("bayesopt", t.x.clone(), v).budget_exhausted(format!(
                    "evaluation budget spent: {n} of {} evaluations",
                    self.params.budget
                ))
            }
            None if n == 0 => {
                Report::budget_exhausted_without_solution("bayesopt", "no evaluation was made")
            }
            None if failed == n => Report::error("bayesopt", format!("all {n} evaluations failed")),
            None => Report::budget_exhausted_without_solution(
                "bayesopt",
                format!("no feasible point among {n} evaluations"),
            ),
        };
        report.trace = history
            .iter()
            .zip(&self.told_at)
            .map(|(h, &t)| TracePoint {
                time_s: t,
                evaluations: h.index as u64 + 1,
                incumbent: h.incumbent,
                bound: None,
            })
            .collect();
        report.warnings.extend(self.warnings.iter().cloned());
        report.set_detail("certificate", CERTIFICATE);
        report.set_detail(
            "method",
            "Bayesian optimization (GP surrogate, acquisition search)",
        );
        report.set_detail("acquisition", self.params.resolved_acquisition().name());
        report.set_detail("kernel", self.params.kernel.name());
        if let Some(m) = &self.model {
            report.set_detail("fitted_kernel", m.config().kernel.name());
        }
        report.set_detail("initial", self.params.initial_points(self.bounds.dim()));
        report.set_detail("budget", self.params.budget);
        report.set_detail("failed_evaluations", failed);
        report.set_detail("resumed_trials", self.resumed);
        if let Some(f) = f_star {
            report.set_detail("f_star", f);
            if let Some(b) = report.objective() {
                report.set_detail("regret", b - f);
            }
        }
        if let Some(j) = &self.journal {
            report.set_detail("journal", j.path().display().to_string());
        }
        if let Some(h) = &self.hyper {
            report.set_detail("hyperparameters", h);
        }
        report.set_detail("history", &history);
        let mut report = report.with_evaluations(n as u64);
        report.elapsed_s = elapsed_s;
        report
    }

    fn lowest_posterior_mean_trial(&mut self) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.trials.len())
            .filter(|&i| self.trials[i].outcome.value().is_some() && feasible(&self.trials[i]))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let xs: Vec<Vec<f64>> = candidates
            .iter()
            .map(|&i| self.trials[i].x.clone())
            .collect();
        match self.current_model() {
            Ok(m) => {
                let means = m.predict_many(&xs);
                candidates
                    .iter()
                    .zip(means)
                    .min_by(|a, b| a.1.0.total_cmp(&b.1.0))
                    .map(|(i, _)| *i)
            }
            Err(_) => self.best_trial().map(|(i, _, _)| i),
        }
    }
}

fn design_info(source: &str) -> ProposalInfo {
    ProposalInfo {
        source: source.to_string(),
        acquisition_value: None,
        fit_s: 0.0,
        search_s: 0.0,
        lengthscales: None,
    }
}

impl AskTell for BayesOpt {
    type Error = BayesError;
    fn ask(&mut self, q: usize) -> Result<Vec<Vec<f64>>, BayesError> {
        BayesOpt::ask(self, q)
    }
    fn tell(&mut self, points: &[Vec<f64>], outcomes: &[Evaluation]) -> Result<(), BayesError> {
        self.tell_full(points, outcomes, None, None)
    }
    fn best(&self) -> Option<(Vec<f64>, f64)> {
        self.best_trial().map(|(_, x, v)| (x.to_vec(), v))
    }
}
