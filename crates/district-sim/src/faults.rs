//! Fault injection: seeded, reproducible misbehaviour of the `/api/v1` routes (all but
//! `/health`).
//!
//! Every request that reaches a faulty route while a [`FaultPlan`] is active gets the
//! next request number `n` (from 0, in arrival order, reset by every new plan) and draws
//! its fate from its own ChaCha8 stream: key from `FaultPlan::seed`, stream `n`. Every
//! request draws the same values in the same order whatever fires, so the same plan and
//! the same sequence of requests give the same sequence of outcomes.
//!
//! Order of the checks of one request: latency (delay first), connection reset (no
//! effect), redirect (no effect), 429, 503 maintenance, 500/502/503 error (no effect,
//! before the handler), then the handler runs; cursor expiry and the feed faults act in
//! the feed handler; after it, drop-after-commit (writes that took effect here),
//! truncation (2xx JSON answers) and padding (JSON answers, problem documents too).
//!
//! Besides the seeded rates, a plan can script a fault for given request numbers
//! (`maintenance_requests`, `RedirectFault::requests`), or once (`reassign_after_first_page`).
//!
//! Apart from the plan, a test can hold requests in flight ([`Hold`]): every request
//! whose path contains a given text waits before anything else happens to it, until the
//! test releases it; the test can wait until a number of them has arrived. So "a sync
//! (or a download) in progress" is a state a test can reach without sleeping.

use crate::clock::SimClock;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::TimeDelta;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// A fault plan: the rate of each kind of misbehaviour, and its seed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FaultPlan {
    pub seed: u64,
    /// 500/502/503 problem documents without `Retry-After` (no effect).
    pub error_rate: f64,
    /// The status of those errors instead of a drawn 500/502/503 (e.g. 500: "the server
    /// failed on this request").
    pub error_status: Option<u16>,
    /// Only requests whose path contains this text (e.g. one ticket's id) are subject to
    /// the plan; the others pass untouched and take no request number.
    pub path_contains: Option<String>,
    /// 429 with `Retry-After` (no effect).
    pub rate_limit_rate: f64,
    /// 503 with `Retry-After` (no effect).
    pub maintenance_rate: f64,
    /// `Retry-After` as an HTTP-date (from the sim clock) instead of delta-seconds.
    pub retry_after_http_date: bool,
    pub retry_after_seconds: u32,
    /// Uniform extra latency in milliseconds, `[min, max]`.
    pub latency_ms: Option<(u64, u64)>,
    /// The connection is dropped before any response (no effect).
    pub reset_rate: f64,
    /// A 2xx JSON answer cut in half (`Content-Length` of the cut body). A write that is
    /// truncated did take effect.
    pub truncate_rate: f64,
    /// Writes only: the effect is applied and stored under its idempotency key, then the
    /// connection is dropped without a response.
    pub drop_after_commit_rate: f64,
    /// Feed: items repeated within the page, or items of earlier pages sent again.
    pub duplicate_items_rate: f64,
    /// Feed: the page's items shuffled.
    pub out_of_order_rate: f64,
    /// Feed: an older version of a ticket sent again.
    pub stale_versions_rate: f64,
    /// Feed: an empty page with `has_more: true` and a cursor that does not advance.
    pub empty_page_rate: f64,
    /// Feed: 410 for a request with a cursor.
    pub cursor_expiry_rate: f64,
    /// Added to the sim clock while the plan is active.
    pub clock_offset_seconds: i64,
    /// Request numbers (under this plan, from 0) answered 503 with `Retry-After`
    /// (`retry_after_seconds`), whatever the rates draw (no effect).
    pub maintenance_requests: Vec<u64>,
    /// A redirect answered instead of running the request (no effect).
    pub redirect: Option<RedirectFault>,
    /// JSON answers and problem documents padded with whitespace after the JSON to at
    /// least this many bytes, streamed without `Content-Length` (0: off). The JSON stays
    /// valid: only a client's size limit stops it.
    pub pad_answers_to_bytes: u64,
    /// Feed: every request with a cursor gets the first page again (its items, the
    /// cursor after it, `has_more: true`): a feed that never advances.
    pub stuck_feed: bool,
    /// Feed: once, right after the first feed page under this plan is made, the first
    /// tickets of that page are re-dispatched to another unit and every cursor expires.
    pub reassign_after_first_page: Option<ReassignFault>,
    /// A careless district: every feed page also carries malformed items holding a
    /// citizen's name and phone number ([`LEAKED_CITIZEN_NAME`], [`LEAKED_CITIZEN_PHONE`])
    /// where the parser quotes them, and the problem documents of the faults above quote
    /// them in their title and detail. For tests that the desk never logs them.
    pub citizen_data_in_faults: bool,
}

/// A redirect instead of an answer: `status` (301, 302, 303, 307 or 308) with
/// `Location` = `location_base` + the request's path below `/api/v1` and its query.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RedirectFault {
    pub status: u16,
    pub location_base: String,
    /// Request numbers (under the plan) redirected; empty: every request.
    #[serde(default)]
    pub requests: Vec<u64>,
}

/// See [`FaultPlan::reassign_after_first_page`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReassignFault {
    /// How many of the page's tickets leave (its first ones).
    pub count: usize,
    /// The unit they go to.
    pub to_unit: String,
}

/// The citizen's name that [`FaultPlan::citizen_data_in_faults`] puts in front of the
/// desk's parser and error handling.
pub const LEAKED_CITIZEN_NAME: &str = "欧阳秀英";
/// The citizen's phone number, likewise (unmasked).
pub const LEAKED_CITIZEN_PHONE: &str = "13905316688";

/// The malformed feed items of [`FaultPlan::citizen_data_in_faults`]: a ticket whose
/// phone is a number, and a removal whose version is the citizen's name and number.
pub(crate) fn leaky_items() -> Vec<serde_json::Value> {
    let phone: u64 = LEAKED_CITIZEN_PHONE.parse().unwrap_or(13_905_316_688);
    vec![
        serde_json::json!({"type": "ticket", "ticket": {
            "id": "TQ-LEAK-1", "version": 1,
            "citizen": {"name": LEAKED_CITIZEN_NAME, "phone": phone, "address": "北园街道 3号楼2单元501"},
        }}),
        serde_json::json!({"type": "removed", "ticket_id": "TQ-LEAK-2", "reason": "merged",
            "at": "2026-11-27T10:00:00+08:00",
            "version": format!("{LEAKED_CITIZEN_NAME} {LEAKED_CITIZEN_PHONE}")}),
    ]
}

/// A problem document's title and detail quoting the citizen (see
/// [`FaultPlan::citizen_data_in_faults`]).
pub(crate) fn leaky_problem(problem: &mut district_api::Problem) {
    problem.title = format!("市民{LEAKED_CITIZEN_NAME}的工单处理失败");
    problem.detail = format!(
        "{}：联系人 {LEAKED_CITIZEN_NAME}，电话 {LEAKED_CITIZEN_PHONE}",
        problem.detail
    );
}

/// What the feed handler does to one page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FeedFaults {
    pub duplicate: bool,
    pub out_of_order: bool,
    pub stale: bool,
    pub empty: bool,
    pub cursor_expiry: bool,
    pub stuck: bool,
    /// Malformed items quoting a citizen are added ([`leaky_items`]).
    pub leaky: bool,
    /// Seeds the page's own shuffles and picks.
    pub seed: u64,
}

/// The fate of one request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub latency: Option<Duration>,
    pub reset: bool,
    pub rate_limited: bool,
    pub maintenance: bool,
    pub error: Option<StatusCode>,
    pub truncate: bool,
    pub drop_after_commit: bool,
    pub feed: FeedFaults,
    pub retry_after_seconds: u32,
    pub retry_after_http_date: bool,
    pub redirect: Option<RedirectFault>,
    pub pad_to_bytes: u64,
    /// Problem documents quote a citizen ([`leaky_problem`]).
    pub leaky: bool,
}

impl Decision {
    /// Draws request `n`'s fate under `plan`.
    pub fn draw(plan: &FaultPlan, n: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
        rng.set_stream(n);
        let mut hit = |rate: f64| rng.random::<f64>() < rate;
        let reset = hit(plan.reset_rate);
        let rate_limited = hit(plan.rate_limit_rate);
        let maintenance = hit(plan.maintenance_rate) || plan.maintenance_requests.contains(&n);
        let error = hit(plan.error_rate);
        let truncate = hit(plan.truncate_rate);
        let drop_after_commit = hit(plan.drop_after_commit_rate);
        let duplicate = hit(plan.duplicate_items_rate);
        let out_of_order = hit(plan.out_of_order_rate);
        let stale = hit(plan.stale_versions_rate);
        let empty = hit(plan.empty_page_rate);
        let cursor_expiry = hit(plan.cursor_expiry_rate);
        let error_kind = rng.random_range(0..3u8);
        let latency_draw = rng.random::<f64>();
        let seed = rng.random::<u64>();
        let latency = plan.latency_ms.map(|(lo, hi)| {
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            // Rounding a uniform draw into [lo, hi]; the range is small.
            let span = (hi - lo) as f64;
            Duration::from_millis(lo + (latency_draw * (span + 1.0)).floor().min(span) as u64)
        });
        Decision {
            latency: latency.filter(|d| !d.is_zero()),
            reset,
            rate_limited,
            maintenance,
            error: error.then_some(
                match plan.error_status.and_then(|s| StatusCode::from_u16(s).ok()) {
                    Some(status) => status,
                    None => match error_kind {
                        0 => StatusCode::INTERNAL_SERVER_ERROR,
                        1 => StatusCode::BAD_GATEWAY,
                        _ => StatusCode::SERVICE_UNAVAILABLE,
                    },
                },
            ),
            truncate,
            drop_after_commit,
            feed: FeedFaults {
                duplicate,
                out_of_order,
                stale,
                empty,
                cursor_expiry,
                stuck: plan.stuck_feed,
                leaky: plan.citizen_data_in_faults,
                seed,
            },
            retry_after_seconds: plan.retry_after_seconds,
            retry_after_http_date: plan.retry_after_http_date,
            redirect: plan
                .redirect
                .clone()
                .filter(|r| r.requests.is_empty() || r.requests.contains(&n)),
            pad_to_bytes: plan.pad_answers_to_bytes,
            leaky: plan.citizen_data_in_faults,
        }
    }
}

/// The active plan and its request counter, and the requests held in flight.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    active: Mutex<Option<(FaultPlan, u64)>>,
    /// Whether the plan's one-off fault has fired.
    fired: AtomicBool,
    pub hold: Hold,
}

/// What is held: requests whose path contains `path_part`; how many have arrived.
#[derive(Debug, Clone, Default)]
struct HoldState {
    path_part: Option<String>,
    arrived: u64,
}

impl HoldState {
    fn holds(&self, path: &str) -> bool {
        self.path_part.as_deref().is_some_and(|p| path.contains(p))
    }
}

/// Requests held in flight until released (see the module's documentation).
#[derive(Debug)]
pub(crate) struct Hold(tokio::sync::watch::Sender<HoldState>);

impl Default for Hold {
    fn default() -> Self {
        Hold(tokio::sync::watch::Sender::new(HoldState::default()))
    }
}

impl Hold {
    /// Holds every later request whose path contains `path_part` (the count of arrived
    /// ones starts again from 0).
    pub fn hold(&self, path_part: &str) {
        self.0.send_modify(|s| {
            s.path_part = Some(path_part.to_owned());
            s.arrived = 0;
        });
    }

    /// Lets the held requests (and later ones) go on.
    pub fn release(&self) {
        self.0.send_modify(|s| s.path_part = None);
    }

    /// Waits until `n` requests have been held since the last [`Hold::hold`].
    pub async fn arrived(&self, n: u64) {
        let mut rx = self.0.subscribe();
        // The sender lives as long as `self`: waiting cannot fail.
        let _ = rx.wait_for(|s| s.arrived >= n).await;
    }

    /// Waits while a request to `path` is held.
    pub async fn pass(&self, path: &str) {
        let mut rx = self.0.subscribe();
        if !rx.borrow_and_update().holds(path) {
            return;
        }
        self.0.send_modify(|s| s.arrived += 1);
        let _ = rx.wait_for(|s| !s.holds(path)).await;
    }
}

impl Faults {
    /// Activates `plan` (the request counter starts again from 0).
    pub fn set(&self, plan: FaultPlan, clock: &SimClock) {
        clock.set_fault_offset(TimeDelta::seconds(plan.clock_offset_seconds));
        *self.active.lock().unwrap_or_else(PoisonError::into_inner) = Some((plan, 0));
        self.fired.store(false, Ordering::SeqCst);
    }

    /// True the first time it is asked under the active plan, false after.
    pub fn fire_once(&self) -> bool {
        !self.fired.swap(true, Ordering::SeqCst)
    }

    /// Deactivates the plan.
    pub fn clear(&self, clock: &SimClock) {
        clock.set_fault_offset(TimeDelta::zero());
        *self.active.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The active plan.
    pub fn plan(&self) -> Option<FaultPlan> {
        self.active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|(p, _)| p.clone())
    }

    /// The fate of the next request (to `path`), if a plan is active and covers it.
    pub fn next(&self, path: &str) -> Option<Decision> {
        let (plan, n) = {
            let mut guard = self.active.lock().unwrap_or_else(PoisonError::into_inner);
            let (plan, counter) = guard.as_mut()?;
            if plan
                .path_contains
                .as_deref()
                .is_some_and(|part| !path.contains(part))
            {
                return None;
            }
            let n = *counter;
            *counter += 1;
            (plan.clone(), n)
        };
        Some(Decision::draw(&plan, n))
    }
}

/// Marks a response of a write that took effect in this request (not a replay).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Committed;

/// A response whose body fails at once: hyper aborts the connection, so the client
/// sees a reset (or an incomplete message) instead of an answer.
pub(crate) fn abort() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault injection: connection dropped",
        ))
    });
    let mut res = Body::from_stream(stream).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res
}

/// `res` with whitespace after its body up to `at_least` bytes, streamed in chunks
/// without `Content-Length`.
pub(crate) async fn pad(res: Response, at_least: u64) -> Response {
    static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return abort();
    };
    let missing = at_least.saturating_sub(bytes.len() as u64);
    let chunks = missing.div_ceil(SPACES.len() as u64);
    let stream = futures_util::stream::iter(
        std::iter::once(bytes)
            .chain((0..chunks).map(|_| Bytes::from_static(&SPACES)))
            .map(Ok::<Bytes, std::io::Error>),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from_stream(stream))
}

/// `res` with its body cut in half (`Content-Length` of the cut body).
pub(crate) async fn truncate(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return abort();
    };
    let cut = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(cut.len()));
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_reproducible_per_request_number() {
        let plan = FaultPlan {
            seed: 9,
            error_rate: 0.3,
            rate_limit_rate: 0.2,
            latency_ms: Some((5, 50)),
            ..FaultPlan::default()
        };
        let a: Vec<Decision> = (0..50).map(|n| Decision::draw(&plan, n)).collect();
        let b: Vec<Decision> = (0..50).map(|n| Decision::draw(&plan, n)).collect();
        assert_eq!(a, b);
        let errors = a.iter().filter(|d| d.error.is_some()).count();
        assert!((5..=25).contains(&errors), "{errors}");
        assert!(
            a.iter()
                .all(|d| d.latency.is_some_and(|l| (5..=50).contains(&l.as_millis())))
        );
        let other = FaultPlan { seed: 10, ..plan };
        assert_ne!(
            a,
            (0..50)
                .map(|n| Decision::draw(&other, n))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_plan_for_one_path_leaves_the_others_alone_with_the_status_asked_for() {
        let faults = Faults::default();
        let clock = SimClock::real();
        faults.set(
            FaultPlan {
                error_rate: 1.0,
                error_status: Some(500),
                path_contains: Some("/tickets/T-1/".to_owned()),
                ..FaultPlan::default()
            },
            &clock,
        );
        assert_eq!(faults.next("/api/v1/tickets/T-2/ack"), None);
        let d = faults.next("/api/v1/tickets/T-1/ack").expect("covered");
        assert_eq!(d.error, Some(StatusCode::INTERNAL_SERVER_ERROR));
    }

    #[test]
    fn the_default_plan_does_nothing() {
        let d = Decision::draw(&FaultPlan::default(), 3);
        assert!(!d.reset && !d.rate_limited && !d.maintenance && !d.truncate);
        assert!(d.error.is_none() && d.latency.is_none());
        assert_eq!(
            (d.feed.duplicate, d.feed.empty, d.feed.stale),
            (false, false, false)
        );
    }
}
