//! The search state shared by FMT* and GMT* (shared digest 13, "Algorithm" steps 3–4): each
//! node is Unvisited, Open or Closed, with a cost-to-come and a parent, and the lazy parent
//! search that both planners run for an Unvisited node `x`: the best Open neighbour
//! `y* = argmin_{y ∈ N(x) ∩ Open} cost(y) + ‖y − x‖` (ties by cost, then index) and one
//! collision check of the segment `y* → x`. A failed check leaves `x` Unvisited; the pair is
//! remembered so that it is never checked twice (OMPL's `cache_cc`).

use crate::neighbors::Neighbors;
use crate::sampler::SampleSet;
use crate::world::World;
use serde::Serialize;

/// A node's place in the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeState {
    /// Not yet connected to the tree.
    Unvisited,
    /// In the tree, on the wavefront.
    Open,
    /// In the tree, expanded.
    Closed,
}

/// Marks "no parent" in [`Tree::parent`].
pub const NO_PARENT: u32 = u32::MAX;

/// The tree grown by a planner: per node its state, cost-to-come and parent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tree {
    /// Node states.
    pub state: Vec<NodeState>,
    /// Cost-to-come (`inf` while Unvisited; 0 at the root).
    pub cost: Vec<f64>,
    /// Parent node ([`NO_PARENT`] for the root and Unvisited nodes).
    pub parent: Vec<u32>,
}

impl Tree {
    /// The tree rooted at node 0 (Open, cost 0), every other node Unvisited.
    pub fn rooted(n: usize) -> Self {
        let mut t = Tree {
            state: vec![NodeState::Unvisited; n],
            cost: vec![f64::INFINITY; n],
            parent: vec![NO_PARENT; n],
        };
        t.state[0] = NodeState::Open;
        t.cost[0] = 0.0;
        t
    }

    /// The node ids from the root to `node`.
    pub fn path_to(&self, node: usize) -> Vec<usize> {
        let mut path = vec![node];
        let mut v = node;
        while self.parent[v] != NO_PARENT {
            v = self.parent[v] as usize;
            path.push(v);
        }
        path.reverse();
        path
    }

    /// The tree's edges `(parent, child)`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.parent
            .iter()
            .enumerate()
            .filter(|(_, p)| **p != NO_PARENT)
            .map(|(c, p)| (*p as usize, c))
    }

    /// Nodes in the tree (Open or Closed).
    pub fn size(&self) -> usize {
        self.state
            .iter()
            .filter(|s| **s != NodeState::Unvisited)
            .count()
    }
}

/// What a parent search for one Unvisited node found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attempt {
    /// `y*` reaches `x` collision-free: `x` joins with this parent and cost.
    Connected {
        /// `y*`.
        parent: u32,
        /// `cost(y*) + ‖y* − x‖`.
        cost: f64,
    },
    /// The segment `y* → x` collides (checked now, or remembered from an earlier check).
    Blocked {
        /// `y*`.
        parent: u32,
        /// Whether a collision check was run now (false: remembered).
        checked: bool,
    },
    /// `x` has no Open neighbour.
    NoParent,
}

/// What a planner run reads: the world, the nodes and their neighbourhoods.
#[derive(Debug, Clone, Copy)]
pub struct SearchGraph<'a> {
    /// The world (collision checks).
    pub world: &'a World,
    /// The nodes.
    pub samples: &'a SampleSet,
    /// Their neighbourhoods.
    pub neighbors: &'a Neighbors,
}

impl SearchGraph<'_> {
    /// The lazy parent search for node `x` (see the module documentation) against `tree`,
    /// skipping parents in `blocked` (pairs already known to collide).
    pub fn best_parent(&self, x: usize, tree: &Tree, blocked: &[u32]) -> Attempt {
        let (ids, dists) = self.neighbors.of(x);
        let mut best: Option<(f64, f64, u32)> = None;
        for (&y, &d) in ids.iter().zip(dists) {
            if tree.state[y as usize] != NodeState::Open {
                continue;
            }
            let cy = tree.cost[y as usize];
            let c = cy + d;
            let better = match best {
                None => true,
                Some((bc, bcy, by)) => c < bc || (c == bc && (cy < bcy || (cy == bcy && y < by))),
            };
            if better {
                best = Some((c, cy, y));
            }
        }
        let Some((cost, _, parent)) = best else {
            return Attempt::NoParent;
        };
        if blocked.contains(&parent) {
            return Attempt::Blocked {
                parent,
                checked: false,
            };
        }
        if self
            .world
            .segment_free(self.samples.point(parent as usize), self.samples.point(x))
        {
            Attempt::Connected { parent, cost }
        } else {
            Attempt::Blocked {
                parent,
                checked: true,
            }
        }
    }
}

/// Counters of a planner run (shared digest 13, "Returned data").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchStats {
    /// Segment collision checks run.
    pub collision_checks: u64,
    /// Parent searches whose best parent was already known to collide (no check run).
    pub cached_rejections: u64,
    /// Expansions: FMT* pops, GMT* group iterations.
    pub iterations: u64,
    /// Nodes added to the tree (besides the root).
    pub nodes_added: u64,
    /// Nodes expanded (moved to Closed).
    pub nodes_expanded: u64,
    /// Largest group expanded at once (1 for FMT*).
    pub largest_group: u64,
    /// Mean group size.
    pub mean_group: f64,
}

/// The end of a planner run.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOutcome {
    /// The tree as grown.
    pub tree: Tree,
    /// The goal node reached, if any.
    pub goal: Option<usize>,
    /// Counters.
    pub stats: SearchStats,
    /// Whether the observer or the time limit stopped the run.
    pub stopped: bool,
}
