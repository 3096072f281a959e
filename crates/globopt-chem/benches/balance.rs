//! Time per balance of the fifteen textbook cases of shared digest 02 (release build).
//! Acceptance: each under 1 ms. `cargo bench -p globopt-chem --bench balance`.

use criterion::{Criterion, criterion_group, criterion_main};
use globopt_chem::{BalanceOptions, Medium, Mode, balance_text};
use serde_json::Value;
use std::hint::black_box;

fn textbook(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/textbook.json");
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json");
    let mut group = c.benchmark_group("textbook");
    for case in fixture["cases"].as_array().expect("cases") {
        let id = case["id"].as_u64().expect("id");
        let equation = case["equation"].as_str().expect("equation").to_string();
        let medium: Option<Medium> =
            serde_json::from_value(case["medium"].clone()).expect("medium");
        let options = BalanceOptions {
            medium,
            ..Default::default()
        };
        group.bench_function(format!("case{id:02}"), |b| {
            b.iter(|| balance_text(black_box(&equation), &options).expect("balance"))
        });
        if let Some(couples) = case["couples"].as_array() {
            let half = BalanceOptions {
                mode: Mode::HalfReaction,
                couples: couples
                    .iter()
                    .map(|c| c.as_str().expect("couple").to_string())
                    .collect(),
                ..options.clone()
            };
            group.bench_function(format!("case{id:02}-half-reaction"), |b| {
                b.iter(|| balance_text(black_box(&equation), &half).expect("balance"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, textbook);
criterion_main!(benches);
