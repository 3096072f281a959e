//! Seeded 3D buildings for the quadrotor benchmark (shared digest 01, "3D buildings"): a grid
//! of rooms with doors between them and windows to a yard around the building, every piece of
//! free space an axis-aligned box.
//!
//! Room `(i, j)` of an `R × R` grid of `L`-metre rooms is the box
//! `[iL + t, (i+1)L − t] × [jL + t, (j+1)L − t] × [0, H]` (walls of thickness `2t` on the grid
//! lines). Which rooms share a door is a depth-first maze on the rooms plus `extra_doors`
//! knock-downs ([`Maze::generate`]), so every room is reachable. A door is a box 1 m wide and
//! 2.2 m high at a random place along its wall, reaching `reach` metres into both rooms; a
//! window is a box 1 m wide between heights 1 and 2 m through an outer wall, reaching into
//! the room and the yard. The yard is four slabs around the building (they overlap at the
//! corners). The start is in the yard west of the building, the goal in a room of the east
//! column, both 1.5 m high. Regions meet in full-dimensional overlaps, so the default `facet`
//! edge rule joins exactly the pieces that touch.

use crate::error::GcsError;
use crate::instance::{Instance, RegionSpec};
use crate::maze::Maze;
use globopt_core::rng::substream;
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// The shape of a generated building.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Building {
    /// Rooms per side `R` (default 3, the paper's 3 × 3).
    pub rooms: usize,
    /// Room side `L` in metres (default 5).
    pub room_size: f64,
    /// Ceiling height `H` (default 3).
    pub height: f64,
    /// Doors beyond the spanning tree of rooms (default 2).
    pub extra_doors: usize,
    /// Windows in the outer walls (default 3, at least 1).
    pub windows: usize,
    /// Yard width around the building (default 3).
    pub yard: f64,
}

impl Default for Building {
    fn default() -> Self {
        Building {
            rooms: 3,
            room_size: 5.0,
            height: 3.0,
            extra_doors: 2,
            windows: 3,
            yard: 3.0,
        }
    }
}

/// Half the wall thickness.
const WALL: f64 = 0.1;
/// How far a door or window box reaches past the wall on each side.
const REACH: f64 = 0.5;

impl Building {
    /// The building of `seed` as an [`Instance`] (regions, no edge list: the `facet` rule
    /// derives them). Errors on a shape that leaves no room for doors and windows.
    pub fn generate(&self, seed: u64) -> Result<Instance, GcsError> {
        let (r, l, h, yard) = (self.rooms, self.room_size, self.height, self.yard);
        if r == 0 {
            return Err(GcsError::param("rooms", "must be at least 1"));
        }
        if !(l.is_finite() && l >= 3.0) {
            return Err(GcsError::param("room_size", "must be at least 3 metres"));
        }
        if !(h.is_finite() && h >= 2.5) {
            return Err(GcsError::param("height", "must be at least 2.5 metres"));
        }
        if !(yard.is_finite() && yard > WALL + REACH) {
            return Err(GcsError::param("yard", "must be wider than 0.6 metres"));
        }
        if self.windows == 0 || self.windows > 4 * r {
            return Err(GcsError::param(
                "windows",
                format!("must be between 1 and {} (4 per room along a side)", 4 * r),
            ));
        }
        let mut rng = substream(seed, 1);
        let maze = Maze::generate(r, self.extra_doors, seed)?;
        let mut regions = Vec::new();
        let bx = |lo: [f64; 3], hi: [f64; 3]| RegionSpec::Box([lo.to_vec(), hi.to_vec()]);
        for i in 0..r {
            for j in 0..r {
                let (x, y) = (i as f64 * l, j as f64 * l);
                regions.push(bx(
                    [x + WALL, y + WALL, 0.0],
                    [x + l - WALL, y + l - WALL, h],
                ));
            }
        }
        // a door or window centre along its wall, 1.5 m clear of the corners
        let along =
            |base: f64, rng: &mut globopt_core::rng::GlobRng| base + rng.random_range(1.5..l - 1.5);
        for [a, b] in maze.passages() {
            if a > b {
                continue;
            }
            let (ia, ja) = (a / r, a % r);
            let (ib, jb) = (b / r, b % r);
            if ib == ia + 1 && jb == ja {
                let xw = ib as f64 * l;
                let c = along(ja as f64 * l, &mut rng);
                regions.push(bx(
                    [xw - WALL - REACH, c - 0.5, 0.0],
                    [xw + WALL + REACH, c + 0.5, 2.2],
                ));
            } else {
                let yw = jb as f64 * l;
                let c = along(ia as f64 * l, &mut rng);
                regions.push(bx(
                    [c - 0.5, yw - WALL - REACH, 0.0],
                    [c + 0.5, yw + WALL + REACH, 2.2],
                ));
            }
        }
        // outer wall slots: (side, room index along the side); sides west, east, south, north
        let mut slots: Vec<(usize, usize)> =
            (0..4).flat_map(|s| (0..r).map(move |k| (s, k))).collect();
        slots.shuffle(&mut rng);
        let width = r as f64 * l;
        for &(side, k) in slots.iter().take(self.windows) {
            let c = along(k as f64 * l, &mut rng);
            let (w_lo, w_hi) = match side {
                0 => (0.0 - WALL - REACH, WALL + REACH),
                1 => (width - WALL - REACH, width + WALL + REACH),
                2 => (0.0 - WALL - REACH, WALL + REACH),
                _ => (width - WALL - REACH, width + WALL + REACH),
            };
            regions.push(if side < 2 {
                bx([w_lo, c - 0.5, 1.0], [w_hi, c + 0.5, 2.0])
            } else {
                bx([c - 0.5, w_lo, 1.0], [c + 0.5, w_hi, 2.0])
            });
        }
        let (lo, hi) = (-yard, width + yard);
        regions.push(bx([lo, lo, 0.0], [-WALL, hi, h]));
        regions.push(bx([width + WALL, lo, 0.0], [hi, hi, h]));
        regions.push(bx([lo, lo, 0.0], [hi, -WALL, h]));
        regions.push(bx([lo, width + WALL, 0.0], [hi, hi, h]));
        let start = vec![-yard / 2.0, rng.random_range(1.0..width - 1.0), 1.5];
        let goal_room = rng.random_range(0..r);
        let goal = vec![(r as f64 - 0.5) * l, (goal_room as f64 + 0.5) * l, 1.5];
        Ok(Instance {
            regions,
            edges: None,
            edge_rule: Default::default(),
            start,
            goal,
            cost: Default::default(),
            speed: None,
            tol: 1e-7,
            size: None,
            description: Some(format!(
                "{r}x{r}-room building (rooms {l} m, height {h} m), {} doors, {} windows, yard {yard} m; generator seed {seed}",
                maze.passages().len() / 2,
                self.windows
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::RegionProblem;

    #[test]
    fn buildings_are_seeded_connected_worlds() {
        let b = Building::default();
        let inst = b.generate(7).unwrap();
        assert_eq!(inst, b.generate(7).unwrap());
        assert_ne!(inst, b.generate(8).unwrap());
        // 9 rooms, 8 + 2 doors, 3 windows, 4 yard slabs
        assert_eq!(inst.regions.len(), 9 + 10 + 3 + 4);
        let p = RegionProblem::from_instance(&inst).unwrap();
        // every door joins two rooms both ways, every window a room and a yard slab
        assert!(p.region_edges().len() >= 2 * (2 * 10 + 2 * 3));
        assert!(
            Building {
                windows: 0,
                ..b.clone()
            }
            .generate(0)
            .is_err()
        );
        assert!(Building { rooms: 0, ..b }.generate(0).is_err());
    }
}
