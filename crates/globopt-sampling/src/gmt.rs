//! GMT*, the Group Marching Tree (Ichter, Schmerling & Pavone 2017), shared digest 13
//! ("Algorithm" step 5): FMT* that expands, at once, the whole group of Open nodes whose cost
//! is below a threshold rising by `δ = λ r` per iteration.
//!
//! Iteration `i`: the group is `G = {Open nodes with cost ≤ i δ}`; when it is empty, `i`
//! jumps to `⌈min open cost / δ⌉` and the threshold is `max(i δ, min open cost)` (without this
//! guard rounding can leave `G` empty forever when `λ` is small). If `G` holds a goal node, the
//! cheapest one's path is returned. Otherwise `X = ∪_{z ∈ G} N(z) ∩ Unvisited` (deduplicated
//! by a mask, in index order) gets the lazy parent search of FMT* **in parallel** over its
//! nodes (rayon), each reading only the state at the start of the iteration and writing its own
//! result slot. After that barrier the connected nodes become Open, `G` becomes Closed and
//! `i ← i + 1`; an empty Open set is a failure. Costs are `cost(parent) + ‖x − parent‖`,
//! computed per node, never by parallel reductions, so the output does not depend on the
//! thread count. As `λ → 0` the group is the single cheapest node and GMT* is FMT*.
//!
//! Guarantee (digest 13, step 7): for any chain of samples with clearance `r`, the GMT* cost is
//! within a factor `1 + 2λ` of the chain's length; combined with the radius this makes GMT*
//! asymptotically `(1 + 2λ)`-optimal. This is an asymptotic guarantee, not a certificate.

use crate::pace::{Pace, in_pool};
use crate::tree::{Attempt, NodeState, SearchGraph, SearchOutcome, SearchStats, Tree};
use globopt_core::Observer;
use rayon::prelude::*;
use std::time::Instant;

/// Run GMT* on `graph` with group width `δ = lambda · radius` (see the module
/// documentation), the group expansion in `pool` (rayon's global pool when `None`); the observer gets progress events and may stop
/// the run, as may `deadline`.
pub fn gmt_star(
    graph: &SearchGraph<'_>,
    lambda: f64,
    radius: f64,
    pool: Option<&rayon::ThreadPool>,
    observer: &mut dyn Observer,
    deadline: Option<Instant>,
) -> SearchOutcome {
    let n = graph.samples.len();
    let delta = lambda * radius;
    let mut tree = Tree::rooted(n);
    let mut blocked: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut stats = SearchStats::default();
    let mut open: Vec<u32> = vec![0];
    let mut mark = vec![false; n];
    let mut i: f64 = 0.0;
    let mut goal = None;
    let mut stopped = false;
    let mut group_total: u64 = 0;
    let mut pace = Pace::start(observer, "gmt*", Some(n as u64), deadline);
    while !open.is_empty() {
        if pace.tick(stats.nodes_expanded) {
            stopped = true;
            break;
        }
        let mut threshold = i * delta;
        if !open.iter().any(|&z| tree.cost[z as usize] <= threshold) {
            let min = open
                .iter()
                .map(|&z| tree.cost[z as usize])
                .fold(f64::INFINITY, f64::min);
            i = (min / delta).ceil();
            threshold = (i * delta).max(min);
        }
        let (group, rest): (Vec<u32>, Vec<u32>) = open
            .iter()
            .partition(|&&z| tree.cost[z as usize] <= threshold);
        let reached_goal = group
            .iter()
            .map(|&z| z as usize)
            .filter(|&z| graph.samples.is_goal(z))
            .min_by(|&a, &b| tree.cost[a].total_cmp(&tree.cost[b]).then(a.cmp(&b)));
        if reached_goal.is_some() {
            goal = reached_goal;
            break;
        }
        stats.iterations += 1;
        stats.largest_group = stats.largest_group.max(group.len() as u64);
        group_total += group.len() as u64;
        let mut wave: Vec<u32> = Vec::new();
        for &z in &group {
            for &x in graph.neighbors.of(z as usize).0 {
                if tree.state[x as usize] == NodeState::Unvisited && !mark[x as usize] {
                    mark[x as usize] = true;
                    wave.push(x);
                }
            }
        }
        wave.sort_unstable();
        for &x in &wave {
            mark[x as usize] = false;
        }
        let attempts: Vec<Attempt> = {
            let snapshot = &tree;
            let blocked = &blocked;
            in_pool(pool, || {
                wave.par_iter()
                    .map(|&x| graph.best_parent(x as usize, snapshot, &blocked[x as usize]))
                    .collect()
            })
        };
        open = rest;
        for (&x, attempt) in wave.iter().zip(attempts) {
            let x = x as usize;
            match attempt {
                Attempt::Connected { parent, cost } => {
                    stats.collision_checks += 1;
                    stats.nodes_added += 1;
                    tree.state[x] = NodeState::Open;
                    tree.parent[x] = parent;
                    tree.cost[x] = cost;
                    open.push(x as u32);
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
        for &z in &group {
            tree.state[z as usize] = NodeState::Closed;
        }
        stats.nodes_expanded += group.len() as u64;
        i += 1.0;
    }
    stats.mean_group = if stats.iterations > 0 {
        group_total as f64 / stats.iterations as f64
    } else {
        0.0
    };
    pace.finish(stats.nodes_expanded, goal.map(|g| tree.cost[g]));
    SearchOutcome {
        tree,
        goal,
        stats,
        stopped,
    }
}
