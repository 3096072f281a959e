//! Exact integer linear algebra over big integers (shared digest 02, "Algorithm" step 5):
//! fraction-free (Bareiss) rank, a lattice basis of the integer kernel from a unimodular
//! echelon transform, primitive vectors, and the rational map from pivot coordinates to a
//! kernel vector used by the enumerations. No floating point anywhere.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The rank of an integer matrix (rows of equal length) by Bareiss' fraction-free
/// elimination: every intermediate entry is a minor of the input, every division exact.
pub fn rank(matrix: &[Vec<BigInt>]) -> usize {
    let mut m: Vec<Vec<BigInt>> = matrix.to_vec();
    let rows = m.len();
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    let mut prev = BigInt::one();
    for c in 0..cols {
        if r == rows {
            break;
        }
        let Some(p) = (r..rows).find(|&i| !m[i][c].is_zero()) else {
            continue;
        };
        m.swap(r, p);
        for i in r + 1..rows {
            for j in c + 1..cols {
                let v = (&m[r][c] * &m[i][j] - &m[i][c] * &m[r][j]) / &prev;
                m[i][j] = v;
            }
            m[i][c] = BigInt::zero();
        }
        prev = m[r][c].clone();
        r += 1;
    }
    r
}

/// Rank and a lattice basis of `ker_Z(A) = {x ∈ Zⁿ : A x = 0}` for an `m × n` integer matrix.
///
/// Integer row operations (Euclid on each column) bring `[Aᵀ | I]` to `[E | U]` with `E` in
/// echelon form and `U` unimodular, so `U Aᵀ = E`; the rows of `U` opposite the zero rows of
/// `E` form a basis of the kernel lattice (the Hermite-normal-form construction of digest 02,
/// step 5). Returns `(rank, basis)` with `n − rank` basis vectors of length `n`.
pub fn integer_kernel(matrix: &[Vec<BigInt>], n: usize) -> (usize, Vec<Vec<BigInt>>) {
    let m = matrix.len();
    let mut t: Vec<Vec<BigInt>> = (0..n)
        .map(|j| {
            let mut row: Vec<BigInt> = (0..m).map(|i| matrix[i][j].clone()).collect();
            row.extend((0..n).map(|k| BigInt::from(u8::from(k == j))));
            row
        })
        .collect();
    let mut r = 0;
    for c in 0..m {
        loop {
            let pivot = (r..n)
                .filter(|&i| !t[i][c].is_zero())
                .min_by(|&a, &b| t[a][c].abs().cmp(&t[b][c].abs()));
            let Some(p) = pivot else { break };
            t.swap(r, p);
            let mut cleared = true;
            for i in r + 1..n {
                if t[i][c].is_zero() {
                    continue;
                }
                let q = t[i][c].div_floor(&t[r][c]);
                let (head, tail) = t.split_at_mut(i);
                for (x, p) in tail[0][c..].iter_mut().zip(&head[r][c..]) {
                    *x -= &q * p;
                }
                if !t[i][c].is_zero() {
                    cleared = false;
                }
            }
            if cleared {
                r += 1;
                break;
            }
        }
        if r == n {
            break;
        }
    }
    let basis = t[r..].iter().map(|row| row[m..].to_vec()).collect();
    (r, basis)
}

/// The gcd of the entries (0 for the zero vector).
pub fn gcd_of(v: &[BigInt]) -> BigInt {
    v.iter().fold(BigInt::zero(), |g, x| g.gcd(x))
}

/// `v / gcd(v)`: the primitive vector on the same ray (the zero vector stays zero).
pub fn primitive(v: &[BigInt]) -> Vec<BigInt> {
    let g = gcd_of(v);
    if g.is_zero() || g.is_one() {
        return v.to_vec();
    }
    v.iter().map(|x| x / &g).collect()
}

/// `A v` for an integer matrix and vector.
pub fn mat_vec(matrix: &[Vec<BigInt>], v: &[BigInt]) -> Vec<BigInt> {
    matrix
        .iter()
        .map(|row| row.iter().zip(v).map(|(a, x)| a * x).sum())
        .collect()
}

/// The linear map from the coordinates of `k` pivot species to a kernel vector: every
/// `x ∈ ker(A)` is `N x_P / D` with `x_P` its entries at the pivots, and `x` is in the integer
/// kernel exactly when `x_P` is integral and every `N x_P` entry is divisible by `D`.
#[derive(Debug, Clone)]
pub struct PivotMap {
    /// The pivot species (indices into the columns).
    pub pivots: Vec<usize>,
    num: Vec<Vec<i128>>,
    den: i128,
}

impl PivotMap {
    /// `N / D = B · B_P⁻¹` for the kernel basis `B` (`basis[i]` is the i-th basis vector) and
    /// the pivot rows `P`; `None` when `B_P` is singular, an error message when the map's
    /// integers do not fit 128 bits.
    pub fn new(basis: &[Vec<BigInt>], pivots: Vec<usize>) -> Result<Option<PivotMap>, String> {
        let k = basis.len();
        let n = basis.first().map_or(0, Vec::len);
        // B_P as rationals, augmented with the identity; Gauss–Jordan for the inverse
        let mut aug: Vec<Vec<BigRational>> = pivots
            .iter()
            .map(|&p| {
                let mut row: Vec<BigRational> = (0..k)
                    .map(|i| BigRational::from_integer(basis[i][p].clone()))
                    .collect();
                row.extend((0..k).map(|_| BigRational::zero()));
                row
            })
            .collect();
        for (i, row) in aug.iter_mut().enumerate() {
            row[k + i] = BigRational::one();
        }
        for c in 0..k {
            let Some(p) = (c..k).find(|&i| !aug[i][c].is_zero()) else {
                return Ok(None);
            };
            aug.swap(c, p);
            let inv = aug[c][c].recip();
            for x in aug[c].iter_mut() {
                *x = &*x * &inv;
            }
            for i in 0..k {
                if i != c && !aug[i][c].is_zero() {
                    let f = aug[i][c].clone();
                    let pivot = aug[c].clone();
                    for (x, p) in aug[i].iter_mut().zip(&pivot) {
                        *x -= &f * p;
                    }
                }
            }
        }
        // M = B · B_P⁻¹ (n × k): x_j = Σ_i B[i][j] t_i with t = B_P⁻¹ x_P
        let mut m: Vec<Vec<BigRational>> = vec![vec![BigRational::zero(); k]; n];
        for (j, row) in m.iter_mut().enumerate() {
            for (q, cell) in row.iter_mut().enumerate() {
                let mut s = BigRational::zero();
                for i in 0..k {
                    s += BigRational::from_integer(basis[i][j].clone()) * &aug[i][k + q];
                }
                *cell = s;
            }
        }
        let den = m
            .iter()
            .flatten()
            .fold(BigInt::one(), |l, x| l.lcm(x.denom()));
        let too_big = || "the pivot map".to_string();
        let num = m
            .iter()
            .map(|row| {
                row.iter()
                    .map(|x| {
                        (x.numer() * (&den / x.denom()))
                            .to_i128()
                            .ok_or_else(too_big)
                    })
                    .collect::<Result<Vec<i128>, String>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let den = den.to_i128().ok_or_else(too_big)?;
        Ok(Some(PivotMap { pivots, num, den }))
    }

    /// The kernel vector with pivot coordinates `xp`, or `None` when it is not integral (or
    /// overflows 128 bits).
    pub fn point(&self, xp: &[i128]) -> Option<Vec<i128>> {
        self.num
            .iter()
            .map(|row| {
                let mut s: i128 = 0;
                for (a, x) in row.iter().zip(xp) {
                    s = s.checked_add(a.checked_mul(*x)?)?;
                }
                (s % self.den == 0).then_some(s / self.den)
            })
            .collect()
    }

    /// The pivot coordinates of a kernel vector.
    pub fn coordinates(&self, x: &[i128]) -> Vec<i128> {
        self.pivots.iter().map(|&p| x[p]).collect()
    }
}

/// Convert to big integers.
pub fn to_big(v: &[i128]) -> Vec<BigInt> {
    v.iter().map(|&x| BigInt::from(x)).collect()
}

/// Convert to 128-bit integers, `None` when an entry does not fit.
pub fn to_i128(v: &[BigInt]) -> Option<Vec<i128>> {
    v.iter().map(ToPrimitive::to_i128).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(rows: &[&[i64]]) -> Vec<Vec<BigInt>> {
        rows.iter()
            .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
            .collect()
    }

    #[test]
    fn rank_and_kernel_of_a_rank_deficient_matrix() {
        let a = big(&[&[1, 2, 3], &[2, 4, 6], &[1, 0, 1]]);
        assert_eq!(rank(&a), 2);
        let (r, k) = integer_kernel(&a, 3);
        assert_eq!(r, 2);
        assert_eq!(k.len(), 1);
        assert!(mat_vec(&a, &k[0]).iter().all(Zero::is_zero));
        assert_eq!(gcd_of(&k[0]), BigInt::one());
    }

    #[test]
    fn kernel_is_a_lattice_basis_not_just_a_rational_one() {
        // x + y + 2z = 0: the lattice kernel is generated by (1,-1,0), (2,0,-1) (index 1)
        let a = big(&[&[1, 1, 2]]);
        let (r, k) = integer_kernel(&a, 3);
        assert_eq!((r, k.len()), (1, 2));
        // (0, 2, -1) must be an integer combination: the 2×2 minors of the basis have gcd 1
        let m = |i: usize, j: usize| &k[0][i] * &k[1][j] - &k[0][j] * &k[1][i];
        let g = m(0, 1).gcd(&m(0, 2)).gcd(&m(1, 2));
        assert_eq!(g, BigInt::one());
    }

    #[test]
    fn pivot_map_recovers_kernel_vectors() {
        let a = big(&[&[1, 1, 2]]);
        let (_, k) = integer_kernel(&a, 3);
        let map = PivotMap::new(&k, vec![0, 1]).unwrap().unwrap();
        let x = map.point(&[1, 1]).unwrap();
        assert_eq!(x, vec![1, 1, -1]);
        assert!(map.point(&[1, 2]).is_none());
        assert_eq!(map.coordinates(&x), vec![1, 1]);
        assert!(PivotMap::new(&k, vec![2, 2]).unwrap().is_none());
    }
}
