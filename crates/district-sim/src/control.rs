//! The control API under `/_sim/` (only with `SimConfig::control_api`): the district
//! hotline office's side of the world (dispatch, callbacks, extension decisions,
//! re-dispatch, edits), the clock, fault plans, cursor expiry and the server's truth.
//! No auth, no fault injection. Errors are problem documents. The same operations are
//! methods of [`crate::SimHandle`].

use crate::faults::FaultPlan;
use crate::http::{ApiError, AppState, blocking};
use crate::service;
use crate::store::{self, WriteRecord};
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{CalendarYear, Draft, Duty, Ticket};
use serde::{Deserialize, Serialize};

/// `POST /_sim/dispatch` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DispatchBody {
    pub count: usize,
}

/// `POST /_sim/dispatch` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dispatched {
    pub ids: Vec<String>,
    pub tickets: Vec<Ticket>,
}

/// `POST /_sim/tickets/{id}/callback` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CallbackBody {
    pub satisfied: bool,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /_sim/tickets/{id}/extension` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtensionDecision {
    pub approve: bool,
}

/// `POST /_sim/tickets/{id}/redispatch` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RedispatchBody {
    pub to_unit: String,
}

/// `POST /_sim/clock` body: advance by, or set the offset to, a number of seconds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ClockBody {
    #[serde(default)]
    pub advance_seconds: Option<i64>,
    #[serde(default)]
    pub offset_seconds: Option<i64>,
}

/// `GET`/`POST /_sim/clock` answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClockState {
    pub now: DateTime<FixedOffset>,
    /// The manual offset (without the fault plan's).
    pub offset_seconds: i64,
}

/// `PUT /_sim/cursors` body: the maximum age of a cursor (`null`: no limit).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CursorPolicy {
    #[serde(default)]
    pub max_age_seconds: Option<i64>,
}

/// A ticket of the truth with the unit that now owns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OwnedTicket {
    pub unit_id: String,
    pub ticket: Ticket,
}

pub(crate) fn router(sim: AppState) -> Router {
    Router::new()
        .route("/dispatch", post(dispatch))
        .route("/tickets", get(tickets))
        .route("/tickets/{id}", axum::routing::patch(edit))
        .route("/tickets/{id}/callback", post(callback))
        .route("/tickets/{id}/extension", post(extension))
        .route("/tickets/{id}/redispatch", post(redispatch))
        .route("/tickets/{id}/draft", get(draft))
        .route("/duty", get(duty))
        .route("/clock", get(clock).post(set_clock))
        .route("/faults", put(set_faults).delete(clear_faults).get(faults))
        .route("/cursors", put(set_cursors))
        .route("/cursors/expire", post(expire_cursors))
        .route("/writes", get(writes))
        .route(
            "/desk-updates",
            put(crate::desk_updates::publish).delete(crate::desk_updates::withdraw),
        )
        .route(
            "/calendar/{year}",
            put(publish_calendar).delete(withdraw_calendar),
        )
        .with_state(sim)
}

type Body<T> = Result<Json<T>, JsonRejection>;
type Id = Result<Path<String>, PathRejection>;

async fn dispatch(
    State(sim): State<AppState>,
    body: Body<DispatchBody>,
) -> Result<Json<Dispatched>, ApiError> {
    let Json(body) = body?;
    let tickets = blocking(&sim, move |s| service::dispatch(s, body.count)).await?;
    Ok(Json(Dispatched {
        ids: tickets.iter().map(|t| t.id.clone()).collect(),
        tickets,
    }))
}

async fn tickets(State(sim): State<AppState>) -> Result<Json<Vec<OwnedTicket>>, ApiError> {
    let all = blocking(&sim, service::all_tickets).await?;
    Ok(Json(
        all.into_iter()
            .map(|(unit_id, ticket)| OwnedTicket { unit_id, ticket })
            .collect(),
    ))
}

async fn edit(
    State(sim): State<AppState>,
    id: Id,
    body: Body<serde_json::Value>,
) -> Result<Json<Ticket>, ApiError> {
    let (Path(id), Json(patch)) = (id?, body?);
    Ok(Json(
        blocking(&sim, move |s| service::edit(s, &id, &patch)).await?,
    ))
}

async fn callback(
    State(sim): State<AppState>,
    id: Id,
    body: Body<CallbackBody>,
) -> Result<Json<Ticket>, ApiError> {
    let (Path(id), Json(b)) = (id?, body?);
    let t = blocking(&sim, move |s| {
        service::callback(
            s,
            &id,
            b.satisfied,
            b.reason.as_deref(),
            b.comment.as_deref(),
        )
    })
    .await?;
    Ok(Json(t))
}

async fn extension(
    State(sim): State<AppState>,
    id: Id,
    body: Body<ExtensionDecision>,
) -> Result<Json<Ticket>, ApiError> {
    let (Path(id), Json(b)) = (id?, body?);
    let t = blocking(&sim, move |s| service::decide_extension(s, &id, b.approve)).await?;
    Ok(Json(t))
}

async fn redispatch(
    State(sim): State<AppState>,
    id: Id,
    body: Body<RedispatchBody>,
) -> Result<Json<Ticket>, ApiError> {
    let (Path(id), Json(b)) = (id?, body?);
    let t = blocking(&sim, move |s| service::redispatch(s, &id, &b.to_unit)).await?;
    Ok(Json(t))
}

async fn draft(State(sim): State<AppState>, id: Id) -> Result<Json<Option<Draft>>, ApiError> {
    let Path(id) = id?;
    let d = blocking(&sim, move |s| s.store.read(|c| store::draft(c, &id))).await?;
    Ok(Json(d))
}

async fn duty(State(sim): State<AppState>) -> Result<Json<Duty>, ApiError> {
    let d = blocking(&sim, |s| {
        s.store.read(|c| store::duty(c, crate::DEMO_UNIT_ID))
    })
    .await?;
    d.map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no duty roster"))
}

fn clock_state(sim: &AppState) -> ClockState {
    ClockState {
        now: sim.clock.now_seconds(),
        offset_seconds: sim.clock.offset().num_seconds(),
    }
}

async fn clock(State(sim): State<AppState>) -> Json<ClockState> {
    Json(clock_state(&sim))
}

async fn set_clock(
    State(sim): State<AppState>,
    body: Body<ClockBody>,
) -> Result<Json<ClockState>, ApiError> {
    let Json(b) = body?;
    match (b.advance_seconds, b.offset_seconds) {
        (Some(by), None) => sim.clock.advance(TimeDelta::seconds(by)),
        (None, Some(offset)) => sim.clock.set_offset(TimeDelta::seconds(offset)),
        _ => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "give exactly one of advance_seconds and offset_seconds",
            ));
        }
    }
    Ok(Json(clock_state(&sim)))
}

async fn set_faults(
    State(sim): State<AppState>,
    body: Body<FaultPlan>,
) -> Result<Json<FaultPlan>, ApiError> {
    let Json(plan) = body?;
    sim.faults.set(plan.clone(), &sim.clock);
    Ok(Json(plan))
}

async fn clear_faults(State(sim): State<AppState>) -> StatusCode {
    sim.faults.clear(&sim.clock);
    StatusCode::NO_CONTENT
}

async fn faults(State(sim): State<AppState>) -> Json<Option<FaultPlan>> {
    Json(sim.faults.plan())
}

async fn set_cursors(
    State(sim): State<AppState>,
    body: Body<CursorPolicy>,
) -> Result<Json<CursorPolicy>, ApiError> {
    let Json(policy) = body?;
    sim.set_cursor_max_age(policy.max_age_seconds.map(TimeDelta::seconds));
    Ok(Json(policy))
}

async fn expire_cursors(State(sim): State<AppState>) -> Result<StatusCode, ApiError> {
    blocking(&sim, |s| s.store.write(store::bump_cursor_epoch)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn writes(State(sim): State<AppState>) -> Result<Json<Vec<WriteRecord>>, ApiError> {
    Ok(Json(blocking(&sim, |s| s.store.read(store::writes)).await?))
}

/// `PUT /_sim/calendar/{year}`: publishes (or replaces) a year's calendar, body as
/// `GET /calendar/{year}` answers it.
async fn publish_calendar(
    State(sim): State<AppState>,
    year: Result<Path<i32>, PathRejection>,
    body: Body<CalendarYear>,
) -> Result<Json<CalendarYear>, ApiError> {
    let Path(year) = year?;
    let Json(cal) = body?;
    if cal.year != year {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("body is for {}, path for {year}", cal.year),
        ));
    }
    sim.with_calendar(|c| c.publish(&cal))
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    Ok(Json(cal))
}

/// `DELETE /_sim/calendar/{year}`: withdraws a year (404 if it was not published).
async fn withdraw_calendar(
    State(sim): State<AppState>,
    year: Result<Path<i32>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(year) = year?;
    if sim.with_calendar(|c| c.withdraw(year)) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{year} is not published"),
        ))
    }
}
