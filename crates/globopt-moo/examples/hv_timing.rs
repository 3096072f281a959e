//! Times exact hypervolume on point sets stored as headerless CSV files (one point per row),
//! for the side-by-side benchmark `benches/reference/moo/hv_moocore.py`.
//!
//! Usage: `cargo run --release -p globopt-moo --example hv_timing -- REPEATS REF FILE...`
//! where REF is one number used for every objective. Prints one JSON line per file with the
//! value and the median CPU time of the calling thread in seconds (robust to other processes
//! sharing the cores; the Python side measures `time.thread_time()` likewise).

use globopt_core::pareto::hypervolume;

/// CPU seconds consumed by this thread (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_time() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; the clock id is valid on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [repeats, reference, files @ ..] = args.as_slice() else {
        return Err("usage: hv_timing REPEATS REF FILE...".into());
    };
    let repeats: usize = repeats.parse()?;
    let reference: f64 = reference.parse()?;
    for file in files {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(file)?;
        let mut points: Vec<Vec<f64>> = Vec::new();
        for record in reader.records() {
            let record = record?;
            points.push(
                record
                    .iter()
                    .map(|s| s.trim().parse::<f64>())
                    .collect::<Result<_, _>>()?,
            );
        }
        let m = points.first().map_or(0, Vec::len);
        let r = vec![reference; m];
        let mut times = Vec::with_capacity(repeats);
        let mut value = 0.0;
        for _ in 0..repeats.max(1) {
            let started = thread_time();
            value = hypervolume(&points, &r)?;
            times.push(thread_time() - started);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{}",
            serde_json::json!({
                "file": file,
                "n": points.len(),
                "m": m,
                "hypervolume": value,
                "median_s": times[times.len() / 2],
            })
        );
    }
    Ok(())
}
