//! The HTTP face of the simulator: contract v1 under `/api/v1`.
//!
//! Handlers stay small: they authenticate, parse, call the store on a blocking thread and
//! shape the answer. Every error is a problem document; every response carries a `Date`
//! from the sim clock.

use crate::cursor;
use crate::directory::{account_by_id, account_by_username};
use crate::store::FeedOutcome;
use crate::{Sim, SimError};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{
    ChangesPage, DEFAULT_PAGE_LIMIT, Health, LoginRequest, LoginResponse, MAX_PAGE_LIMIT, Officer,
    PROBLEM_CONTENT_TYPE, Problem, Ticket,
};
use std::sync::Arc;
use std::time::SystemTime;

/// The path prefix the API is served under.
pub(crate) const API_PREFIX: &str = "/api/v1";

/// How long a login token lives.
const TOKEN_LIFETIME: TimeDelta = TimeDelta::hours(12);

type AppState = Arc<Sim>;

/// The whole application: the API under [`API_PREFIX`], problem documents for unknown
/// paths, and the sim-clock `Date` on every response.
pub(crate) fn router(sim: AppState) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/auth/login", post(login))
        .route("/me", get(me))
        .route("/units/{unit_id}/changes", get(changes))
        .route("/tickets/{id}", get(ticket))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(sim.clone());
    Router::new()
        .nest(API_PREFIX, api)
        .fallback(not_found)
        .layer(middleware::map_response_with_state(sim, stamp_date))
}

// ---------- errors ----------

/// An error answer: an RFC 9457 problem document.
#[derive(Debug)]
pub(crate) struct ApiError(Box<Problem>);

impl ApiError {
    fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        ApiError(Box::new(Problem::new(status.as_u16(), title, detail)))
    }

    fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.0
            .errors
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
        self
    }

    fn unauthorized(detail: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, detail)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&*self.0).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"district-sim\""),
            );
        }
        res
    }
}

impl From<SimError> for ApiError {
    fn from(e: SimError) -> Self {
        tracing::error!(error = %e, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "模拟器内部错误")
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        ApiError::new(r.status(), r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, r.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, r.body_text())
    }
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "没有这个接口")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "该接口不支持此请求方法")
}

/// Runs store work on the blocking pool, so no lock is ever held across an `.await`.
async fn blocking<T, F>(sim: &AppState, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Sim) -> Result<T, SimError> + Send + 'static,
{
    let sim = Arc::clone(sim);
    tokio::task::spawn_blocking(move || f(&sim))
        .await
        .map_err(|e| SimError::Task(e.to_string()))?
        .map_err(ApiError::from)
}

// ---------- the Date header ----------

/// Sets `Date` from the sim clock, overriding the OS clock hyper would use.
async fn stamp_date(State(sim): State<AppState>, mut res: Response) -> Response {
    if let Some(value) = http_date(sim.clock.now()) {
        res.headers_mut().insert(header::DATE, value);
    }
    res
}

/// An IMF-fixdate, for the years an HTTP-date can express.
fn http_date(t: DateTime<FixedOffset>) -> Option<HeaderValue> {
    let st = SystemTime::from(t);
    // httpdate cannot format times before 1970 or after 9999.
    if t.timestamp() < 0 || t.timestamp() > 253_402_300_799 {
        return None;
    }
    HeaderValue::from_str(&httpdate::fmt_http_date(st)).ok()
}

// ---------- auth ----------

/// The signed-in officer of a request with a valid bearer token.
pub(crate) struct Authed(Officer);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sim: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| ApiError::unauthorized("缺少 Authorization: Bearer 令牌"))?
            .to_owned();
        let session = blocking(sim, move |s| s.store.session(&token)).await?;
        let session = session.ok_or_else(|| ApiError::unauthorized("令牌无效或已注销"))?;
        if session.expires_at <= sim.clock.now().timestamp() {
            return Err(ApiError::unauthorized("令牌已过期，请重新登录"));
        }
        let account = account_by_id(&session.officer_id)
            .ok_or_else(|| ApiError::unauthorized("令牌无效或已注销"))?;
        Ok(Authed(account.officer()))
    }
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

// ---------- handlers ----------

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

async fn login(
    State(sim): State<AppState>,
    body: Result<Json<LoginRequest>, JsonRejection>,
) -> Result<Json<LoginResponse>, ApiError> {
    let Json(req) = body?;
    let account = account_by_username(&req.username)
        .filter(|a| a.password == req.password)
        .ok_or_else(|| ApiError::unauthorized("用户名或密码错误"))?;
    let now = sim.clock.now_seconds();
    let expires_at = now + TOKEN_LIFETIME;
    let token = format!(
        "sim_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let stored = token.clone();
    let officer_id = account.id;
    blocking(&sim, move |s| {
        s.store
            .create_session(&stored, officer_id, expires_at.timestamp(), now.timestamp())
    })
    .await?;
    Ok(Json(LoginResponse {
        token,
        expires_at,
        officer: account.officer(),
    }))
}

async fn me(Authed(officer): Authed) -> Json<Officer> {
    Json(officer)
}

/// Query of the changes feed; both values are parsed by hand for precise 400s.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct FeedQuery {
    cursor: Option<String>,
    limit: Option<String>,
}

async fn changes(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    unit_id: Result<Path<String>, PathRejection>,
    query: Result<Query<FeedQuery>, QueryRejection>,
) -> Result<Json<ChangesPage>, ApiError> {
    let Path(unit_id) = unit_id?;
    if unit_id != officer.unit_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("无权查看单位 {unit_id} 的工单"),
        ));
    }
    let Query(query) = query?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => Some(cursor::decode(&unit_id, c).ok_or_else(|| bad_cursor(c))?),
    };
    let now = sim.clock.now_seconds();
    let unit = unit_id.clone();
    let outcome = blocking(&sim, move |s| s.store.feed_page(&unit, after, limit, now)).await?;
    let rows = match outcome {
        FeedOutcome::Page(rows) => rows,
        FeedOutcome::UnknownCursor => return Err(bad_cursor("")),
        FeedOutcome::Expired => {
            return Err(ApiError::new(
                StatusCode::GONE,
                "游标已过期：请不带游标重新同步并核对本地工单",
            ));
        }
    };
    let items = rows
        .items
        .iter()
        .map(|item| serde_json::from_str(item))
        .collect::<Result<Vec<serde_json::Value>, _>>()
        .map_err(SimError::from)?;
    Ok(Json(ChangesPage {
        items,
        next_cursor: Some(cursor::encode(&unit_id, rows.next_seq)),
        has_more: rows.has_more,
        server_time: now,
    }))
}

fn parse_limit(raw: Option<&str>) -> Result<u32, ApiError> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(DEFAULT_PAGE_LIMIT);
    };
    match raw.parse::<u64>() {
        Ok(0) | Err(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "limit 无效")
            .with_field("limit", format!("须为 1 到 {MAX_PAGE_LIMIT} 之间的整数"))),
        Ok(n) => Ok(u32::try_from(n.min(u64::from(MAX_PAGE_LIMIT))).unwrap_or(MAX_PAGE_LIMIT)),
    }
}

fn bad_cursor(raw: &str) -> ApiError {
    let hint = if raw.contains(' ') {
        "（游标中出现空格：'+' 未经百分号编码会被解码为空格）"
    } else {
        ""
    };
    ApiError::new(
        StatusCode::BAD_REQUEST,
        format!("未知的游标{hint}：请原样回传服务器给出的 next_cursor，并进行百分号编码"),
    )
    .with_field("cursor", "unknown cursor")
}

async fn ticket(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let Path(id) = id?;
    let wanted = id.clone();
    let found = blocking(&sim, move |s| s.store.ticket(&wanted)).await?;
    match found {
        Some((unit, ticket)) if unit == officer.unit_id => Ok(Json(ticket)),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("工单 {id} 不存在或不属于本单位"),
        )),
    }
}
