//! `district-sim`: a district hotline office (区热线办) that speaks the district API
//! contract v1, for demo mode, tests and benchmarks. It serves a deterministic, realistic
//! set of 12345 work orders for one demo handling unit (北园街道办事处, 天桥区, 济南) from
//! its own SQLite store, with its own clock.
//!
//! What it must not do: be a second source of the contract. It follows
//! `docs/district-api.md` and speaks only through the `district-api` types, and where the
//! contract is silent it chooses what a careful server would (and says so here), never
//! what is merely convenient for the app's client — other servers implementing the
//! contract are used to test the client too. It never reads the OS clock for anything a
//! client sees (everything goes through [`SimClock`]), never panics on a request, and
//! never depends on the app's crates beyond the contract (`district-api`): its working
//! days, deadlines and reply checks are its own, so the desk's rules are tested against
//! an independent implementation (`desk-domain` is only a dev-dependency, for tests that
//! compare the two).
//!
//! Simulator choices where the contract is silent:
//! - The API lives under `/api/v1`; anything else is a 404 problem document.
//! - Feed cursors always contain `+`, `/` and `=` (see `cursor`), a cursor of another unit
//!   is unknown (400), and `next_cursor` is returned on every page, the last one included.
//! - An empty `cursor=` means "from the beginning"; `limit` must be a positive integer.
//! - Another unit's feed is 403; another unit's ticket is 404 (its existence is not told).
//! - Calendar ([`calendar`]): official 2026 and a provisional 2027 of the simulator's
//!   own; `GET /calendar/{year}` serves exactly those (404 for any other year), and the
//!   control API publishes or withdraws a year at run time (`/_sim/calendar/{year}`).
//!   Its own deadlines count Monday to Friday outside the table.
//! - Writes: see `service` (pipeline), `writes` (state transitions) and `rules` (the
//!   reply standard). Ack of any ticket that is not `pending_ack` is 409 with `current`;
//!   replies, opinions, extension and coordination requests on a `pending_ack` ticket are
//!   409 (acknowledge first); extension and coordination requests need an open ticket
//!   (`in_progress` or `redo`); a missing `If-Match` (428) ranks with 412, after 409; a
//!   draft PUT that creates answers 201, one that updates 200.
//! - Feed: a fresh feed (no cursor) does not replay tombstones (`removed`, `draft: null`)
//!   of what existed before it started; cursors expire by epoch (`/_sim/cursors/expire`)
//!   or by age (`/_sim/cursors`), and a fault plan can expire them at random.
//! - Control API under `/_sim` (see `control`), fault injection (see [`FaultPlan`]).

mod attachments;
pub mod calendar;
pub mod clock;
mod control;
mod cursor;
mod desk_updates;
mod directory;
mod faults;
mod feed;
pub mod generate;
mod http;
mod rules;
mod service;
mod store;
mod writes;

pub use calendar::{SimCalendar, sim_calendar};
pub use clock::SimClock;
pub use control::{
    CallbackBody, ClockBody, ClockState, CursorPolicy, DispatchBody, Dispatched, ExtensionDecision,
    OwnedTicket, RedispatchBody,
};
pub use desk_updates::{DeskArtifact, DeskRelease};
pub use directory::{DEMO_OFFICER_A, DEMO_OFFICER_B, DEMO_UNIT_ID, DEMO_UNIT_NAME};
pub use faults::{
    FaultPlan, LEAKED_CITIZEN_NAME, LEAKED_CITIZEN_PHONE, ReassignFault, RedirectFault,
};
pub use generate::{generate_dispatch, generate_ticket, generate_tickets};
pub use store::WriteRecord;

use chrono::{DateTime, Datelike, FixedOffset, TimeDelta};
use district_api::{Draft, Duty, Ticket};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How the simulator starts.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Seed of the ticket generator.
    pub seed: u64,
    /// How many tickets the demo unit gets.
    pub tickets: usize,
    /// The sim clock's reading at start (it runs on in real time); `None`: the real time.
    pub now: Option<DateTime<FixedOffset>>,
    /// The SQLite file; `None`: in memory. A file seeded before is served as it is.
    pub db_path: Option<PathBuf>,
    /// Serve the control API under `/_sim/` (no auth: tests and demos only).
    pub control_api: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            tickets: 300,
            now: None,
            db_path: None,
            control_api: false,
        }
    }
}

/// What can stop the simulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("the simulator did not answer GET /health within {0:?}")]
    NotReady(Duration),
    #[error("simulator task failed: {0}")]
    Task(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid: {0}")]
    Invalid(String),
}

/// The running simulator's shared state.
pub(crate) struct Sim {
    pub clock: SimClock,
    pub store: store::Store,
    /// The published years (the control API changes them at run time).
    calendar: std::sync::RwLock<SimCalendar>,
    pub control_api: bool,
    /// The generator's seed (also seeds version steps).
    pub seed: u64,
    pub faults: faults::Faults,
    /// The maximum age of a feed cursor in milliseconds (negative: no limit).
    cursor_max_age_ms: AtomicI64,
    /// The desk release the update feed announces (`desk_updates`).
    desk_update: std::sync::RwLock<Option<desk_updates::Published>>,
}

impl Sim {
    /// Opens the store and seeds it (blocking: run it off the async threads).
    fn build(config: SimConfig) -> Result<Self, SimError> {
        let clock = match config.now {
            Some(now) => {
                if !(1971..=9998).contains(&now.year()) {
                    return Err(SimError::Config(format!(
                        "now must be between 1971 and 9998, got {now}"
                    )));
                }
                SimClock::starting_at(now)
            }
            None => SimClock::real(),
        };
        let calendar = sim_calendar();
        let store = store::Store::open(config.db_path.as_deref())?;
        let count = u64::try_from(config.tickets)
            .map_err(|_| SimError::Config("too many tickets".to_owned()))?;
        let seeded =
            store.seed_if_empty(DEMO_UNIT_ID, config.seed, count, clock.base(), &calendar)?;
        if seeded {
            tracing::info!(seed = config.seed, tickets = count, now = %clock.base(), "seeded");
        } else {
            tracing::info!("serving a store seeded before");
        }
        let sim = Sim {
            clock,
            store,
            calendar: std::sync::RwLock::new(calendar),
            control_api: config.control_api,
            seed: config.seed,
            faults: faults::Faults::default(),
            cursor_max_age_ms: AtomicI64::new(-1),
            desk_update: std::sync::RwLock::new(None),
        };
        service::ensure_duty(&sim)?;
        Ok(sim)
    }

    /// The desk release the update feed announces, if any.
    pub(crate) fn desk_update(&self) -> Option<desk_updates::Published> {
        self.desk_update
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Publishes (or, with `None`, withdraws) the desk release of the update feed.
    pub(crate) fn set_desk_update(&self, published: Option<desk_updates::Published>) {
        let mut guard = self
            .desk_update
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = published;
    }

    /// The calendar as published now.
    pub(crate) fn calendar(&self) -> SimCalendar {
        self.calendar
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Changes the published calendar.
    pub(crate) fn with_calendar<T>(&self, f: impl FnOnce(&mut SimCalendar) -> T) -> T {
        let mut guard = self
            .calendar
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }

    /// The maximum age of a feed cursor, if any.
    pub(crate) fn cursor_max_age(&self) -> Option<TimeDelta> {
        let ms = self.cursor_max_age_ms.load(Ordering::Relaxed);
        (ms >= 0).then(|| TimeDelta::milliseconds(ms))
    }

    /// Sets (or lifts, `None`) the maximum age of a feed cursor.
    pub(crate) fn set_cursor_max_age(&self, age: Option<TimeDelta>) {
        let ms = age.map_or(-1, |a| a.num_milliseconds().max(0));
        self.cursor_max_age_ms.store(ms, Ordering::Relaxed);
    }
}

async fn build(config: SimConfig) -> Result<Arc<Sim>, SimError> {
    tokio::task::spawn_blocking(move || Sim::build(config))
        .await
        .map_err(|e| SimError::Task(e.to_string()))?
        .map(Arc::new)
}

async fn run(listener: TcpListener, sim: Arc<Sim>) -> Result<(), SimError> {
    axum::serve(listener, http::router(sim)).await?;
    Ok(())
}

/// Serves the simulator on `listener` until the future is dropped (or the listener
/// fails). Seeds the store first.
pub async fn serve(listener: TcpListener, config: SimConfig) -> Result<(), SimError> {
    let sim = build(config).await?;
    run(listener, sim).await
}

/// How long [`spawn`] waits for `GET /health`.
const READY_DEADLINE: Duration = Duration::from_secs(30);

/// Starts the simulator on `127.0.0.1:0` in a tokio task and returns once `GET /health`
/// answers.
pub async fn spawn(config: SimConfig) -> Result<SimHandle, SimError> {
    let sim = build(config).await?;
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let mut task = tokio::spawn(run(listener, Arc::clone(&sim)));
    let started = tokio::time::Instant::now();
    loop {
        if task.is_finished() {
            return Err(match (&mut task).await {
                Ok(Err(e)) => e,
                Ok(Ok(())) => SimError::Task("the server stopped".to_owned()),
                Err(e) => SimError::Task(e.to_string()),
            });
        }
        let probe = tokio::time::timeout(Duration::from_secs(2), health_ok(addr)).await;
        if matches!(probe, Ok(true)) {
            break;
        }
        if started.elapsed() > READY_DEADLINE {
            task.abort();
            return Err(SimError::NotReady(READY_DEADLINE));
        }
        // Back off briefly between probes (a poll interval, not a wait for readiness).
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(SimHandle { addr, task, sim })
}

/// One `GET /api/v1/health` over a bare HTTP/1.1 connection.
async fn health_ok(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr).await else {
        return false;
    };
    let request = format!(
        "GET {}/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
        http::API_PREFIX
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut response = Vec::new();
    if stream.read_to_end(&mut response).await.is_err() {
        return false;
    }
    response.starts_with(b"HTTP/1.1 200")
}

/// A simulator running in a tokio task; dropping it stops the server.
pub struct SimHandle {
    addr: SocketAddr,
    task: JoinHandle<Result<(), SimError>>,
    sim: Arc<Sim>,
}

impl SimHandle {
    /// The API's base URL, `http://127.0.0.1:PORT/api/v1` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, http::API_PREFIX)
    }

    /// The socket the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The sim clock's current reading.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.sim.clock.now()
    }

    /// The server's truth: every ticket now assigned to the demo unit, closed ones in the
    /// feed window (180 days) included, sorted by id.
    pub fn unit_tickets(&self) -> Result<Vec<district_api::Ticket>, SimError> {
        self.sim
            .store
            .unit_tickets(DEMO_UNIT_ID, self.sim.clock.now())
    }

    /// Stops the server (as dropping the handle does).
    pub fn shutdown(self) {
        drop(self);
    }

    /// Runs blocking simulator work off the async threads.
    async fn blocking<T, F>(&self, f: F) -> Result<T, SimError>
    where
        T: Send + 'static,
        F: FnOnce(&Sim) -> Result<T, SimError> + Send + 'static,
    {
        let sim = Arc::clone(&self.sim);
        tokio::task::spawn_blocking(move || f(&sim))
            .await
            .map_err(|e| SimError::Task(e.to_string()))?
    }

    /// Dispatches `n` new tickets to the demo unit: generated like the rest,
    /// `pending_ack`, dispatched now.
    pub async fn dispatch(&self, n: usize) -> Result<Vec<Ticket>, SimError> {
        self.blocking(move |s| service::dispatch(s, n)).await
    }

    /// Records the hotline's callback (回访) of a replied ticket: satisfied closes it,
    /// unsatisfied sends it back as a redo (`redo.count` + 1, `reason`, a new
    /// `reply_due_at` 3 working days on).
    pub async fn callback(
        &self,
        id: &str,
        satisfied: bool,
        reason: Option<&str>,
    ) -> Result<Ticket, SimError> {
        let (id, reason) = (id.to_owned(), reason.map(str::to_owned));
        self.blocking(move |s| service::callback(s, &id, satisfied, reason.as_deref(), None))
            .await
    }

    /// Decides the pending extension of a ticket; an approval moves `reply_due_at` to the
    /// requested time.
    pub async fn decide_extension(&self, id: &str, approve: bool) -> Result<Ticket, SimError> {
        let id = id.to_owned();
        self.blocking(move |s| service::decide_extension(s, &id, approve))
            .await
    }

    /// Re-dispatches a ticket to `to_unit`: away from the demo unit (its feed gets a
    /// `removed` item with the new version), or back to it ([`DEMO_UNIT_ID`]: a fresh
    /// `pending_ack` ticket with a higher version).
    pub async fn redispatch(&self, id: &str, to_unit: &str) -> Result<Ticket, SimError> {
        let (id, to) = (id.to_owned(), to_unit.to_owned());
        self.blocking(move |s| service::redispatch(s, &id, &to))
            .await
    }

    /// Merges top-level fields into a ticket (e.g. `{"supervision": {...}}`); the version
    /// is bumped.
    pub async fn edit(&self, id: &str, patch: serde_json::Value) -> Result<Ticket, SimError> {
        let id = id.to_owned();
        self.blocking(move |s| service::edit(s, &id, &patch)).await
    }

    /// Moves the sim clock by `secs` (negative: back); returns the new reading.
    pub fn advance_clock(&self, secs: i64) -> DateTime<FixedOffset> {
        self.sim.clock.advance(TimeDelta::seconds(secs));
        self.sim.clock.now()
    }

    /// Sets the clock's manual offset to `secs` (the clock reads its natural time plus
    /// it); returns the new reading.
    pub fn set_clock_offset(&self, secs: i64) -> DateTime<FixedOffset> {
        self.sim.clock.set_offset(TimeDelta::seconds(secs));
        self.sim.clock.now()
    }

    /// Publishes (or replaces) a year's calendar, as the district does when the State
    /// Council's schedule comes out. Dates outside the year are refused.
    pub fn publish_calendar(&self, year: &district_api::CalendarYear) -> Result<(), SimError> {
        self.sim.with_calendar(|c| c.publish(year))
    }

    /// Withdraws a year's calendar (`GET /calendar/{year}` then answers 404); whether it
    /// was published.
    pub fn withdraw_calendar(&self, year: i32) -> bool {
        self.sim.with_calendar(|c| c.withdraw(year))
    }

    /// Activates a fault plan (its request counter starts from 0).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.sim.faults.set(plan, &self.sim.clock);
    }

    /// Holds every later API request whose path contains `path_part` (e.g. `/changes`,
    /// `/attachments/`) in flight, before it is handled, until [`SimHandle::release_held`].
    pub fn hold_requests(&self, path_part: &str) {
        self.sim.faults.hold.hold(path_part);
    }

    /// Waits until `n` requests are (or were) held since [`SimHandle::hold_requests`].
    pub async fn held_arrived(&self, n: u64) {
        self.sim.faults.hold.arrived(n).await;
    }

    /// Lets held requests go on; later ones are no longer held.
    pub fn release_held(&self) {
        self.sim.faults.hold.release();
    }

    /// Publishes a desk release on the update feed (`/api/v1/desk-updates/latest.json`);
    /// `None` withdraws it (the feed answers 204).
    pub fn publish_desk_update(&self, release: Option<DeskRelease>) -> Result<(), SimError> {
        let published = release
            .map(desk_updates::Published::new)
            .transpose()
            .map_err(|e| SimError::Config(e.to_string()))?;
        self.sim.set_desk_update(published);
        Ok(())
    }

    /// Deactivates the fault plan.
    pub fn clear_faults(&self) {
        self.sim.faults.clear(&self.sim.clock);
    }

    /// Expires every feed cursor issued so far (their next use is 410).
    pub async fn expire_cursors(&self) -> Result<(), SimError> {
        self.blocking(|s| s.store.write(store::bump_cursor_epoch).map(|_| ()))
            .await
    }

    /// Sets the maximum age of a feed cursor (`None`: no limit).
    pub fn set_cursor_max_age(&self, age: Option<Duration>) {
        let age = age.map(|a| TimeDelta::from_std(a).unwrap_or(TimeDelta::MAX));
        self.sim.set_cursor_max_age(age);
    }

    /// The write log: every client write that took effect, oldest first.
    pub async fn writes(&self) -> Result<Vec<WriteRecord>, SimError> {
        self.blocking(|s| s.store.read(store::writes)).await
    }

    /// The shared draft of a ticket, if any.
    pub async fn draft(&self, id: &str) -> Result<Option<Draft>, SimError> {
        let id = id.to_owned();
        self.blocking(move |s| s.store.read(|c| store::draft(c, &id)))
            .await
    }

    /// The demo unit's duty roster.
    pub async fn duty(&self) -> Result<Duty, SimError> {
        self.blocking(|s| {
            s.store
                .read(|c| store::duty(c, DEMO_UNIT_ID))?
                .ok_or_else(|| SimError::NotFound("duty roster".to_owned()))
        })
        .await
    }

    /// One ticket of any unit, with the unit that owns it.
    pub async fn ticket(&self, id: &str) -> Result<Option<(String, Ticket)>, SimError> {
        let id = id.to_owned();
        self.blocking(move |s| s.store.ticket(&id)).await
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
