//! Acquisition functions (digest 25, steps 5–12), one file each behind [`Acquisition`]: a new
//! criterion is a new file. Every acquisition is **maximized** by the acquisition search; the
//! formulas are written for minimizing the objective.

mod confidence_bound;
mod constrained;
mod envelope;
mod expected_improvement;
mod knowledge_gradient;
mod max_value_entropy;
mod multi_fidelity;
mod noisy_expected_improvement;
mod probability_of_improvement;
mod q_expected_improvement;

pub use confidence_bound::LowerConfidenceBound;
pub use constrained::{ProbabilityOfFeasibility, WithFeasibility};
pub use envelope::expected_max_excess;
pub use expected_improvement::{ExpectedImprovement, LogExpectedImprovement};
pub use knowledge_gradient::{
    ContinuousKgSettings, DiscreteKnowledgeGradient, continuous_knowledge_gradient,
};
pub use max_value_entropy::MaxValueEntropySearch;
pub use multi_fidelity::MultiFidelityKnowledgeGradient;
pub use noisy_expected_improvement::NoisyExpectedImprovement;
pub use probability_of_improvement::ProbabilityOfImprovement;
pub use q_expected_improvement::QExpectedImprovement;

/// A criterion that scores a candidate point; larger is better.
pub trait Acquisition: Sync {
    /// The criterion's name in reports (`"log_ei"`, `"knowledge_gradient"`).
    fn name(&self) -> &'static str;
    /// The value at `x` (caller's units).
    fn value(&self, x: &[f64]) -> f64;
    /// The value and, where the criterion has one in closed form, its gradient in x; `None`
    /// lets the acquisition search use central differences.
    fn value_and_gradient(&self, x: &[f64]) -> (f64, Option<Vec<f64>>) {
        (self.value(x), None)
    }
}

/// ∇z for z = (best − μ)/σ: (−∇μ − z∇σ)/σ, the chain rule every improvement-based criterion
/// shares.
pub(crate) fn standardized_improvement_gradient(
    z: f64,
    sd: f64,
    mean_gradient: &[f64],
    sd_gradient: &[f64],
) -> Vec<f64> {
    mean_gradient
        .iter()
        .zip(sd_gradient)
        .map(|(gm, gs)| (-gm - z * gs) / sd)
        .collect()
}
