//! Seeded random number generators.
//!
//! Every randomized globopt method takes a `seed: u64` and draws from a ChaCha8 stream, so the
//! same seed gives the same result on the same build. Parallel work (independent runs,
//! rounding trials) takes one [`substream`] per task, so results do not depend on how rayon
//! schedules the tasks or on the thread count.

use rand::SeedableRng;
pub use rand_chacha::ChaCha8Rng;

/// The generator every globopt solver uses.
pub type GlobRng = ChaCha8Rng;

/// A generator seeded from `seed`.
pub fn seeded(seed: u64) -> GlobRng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The `index`-th independent stream of `seed`: same key as [`seeded`], a distinct ChaCha
/// stream number, so streams never overlap.
pub fn substream(seed: u64, index: u64) -> GlobRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index.wrapping_add(1));
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn same_seed_same_draws_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| seeded(7).random()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut s0 = substream(7, 0);
        let mut s1 = substream(7, 1);
        let x: u64 = s0.random();
        let y: u64 = s1.random();
        assert_ne!(x, y);
        assert_eq!(x, substream(7, 0).random::<u64>());
    }
}
