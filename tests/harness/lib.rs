//! The shared test harness: a district simulator on `127.0.0.1:0`, a signed-in
//! client, and a private data directory, each cleaned up when dropped.

use desk_app::{Desk, DeskOptions, Sensitive};
use desk_sync::DistrictClient;
use district_sim::{SimConfig, SimHandle};
use std::path::PathBuf;

/// A running simulator and a temporary data directory for one test.
pub struct World {
    pub sim: SimHandle,
    pub dir: tempfile::TempDir,
}

impl World {
    /// Starts a simulator with `tickets` tickets from `seed`, at a fixed simulated time
    /// so that deadlines and countdowns are reproducible.
    pub async fn start(seed: u64, tickets: usize) -> World {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+08:00")
            .expect("fixed sim time");
        let sim = district_sim::spawn(SimConfig {
            seed,
            tickets,
            now: Some(now),
            ..SimConfig::default()
        })
        .await
        .expect("simulator starts");
        World {
            sim,
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A data directory inside this world's temp dir.
    pub fn data_dir(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Signs in as the demo officer `who` ("A" or "B") and returns the token.
    pub async fn token(&self, who: &str) -> Sensitive<String> {
        let (user, password) = if who == "B" {
            district_sim::DEMO_OFFICER_B
        } else {
            district_sim::DEMO_OFFICER_A
        };
        let client = DistrictClient::new(&self.sim.base_url()).expect("client");
        let login = client
            .login(user, &Sensitive::new(password.to_owned()))
            .await
            .expect("login works");
        Sensitive::new(login.token)
    }

    /// A desk signed in as `who`, with its cache in `data_dir(name)`.
    pub async fn desk(&self, who: &str, name: &str) -> Desk {
        Desk::open(DeskOptions {
            data_dir: self.data_dir(name),
            server_url: Some(self.sim.base_url()),
            token: Some(self.token(who).await),
            ..DeskOptions::default()
        })
        .expect("desk opens")
    }

    /// The simulator's truth as JSON values, sorted by id.
    pub fn truth(&self) -> Vec<serde_json::Value> {
        let tickets = self.sim.unit_tickets().expect("simulator truth");
        to_sorted_values(&tickets)
    }
}

/// Tickets as JSON values sorted by id, for whole-object comparison.
pub fn to_sorted_values(tickets: &[district_api::Ticket]) -> Vec<serde_json::Value> {
    let mut values: Vec<serde_json::Value> = tickets
        .iter()
        .map(|t| serde_json::to_value(t).expect("ticket serializes"))
        .collect();
    values.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    values
}

/// Waits (polling, bounded) until nothing accepts connections on `addr` any more.
pub async fn wait_until_refused(addr: std::net::SocketAddr) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{addr} still accepts connections"
        );
        tokio::task::yield_now().await;
    }
}
