//! The shared test harness: a district simulator on `127.0.0.1:0`, a signed-in
//! client, and a private data directory, each cleaned up when dropped. Used by the
//! cross-crate integration tests and the `liaison` CLI's tests; process guards,
//! polling, private HOME directories and strict test timestamps are `test_support`'s
//! (re-exported here).

use desk_app::{Desk, DeskOptions, Sensitive};
use desk_sync::DistrictClient;
use district_sim::{SimConfig, SimHandle};
use std::path::PathBuf;
pub use test_support;

/// A running simulator and a temporary data directory for one test.
pub struct World {
    pub sim: SimHandle,
    pub dir: tempfile::TempDir,
}

impl World {
    /// Starts a simulator with `tickets` tickets from `seed`, at a fixed simulated time
    /// so that deadlines and countdowns are reproducible.
    pub async fn start(seed: u64, tickets: usize) -> World {
        World::launch(seed, tickets, false).await
    }

    /// Like [`World::start`], with the control API (`/_sim/`) on.
    pub async fn start_controlled(seed: u64, tickets: usize) -> World {
        World::launch(seed, tickets, true).await
    }

    async fn launch(seed: u64, tickets: usize, control_api: bool) -> World {
        World::launch_at(seed, tickets, control_api, "2026-11-27T10:00:00+08:00").await
    }

    /// A simulator whose clock starts at `now` (RFC 3339), control API on.
    pub async fn start_at(seed: u64, tickets: usize, now: &str) -> World {
        World::launch_at(seed, tickets, true, now).await
    }

    async fn launch_at(seed: u64, tickets: usize, control_api: bool, now: &str) -> World {
        World::with_config(SimConfig {
            seed,
            tickets,
            now: Some(test_support::time::at(now)),
            control_api,
            ..SimConfig::default()
        })
        .await
    }

    /// A simulator started with `config` (e.g. on the real clock: `now: None`).
    pub async fn with_config(config: SimConfig) -> World {
        let sim = district_sim::spawn(config).await.expect("simulator starts");
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
        sign_in(&self.sim, who).await
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

/// Signs in at `sim` as the demo officer `who` ("A" or "B") and returns the token.
pub async fn sign_in(sim: &SimHandle, who: &str) -> Sensitive<String> {
    let (user, password) = if who == "B" {
        district_sim::DEMO_OFFICER_B
    } else {
        district_sim::DEMO_OFFICER_A
    };
    let client = DistrictClient::new(&sim.base_url()).expect("client");
    let login = client
        .login(user, &Sensitive::new(password.to_owned()))
        .await
        .expect("login works");
    Sensitive::new(login.token)
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

/// A retry policy for tests: quick backoff, and `Retry-After` honoured up to 3 s.
pub fn fast_retry() -> desk_sync::RetryPolicy {
    desk_sync::RetryPolicy {
        min_delay: std::time::Duration::from_millis(5),
        max_delay: std::time::Duration::from_millis(50),
        max_retries: 8,
        max_retry_after: std::time::Duration::from_secs(3),
    }
}

impl World {
    /// A desk with the test retry policy and a small page size.
    pub async fn fast_desk(&self, who: &str, name: &str) -> Desk {
        Desk::open(DeskOptions {
            data_dir: self.data_dir(name),
            server_url: Some(self.sim.base_url()),
            token: Some(self.token(who).await),
            retry: fast_retry(),
            page_limit: Some(25),
            ..DeskOptions::default()
        })
        .expect("desk opens")
    }
}

/// Syncs until a pass succeeds with nothing left pending (bounded): faults may make
/// single passes fail, and that is what the tests are about.
pub async fn sync_until_settled(desk: &Desk, max_passes: usize) -> desk_app::ipc::SyncStatus {
    let mut last = None;
    for _ in 0..max_passes {
        match desk.sync_now().await {
            Ok(_) => {
                let status = desk.sync_status().expect("status");
                if status.outbox_pending == 0 {
                    return status;
                }
            }
            Err(e) => last = Some(e.to_string()),
        }
    }
    panic!("no successful sync with an empty queue in {max_passes} passes; last error: {last:?}");
}

/// A reply that meets the district's reply rules for `ticket`.
pub fn valid_reply(ticket: &district_api::Ticket) -> district_api::Reply {
    // After dispatch and never in the future: when the ticket was acknowledged.
    let contacted = ticket
        .acked_by
        .as_ref()
        .map_or(ticket.dispatched_at + chrono::Duration::seconds(1), |a| {
            a.at
        });
    let redo = ticket.redo.as_ref().map(|r| {
        format!(
            "针对市民反映的“{}”，已重新派员到现场核实并整改完毕。",
            r.reason
        )
    });
    district_api::Reply {
        outcome: district_api::ReplyOutcome::Resolved,
        text:
            "经我单位工作人员现场核实，市民反映的问题属实。我单位已协调相关责任部门于当日完成处置，\
               并安排专人持续跟踪，确保问题不再反复。已电话告知市民处理结果，市民表示认可。"
                .to_owned(),
        citizen_contacted_at: contacted,
        contact_method: district_api::ContactMethod::Phone,
        contact_name: "李明".to_owned(),
        contact_phone: "0531-88886666".to_owned(),
        policy_basis: None,
        addresses_redo_reason: redo,
    }
}

/// A keyring for tests: durable like the OS keyring (so the desk encrypts its cache),
/// kept in memory and shared between the desks of one test.
#[derive(Debug, Default)]
pub struct TestKeyring {
    entries: std::sync::Mutex<std::collections::HashMap<String, Sensitive<String>>>,
}

impl TestKeyring {
    /// What is kept under `account` (to assert on it).
    pub fn entry(&self, account: &str) -> Option<String> {
        self.entries
            .lock()
            .ok()
            .and_then(|e| e.get(account).map(|s| s.expose().clone()))
    }
}

impl desk_app::vault::TokenVault for TestKeyring {
    fn durable(&self) -> bool {
        true
    }

    fn load(
        &self,
        account: &str,
    ) -> Result<Option<Sensitive<String>>, desk_app::vault::VaultError> {
        Ok(self.entry(account).map(Sensitive::new))
    }

    fn save(
        &self,
        account: &str,
        token: &Sensitive<String>,
    ) -> Result<(), desk_app::vault::VaultError> {
        if let Ok(mut e) = self.entries.lock() {
            e.insert(account.to_owned(), token.clone());
        }
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), desk_app::vault::VaultError> {
        if let Ok(mut e) = self.entries.lock() {
            e.remove(account);
        }
        Ok(())
    }
}

impl World {
    /// A desk signed in as `who` whose cache in `data_dir(name)` is encrypted with a key
    /// kept in `keyring`.
    pub async fn encrypted_desk(
        &self,
        who: &str,
        name: &str,
        keyring: &std::sync::Arc<TestKeyring>,
    ) -> Result<Desk, desk_app::AppError> {
        Desk::open(DeskOptions {
            data_dir: self.data_dir(name),
            server_url: Some(self.sim.base_url()),
            token: Some(self.token(who).await),
            vault: Some(keyring.clone()),
            ..DeskOptions::default()
        })
    }
}
