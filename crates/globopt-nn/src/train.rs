//! A minimal training loop: epochs of seeded shuffled mini-batches, one optimizer step per
//! mini-batch with the rate of a [`Schedule`], the monitored loss evaluated after each epoch,
//! early stopping with patience, and an [`Observer`] that sees progress and can stop the run.

use crate::data::Dataset;
use crate::error::NnError;
use crate::gradient::{gradient, loss_value};
use crate::loss::Loss;
use crate::mlp::Mlp;
use crate::optim::OptimizerConfig;
use crate::schedule::Schedule;
use globopt_core::{Event, Observer, Progress, Report};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// Settings of [`train`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainParams {
    /// Passes over the training set (default 100).
    pub epochs: usize,
    /// Samples per mini-batch; the last batch of an epoch may be smaller; a size at least
    /// the set's is full-batch training (default 32).
    pub batch_size: usize,
    /// Update rule (default Adam with PyTorch's defaults).
    pub optimizer: OptimizerConfig,
    /// Learning rate per optimizer step (default constant 1e-3).
    pub schedule: Schedule,
    /// Shuffle the samples before every epoch (default true).
    pub shuffle: bool,
    /// Early stopping: stop after this many epochs in a row without the monitored loss
    /// improving on its best by more than `min_delta` (default none: run every epoch).
    pub patience: Option<usize>,
    /// Improvement that counts for early stopping (default 0).
    pub min_delta: f64,
    /// On return, leave the parameters of the epoch with the best monitored loss rather
    /// than the last ones (default true).
    pub restore_best: bool,
    /// Seed of the shuffling (default 0).
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 100,
            batch_size: 32,
            optimizer: OptimizerConfig::default(),
            schedule: Schedule::default(),
            shuffle: true,
            patience: None,
            min_delta: 0.0,
            restore_best: true,
            seed: 0,
        }
    }
}

impl TrainParams {
    /// Checks the settings; errors name the field.
    pub fn validate(&self) -> Result<(), NnError> {
        if self.epochs == 0 {
            return Err(NnError::param("epochs", "must be at least 1"));
        }
        if self.batch_size == 0 {
            return Err(NnError::param("batch_size", "must be at least 1"));
        }
        if self.patience == Some(0) {
            return Err(NnError::param("patience", "must be at least 1 when given"));
        }
        if !(self.min_delta.is_finite() && self.min_delta >= 0.0) {
            return Err(NnError::param(
                "min_delta",
                format!("{} must be finite and ≥ 0", self.min_delta),
            ));
        }
        self.optimizer.validate()?;
        self.schedule.validate()
    }
}

/// Why training ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Every epoch ran.
    Completed,
    /// The monitored loss stopped improving for `patience` epochs.
    EarlyStopped,
    /// The observer asked to stop.
    Cancelled,
}

/// Losses after one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    /// Epoch number, from 1.
    pub epoch: usize,
    /// Mean loss over the whole training set after the epoch.
    pub train_loss: f64,
    /// Mean loss over the validation set after the epoch, when one is given.
    pub validation_loss: Option<f64>,
    /// Learning rate of the epoch's last step.
    pub lr: f64,
}

/// What [`train`] did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainSummary {
    /// One record per completed epoch.
    pub history: Vec<EpochRecord>,
    /// Epoch (from 1) with the best monitored loss; 0 if no epoch completed.
    pub best_epoch: usize,
    /// Best monitored loss (validation loss when a validation set is given, else training
    /// loss); the loss at the start when no epoch completed.
    pub best_loss: f64,
    /// Optimizer steps taken.
    pub steps: usize,
    /// Why training ended.
    pub stop: StopReason,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
}

impl TrainSummary {
    /// A globopt [`Report`] (kind `"nn.train"`): the parameters as solution, the best
    /// monitored loss as objective, no bound (training proves nothing about the optimum),
    /// status `BudgetExhausted` when cancelled; the history is the detail `history`.
    pub fn to_report(&self, theta: &[f64]) -> Report<Vec<f64>> {
        let mut r = Report::feasible("nn.train", theta.to_vec(), self.best_loss)
            .with_evaluations(self.steps as u64)
            .with_detail("history", &self.history)
            .with_detail("best_epoch", self.best_epoch)
            .with_detail("stop", self.stop);
        if self.stop == StopReason::Cancelled {
            r = r.budget_exhausted("stopped by the observer");
        }
        r
    }
}

/// Trains `theta` in place on `data` for `loss` (module docs). The monitored loss is the
/// full validation loss when `validation` is given, else the full training loss, both
/// evaluated after each epoch. With `restore_best`, `theta` ends at the best epoch's
/// parameters (or where it started, if no epoch improved on it). The observer gets
/// `Started{"epochs"}`, a `Progress` after each epoch and at least every 100 ms, and
/// `Finished`; it is polled after every mini-batch.
pub fn train(
    mlp: &Mlp,
    theta: &mut [f64],
    loss: Loss,
    data: &Dataset,
    validation: Option<&Dataset>,
    params: &TrainParams,
    observer: &mut dyn Observer,
) -> Result<TrainSummary, NnError> {
    let started = Instant::now();
    params.validate()?;
    let monitored = |t: &[f64]| -> Result<(f64, Option<f64>), NnError> {
        let train = loss_value(mlp, t, &data.batch(), loss)?;
        let val = validation
            .map(|v| loss_value(mlp, t, &v.batch(), loss))
            .transpose()?;
        Ok((train, val))
    };
    let (train0, val0) = monitored(theta)?;
    let mut best_loss = val0.unwrap_or(train0);
    let mut best_theta = theta.to_vec();
    let mut best_epoch = 0;
    let mut optimizer = params.optimizer.build()?;
    let mut rng = globopt_core::rng::seeded(params.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let full_batch = params.batch_size >= data.len();
    let mut history = Vec::with_capacity(params.epochs);
    let mut steps = 0usize;
    let mut since_best = 0usize;
    let mut stop = StopReason::Completed;
    let mut last_event = Instant::now();
    let total = Some(params.epochs as u64);
    observer.on_event(&Event::Started {
        phase: "epochs",
        total,
    });
    'epochs: for epoch in 1..=params.epochs {
        if params.shuffle && !full_batch {
            order.shuffle(&mut rng);
        }
        let mut lr = params.schedule.rate(steps);
        for chunk in order.chunks(params.batch_size) {
            lr = params.schedule.rate(steps);
            let g = if full_batch {
                gradient(mlp, theta, &data.batch(), loss)?
            } else {
                let mb = data.subset(chunk)?;
                gradient(mlp, theta, &mb.batch(), loss)?
            };
            optimizer.step(theta, &g.gradient, lr)?;
            steps += 1;
            if observer.should_stop() {
                stop = StopReason::Cancelled;
                break 'epochs;
            }
            if last_event.elapsed() >= Duration::from_millis(100) {
                observer.on_event(&Event::Progress(Progress {
                    done: epoch as u64 - 1,
                    total,
                    incumbent: Some(best_loss),
                    bound: None,
                }));
                last_event = Instant::now();
            }
        }
        let (train_loss, validation_loss) = monitored(theta)?;
        history.push(EpochRecord {
            epoch,
            train_loss,
            validation_loss,
            lr,
        });
        let current = validation_loss.unwrap_or(train_loss);
        if current < best_loss - params.min_delta {
            best_loss = current;
            best_epoch = epoch;
            best_theta.copy_from_slice(theta);
            since_best = 0;
        } else {
            since_best += 1;
        }
        observer.on_event(&Event::Progress(Progress {
            done: epoch as u64,
            total,
            incumbent: Some(best_loss),
            bound: None,
        }));
        last_event = Instant::now();
        if params.patience.is_some_and(|p| since_best >= p) {
            stop = StopReason::EarlyStopped;
            break;
        }
    }
    observer.on_event(&Event::Finished);
    if params.restore_best {
        theta.copy_from_slice(&best_theta);
    }
    Ok(TrainSummary {
        history,
        best_epoch,
        best_loss,
        steps,
        stop,
        elapsed_s: started.elapsed().as_secs_f64(),
    })
}
