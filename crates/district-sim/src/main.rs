//! `district-sim`: runs the district hotline simulator as a standalone server.

use clap::Parser;
use district_sim::{DEMO_OFFICER_A, DEMO_OFFICER_B, DEMO_UNIT_ID, DEMO_UNIT_NAME, SimConfig};
use std::path::PathBuf;
use std::process::ExitCode;

/// District hotline simulator: serves the district API contract v1 with generated tickets.
#[derive(Debug, Parser)]
#[command(name = "district-sim", version)]
struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8345)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Seed of the ticket generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Number of tickets of the demo unit.
    #[arg(long, default_value_t = 300)]
    tickets: usize,
    /// SQLite file to keep the district's state in (default: in memory).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Sim clock at start, RFC 3339 (e.g. 2026-11-28T09:00:00+08:00); default: now.
    #[arg(long, value_parser = chrono::DateTime::parse_from_rfc3339)]
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Serve the control API under /_sim/ (dispatch, callbacks, clock, faults; no auth).
    #[arg(long)]
    control_api: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("district-sim: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), district_sim::SimError> {
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await?;
    let addr = listener.local_addr()?;
    println!("district-sim listening on http://{addr}/api/v1");
    println!("demo unit: {DEMO_UNIT_ID} ({DEMO_UNIT_NAME})");
    println!(
        "officer A: {} / {}    officer B: {} / {}",
        DEMO_OFFICER_A.0, DEMO_OFFICER_A.1, DEMO_OFFICER_B.0, DEMO_OFFICER_B.1
    );
    if args.control_api {
        println!("control API: http://{addr}/_sim/ (no auth)");
    }
    let config = SimConfig {
        seed: args.seed,
        tickets: args.tickets,
        now: args.now,
        db_path: args.db,
        control_api: args.control_api,
    };
    tokio::select! {
        served = district_sim::serve(listener, config) => served,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}
