//! The cones a constraint block can live in (Clarabel's supported cones).

use clarabel::solver::SupportedConeT;

/// A closed convex cone `K`; a constraint block states `(e_1, …, e_k) ∈ K` for affine
/// expressions `e_i`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cone {
    /// `{0}^k`: equalities `e_i = 0`.
    Zero,
    /// `R_+^k`: inequalities `e_i ≥ 0`.
    Nonnegative,
    /// The second-order (Lorentz) cone `{(t, x) : ‖x‖₂ ≤ t}`, first entry `t`.
    SecondOrder,
    /// The exponential cone `cl{(x, y, z) : y > 0, y·exp(x/y) ≤ z}` (three entries).
    Exponential,
    /// The power cone `{(x, y, z) : x^α y^(1−α) ≥ |z|, x, y ≥ 0}` with `0 < α < 1`.
    Power(f64),
    /// The cone of `n × n` positive semidefinite matrices, entries given as the upper
    /// triangle in column-major order (`X11, X12, X22, X13, …`), unscaled; the model applies
    /// Clarabel's `√2` scaling of off-diagonal entries.
    Psd(usize),
}

impl Cone {
    /// The number of entries a block of this cone takes, when the cone fixes it.
    pub fn fixed_size(&self) -> Option<usize> {
        match self {
            Cone::Exponential | Cone::Power(_) => Some(3),
            Cone::Psd(n) => Some(n * (n + 1) / 2),
            _ => None,
        }
    }

    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Cone::Zero => "zero",
            Cone::Nonnegative => "nonnegative",
            Cone::SecondOrder => "second-order",
            Cone::Exponential => "exponential",
            Cone::Power(_) => "power",
            Cone::Psd(_) => "psd",
        }
    }

    pub(crate) fn to_clarabel(&self, size: usize) -> SupportedConeT<f64> {
        match self {
            Cone::Zero => SupportedConeT::ZeroConeT(size),
            Cone::Nonnegative => SupportedConeT::NonnegativeConeT(size),
            Cone::SecondOrder => SupportedConeT::SecondOrderConeT(size),
            Cone::Exponential => SupportedConeT::ExponentialConeT(),
            Cone::Power(a) => SupportedConeT::PowerConeT(*a),
            Cone::Psd(n) => SupportedConeT::PSDTriangleConeT(*n),
        }
    }
}

/// Position of entry `(i, j)` with `i ≤ j` in the column-major upper triangle of an
/// `n × n` matrix: `j(j+1)/2 + i`.
pub fn triangle_index(i: usize, j: usize) -> usize {
    debug_assert!(i <= j);
    j * (j + 1) / 2 + i
}

/// Whether entry `k` of a column-major upper triangle lies off the diagonal.
pub(crate) fn triangle_off_diagonal(k: usize) -> bool {
    // column j holds entries j(j+1)/2 ..= j(j+1)/2 + j; the last one is the diagonal
    let mut j = 0;
    while (j + 1) * (j + 2) / 2 <= k {
        j += 1;
    }
    k != j * (j + 1) / 2 + j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangle_layout() {
        // 3×3: X11 X12 X22 X13 X23 X33
        assert_eq!(triangle_index(0, 0), 0);
        assert_eq!(triangle_index(0, 1), 1);
        assert_eq!(triangle_index(1, 1), 2);
        assert_eq!(triangle_index(1, 2), 4);
        let off: Vec<bool> = (0..6).map(triangle_off_diagonal).collect();
        assert_eq!(off, vec![false, true, false, true, true, false]);
    }
}
