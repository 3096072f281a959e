//! Criterion benchmarks of the GCS engine on generated mazes: the relaxation alone (model
//! writing, assembly and Clarabel) and the end-to-end solve (graph search, relaxation,
//! rounding, restrictions), 10×10 and 20×20 with 20 knock-downs.
//!
//! `cargo bench -p globopt-gcs --bench maze`

use criterion::{Criterion, criterion_group, criterion_main};
use globopt_core::NoObserver;
use globopt_gcs::search::path_edges;
use globopt_gcs::{Maze, RegionProblem, RelaxationInput, ShortestPathParams, solve_relaxation};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("maze");
    group.sample_size(10);
    for n in [10, 20] {
        let problem =
            RegionProblem::from_instance(&Maze::generate(n, 20, 1).unwrap().to_instance()).unwrap();
        let gcs = problem.gcs();
        let active = path_edges(
            gcs,
            problem.source(),
            problem.target(),
            &vec![true; gcs.num_edges()],
        );
        let params = ShortestPathParams::default();
        group.bench_function(format!("relaxation {n}x{n}"), |b| {
            b.iter(|| {
                solve_relaxation(
                    &RelaxationInput {
                        gcs,
                        source: problem.source(),
                        target: problem.target(),
                        active: &active,
                        fixed_on: &[],
                        two_cycle_cuts: true,
                    },
                    &params.solver,
                    None,
                )
                .unwrap()
            })
        });
        group.bench_function(format!("solve {n}x{n}"), |b| {
            b.iter(|| problem.solve(&params, &mut NoObserver).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
