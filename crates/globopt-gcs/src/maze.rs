//! Seeded `N × N` mazes with knock-downs, the test world of the paper (shared digest 01,
//! "Side-by-side benchmark", instances): a depth-first (recursive-backtracker) maze on unit
//! cells, then `knock_downs` interior walls removed at random, which opens loops and makes
//! the shortest path a real choice.
//!
//! Cell `(x, y)` is region `[x, x+1] × [y, y+1]` with index `y + x·N` (the fixture's
//! convention); the start is `(0.5, 0)` on the bottom face of cell `(0, 0)` and the goal
//! `(N − 0.5, N)` on the top face of cell `(N − 1, N − 1)`.

use crate::error::GcsError;
use crate::instance::{Instance, RegionSpec};
use globopt_core::rng::seeded;
use rand::Rng;
use rand::seq::SliceRandom;

/// A maze: which walls between neighbouring cells are open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Maze {
    size: usize,
    /// `east[x][y]`: the wall between `(x, y)` and `(x + 1, y)` is open.
    east: Vec<Vec<bool>>,
    /// `north[x][y]`: the wall between `(x, y)` and `(x, y + 1)` is open.
    north: Vec<Vec<bool>>,
}

impl Maze {
    /// Generate a `size × size` maze from `seed`: a depth-first maze from cell `(0, 0)` (at
    /// each step a uniformly random unvisited neighbour, backtracking at dead ends), then
    /// `knock_downs` distinct interior walls opened uniformly at random (all of them when
    /// fewer remain). Errors when `size` is 0.
    pub fn generate(size: usize, knock_downs: usize, seed: u64) -> Result<Self, GcsError> {
        if size == 0 {
            return Err(GcsError::param("size", "must be at least 1"));
        }
        let mut rng = seeded(seed);
        let mut east = vec![vec![false; size]; size];
        let mut north = vec![vec![false; size]; size];
        let mut visited = vec![vec![false; size]; size];
        let mut stack = vec![(0usize, 0usize)];
        visited[0][0] = true;
        while let Some(&(x, y)) = stack.last() {
            let mut next = Vec::with_capacity(4);
            if x + 1 < size && !visited[x + 1][y] {
                next.push((x + 1, y));
            }
            if x > 0 && !visited[x - 1][y] {
                next.push((x - 1, y));
            }
            if y + 1 < size && !visited[x][y + 1] {
                next.push((x, y + 1));
            }
            if y > 0 && !visited[x][y - 1] {
                next.push((x, y - 1));
            }
            if next.is_empty() {
                stack.pop();
                continue;
            }
            let (nx, ny) = next[rng.random_range(0..next.len())];
            open(&mut east, &mut north, (x, y), (nx, ny));
            visited[nx][ny] = true;
            stack.push((nx, ny));
        }
        let mut closed: Vec<((usize, usize), (usize, usize))> = Vec::new();
        for x in 0..size {
            for y in 0..size {
                if x + 1 < size && !east[x][y] {
                    closed.push(((x, y), (x + 1, y)));
                }
                if y + 1 < size && !north[x][y] {
                    closed.push(((x, y), (x, y + 1)));
                }
            }
        }
        closed.shuffle(&mut rng);
        for &(a, b) in closed.iter().take(knock_downs) {
            open(&mut east, &mut north, a, b);
        }
        Ok(Maze { size, east, north })
    }

    /// The grid size `N`.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Cell index `y + x·N`.
    pub fn cell(&self, x: usize, y: usize) -> usize {
        y + x * self.size
    }

    /// The open passages as directed pairs of cell indices (both directions), sorted.
    pub fn passages(&self) -> Vec<[usize; 2]> {
        let n = self.size;
        let mut out = Vec::new();
        for x in 0..n {
            for y in 0..n {
                if x + 1 < n && self.east[x][y] {
                    out.push([self.cell(x, y), self.cell(x + 1, y)]);
                    out.push([self.cell(x + 1, y), self.cell(x, y)]);
                }
                if y + 1 < n && self.north[x][y] {
                    out.push([self.cell(x, y), self.cell(x, y + 1)]);
                    out.push([self.cell(x, y + 1), self.cell(x, y)]);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The maze as a path-planning instance (regions, explicit edges, start, goal) in the
    /// fixture's format.
    pub fn to_instance(&self) -> Instance {
        let n = self.size;
        let mut regions = Vec::with_capacity(n * n);
        for x in 0..n {
            for y in 0..n {
                let (fx, fy) = (x as f64, y as f64);
                regions.push(RegionSpec::Box([vec![fx, fy], vec![fx + 1.0, fy + 1.0]]));
            }
        }
        Instance {
            regions,
            edges: Some(self.passages()),
            edge_rule: Default::default(),
            start: vec![0.5, 0.0],
            goal: vec![n as f64 - 0.5, n as f64],
            cost: Default::default(),
            speed: None,
            tol: 1e-7,
            size: Some(n),
            description: Some(format!(
                "{n}x{n} maze of unit cells (depth-first maze with random wall knock-downs); cell index = y + x*{n}; region i is the box [x,x+1]x[y,y+1]; edges are directed pairs of cells with no wall between them"
            )),
        }
    }
}

fn open(east: &mut [Vec<bool>], north: &mut [Vec<bool>], a: (usize, usize), b: (usize, usize)) {
    let ((x0, y0), (x1, y1)) = if a <= b { (a, b) } else { (b, a) };
    if x1 == x0 + 1 && y0 == y1 {
        east[x0][y0] = true;
    } else if y1 == y0 + 1 && x0 == x1 {
        north[x0][y0] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_maze_is_a_spanning_tree_and_knockdowns_add_loops() {
        for n in [1, 2, 5, 8] {
            let m = Maze::generate(n, 0, 3).unwrap();
            // a spanning tree of n² cells has n² − 1 passages (two directed edges each)
            assert_eq!(m.passages().len(), 2 * (n * n - 1), "n = {n}");
        }
        let m = Maze::generate(8, 5, 3).unwrap();
        assert_eq!(m.passages().len(), 2 * (64 - 1 + 5));
        assert_eq!(m, Maze::generate(8, 5, 3).unwrap());
        assert_ne!(m, Maze::generate(8, 5, 4).unwrap());
        // asking for more knock-downs than walls opens every wall: the full grid graph
        let full = Maze::generate(3, 1000, 0).unwrap();
        assert_eq!(full.passages().len(), 2 * 12);
        assert!(Maze::generate(0, 0, 0).is_err());
    }
}
