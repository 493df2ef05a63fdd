//! How long a durable write takes on this disk: an outbox enqueue (an action or a shared
//! draft edit) and a local draft autosave, each one committed transaction on a cache file.
//!
//! `cargo run --release -p desk-store --example commit_latency -- [SAMPLES] [DIR]`
//! (DIR: where the throwaway cache goes, default a temp dir; put it on the disk to measure).

use desk_store::{NewWrite, OutboxKind, Store};
use district_api::PartialReply;
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(f64::NAN)
}

fn report(what: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{what}: n={} median {:.3} ms, p95 {:.3} ms, max {:.3} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let samples: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200);
    let tmp = match args.next() {
        Some(dir) => tempfile::tempdir_in(dir)?,
        None => tempfile::tempdir()?,
    };
    let mut store = Store::open(&tmp.path().join("cache.db"))?;

    let mut enqueue = Vec::with_capacity(samples);
    for i in 0..samples {
        let write = NewWrite {
            ticket_id: Some(format!("T{i}")),
            kind: OutboxKind::Ack,
            body: serde_json::json!({}),
            idempotency_key: format!("key-{i}"),
            base_version: Some(1),
        };
        let started = Instant::now();
        store.enqueue(write, i as i64)?;
        enqueue.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    report("outbox enqueue", enqueue);

    let mut autosave = Vec::with_capacity(samples);
    for i in 0..samples {
        let reply = PartialReply {
            text: Some(format!("经核实，已安排人员处理。第 {i} 次保存。")),
            ..PartialReply::default()
        };
        let started = Instant::now();
        store.save_local_draft("T0", &reply, i % 10 == 0, i as i64)?;
        autosave.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    report("draft autosave", autosave);
    Ok(())
}
