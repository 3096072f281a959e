//! FMT*, the Fast Marching Tree (Janson, Schmerling, Clark & Pavone 2015), the sequential
//! reference of shared digest 13 ("Algorithm" step 4).
//!
//! Open nodes sit in a binary heap keyed by (cost, index). Pop the cheapest, `z`: if it is a
//! goal node, return its path; otherwise for every Unvisited `x ∈ N(z)` run the lazy parent
//! search ([`SearchGraph::best_parent`]) against the Open set as it was before this
//! expansion. The connected nodes become Open only after all of `N(z)` is processed, then `z`
//! is Closed. An empty heap is a failure.

use crate::pace::Pace;
use crate::tree::{Attempt, NodeState, SearchGraph, SearchOutcome, SearchStats, Tree};
use globopt_core::Observer;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::time::Instant;

/// A heap key: cost with a total order, then the node index.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key(f64, u32);

impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// Run FMT* on `graph` (see the module documentation); the observer gets progress events and
/// may stop the run, as may `deadline`.
pub fn fmt_star(
    graph: &SearchGraph<'_>,
    observer: &mut dyn Observer,
    deadline: Option<Instant>,
) -> SearchOutcome {
    let n = graph.samples.len();
    let mut tree = Tree::rooted(n);
    let mut blocked: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut stats = SearchStats::default();
    let mut heap = BinaryHeap::new();
    heap.push(Reverse(Key(0.0, 0)));
    let mut pace = Pace::start(observer, "fmt*", Some(n as u64), deadline);
    let mut fresh: Vec<(usize, u32, f64)> = Vec::new();
    let mut goal = None;
    let mut stopped = false;
    while let Some(Reverse(Key(_, z))) = heap.pop() {
        let z = z as usize;
        if graph.samples.is_goal(z) {
            goal = Some(z);
            break;
        }
        if pace.tick(stats.nodes_expanded) {
            stopped = true;
            break;
        }
        stats.iterations += 1;
        fresh.clear();
        for &x in graph.neighbors.of(z).0 {
            let x = x as usize;
            if tree.state[x] != NodeState::Unvisited {
                continue;
            }
            match graph.best_parent(x, &tree, &blocked[x]) {
                Attempt::Connected { parent, cost } => {
                    stats.collision_checks += 1;
                    fresh.push((x, parent, cost));
                }
                Attempt::Blocked { parent, checked } => {
                    if checked {
                        stats.collision_checks += 1;
                        blocked[x].push(parent);
                    } else {
                        stats.cached_rejections += 1;
                    }
                }
                Attempt::NoParent => {}
            }
        }
        for &(x, parent, cost) in &fresh {
            tree.state[x] = NodeState::Open;
            tree.parent[x] = parent;
            tree.cost[x] = cost;
            heap.push(Reverse(Key(cost, x as u32)));
        }
        stats.nodes_added += fresh.len() as u64;
        tree.state[z] = NodeState::Closed;
        stats.nodes_expanded += 1;
    }
    stats.largest_group = u64::from(stats.iterations > 0);
    stats.mean_group = if stats.iterations > 0 { 1.0 } else { 0.0 };
    pace.finish(stats.nodes_expanded, goal.map(|g| tree.cost[g]));
    SearchOutcome {
        tree,
        goal,
        stats,
        stopped,
    }
}
