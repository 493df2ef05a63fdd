//! The HTTP face of the simulator: contract v1 under `/api/v1` (and the control API under
//! `/_sim`, see `control`).
//!
//! Handlers stay small: they authenticate, parse, call the store or the write pipeline
//! (`service`) on a blocking thread and shape the answer. Every error is a problem
//! document; every response carries a `Date` from the sim clock. The fault plan's
//! middleware ([`inject_faults`]) wraps every API route but `/health`.

use crate::attachments;
use crate::cursor;
use crate::directory::{account_by_id, account_by_username};
use crate::faults::{self, Committed, FeedFaults};
use crate::feed::{self, PageOutcome};
use crate::service::{self, Answer, WriteOp, WriteRequest};
use crate::store;
use crate::{Sim, SimError};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{
    Extension, FromRequest, FromRequestParts, OriginalUri, Path, Query, Request, State,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use chrono::{DateTime, FixedOffset, TimeDelta};
use district_api::{
    CalendarYear, DEFAULT_PAGE_LIMIT, Draft, Duty, Health, LoginRequest, LoginResponse,
    MAX_PAGE_LIMIT, Officer, PROBLEM_CONTENT_TYPE, Problem, ReplyRules, Ticket,
};
use std::sync::Arc;
use std::time::SystemTime;

/// The path prefix the API is served under.
pub(crate) const API_PREFIX: &str = "/api/v1";

/// How long a login token lives.
const TOKEN_LIFETIME: TimeDelta = TimeDelta::hours(12);

/// The largest request body a write accepts.
const MAX_BODY: usize = 1 << 20;

pub(crate) type AppState = Arc<Sim>;

/// The whole application: the API under [`API_PREFIX`], the control API under `/_sim`
/// when enabled, problem documents for unknown paths, and the sim-clock `Date` on every
/// response.
pub(crate) fn router(sim: AppState) -> Router {
    let faulty = Router::new()
        .route("/auth/login", post(login))
        .route("/me", get(me))
        .route("/units/{unit_id}/changes", get(changes))
        .route("/units/{unit_id}/duty", get(duty).put(put_duty))
        .route("/units/{unit_id}/reply-rules", get(reply_rules))
        .route("/tickets/{id}", get(ticket))
        .route("/tickets/{id}/ack", post(ack))
        .route("/tickets/{id}/replies", post(reply))
        .route("/tickets/{id}/opinions", post(opinion))
        .route("/tickets/{id}/extension-requests", post(extension_request))
        .route(
            "/tickets/{id}/coordination-requests",
            post(coordination_request),
        )
        .route(
            "/tickets/{id}/reassignment-requests",
            post(reassignment_request),
        )
        .route("/tickets/{id}/draft", get(draft).put(put_draft))
        .route("/calendar/{year}", get(calendar))
        .route("/attachments/{id}", get(attachment))
        .route_layer(middleware::from_fn_with_state(sim.clone(), inject_faults));
    let api = Router::new()
        .route("/health", get(health))
        .route(
            "/desk-updates/latest.json",
            get(crate::desk_updates::latest),
        )
        .route("/desk-updates/files/{name}", get(crate::desk_updates::file))
        .merge(faulty)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(sim.clone());
    let mut app = Router::new().nest(API_PREFIX, api);
    if sim.control_api {
        app = app.nest("/_sim", crate::control::router(sim.clone()));
    }
    app.fallback(not_found)
        .layer(middleware::map_response_with_state(sim, stamp_date))
}

// ---------- errors ----------

/// An error answer: an RFC 9457 problem document.
#[derive(Debug)]
pub(crate) struct ApiError(Box<Problem>);

impl ApiError {
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError(Box::new(service::problem(status, detail)))
    }

    pub(crate) fn with_field(mut self, field: &str, message: impl Into<String>) -> Self {
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

impl From<Problem> for ApiError {
    fn from(p: Problem) -> Self {
        ApiError(Box::new(p))
    }
}

impl From<SimError> for ApiError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::NotFound(what) => ApiError::new(StatusCode::NOT_FOUND, what),
            SimError::Conflict(what) => ApiError::new(StatusCode::CONFLICT, what),
            SimError::Invalid(what) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, what),
            e => {
                tracing::error!(error = %e, "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "模拟器内部错误")
            }
        }
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
pub(crate) async fn blocking<T, F>(sim: &AppState, f: F) -> Result<T, ApiError>
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
pub(crate) fn http_date(t: DateTime<FixedOffset>) -> Option<HeaderValue> {
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
    faults: Option<Extension<FeedFaults>>,
) -> Result<Json<feed::WirePage>, ApiError> {
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
    let faults = faults.map(|Extension(f)| f).unwrap_or_default();
    if faults.cursor_expiry && after.is_some() {
        return Err(expired_cursor());
    }
    let unit = unit_id.clone();
    let outcome = blocking(&sim, move |s| feed::page(s, &unit, after, limit, faults)).await?;
    match outcome {
        PageOutcome::Page(page) => {
            reassign_once(&sim, &page).await?;
            Ok(Json(page))
        }
        PageOutcome::UnknownCursor => Err(bad_cursor("")),
        PageOutcome::Expired => Err(expired_cursor()),
    }
}

/// The plan's one-off `reassign_after_first_page`: the first tickets of `page` leave the
/// unit and every cursor expires, before the page is answered.
async fn reassign_once(sim: &AppState, page: &feed::WirePage) -> Result<(), ApiError> {
    let Some(fault) = sim.faults.plan().and_then(|p| p.reassign_after_first_page) else {
        return Ok(());
    };
    if !sim.faults.fire_once() {
        return Ok(());
    }
    let ids = page.ticket_ids(fault.count);
    blocking(sim, move |s| {
        for id in &ids {
            service::redispatch(s, id, &fault.to_unit)?;
        }
        s.store.write(store::bump_cursor_epoch).map(|_| ())
    })
    .await
}

fn expired_cursor() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "游标已过期：请不带游标重新同步并核对本地工单",
    )
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

/// The officer's own ticket `id`, or 404.
async fn own_ticket(sim: &AppState, officer: &Officer, id: &str) -> Result<Ticket, ApiError> {
    let wanted = id.to_owned();
    let found = blocking(sim, move |s| s.store.ticket(&wanted)).await?;
    match found {
        Some((unit, ticket)) if unit == officer.unit_id => Ok(ticket),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("工单 {id} 不存在或不属于本单位"),
        )),
    }
}

async fn ticket(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let Path(id) = id?;
    Ok(Json(own_ticket(&sim, &officer, &id).await?))
}

async fn draft(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Draft>, ApiError> {
    let Path(id) = id?;
    own_ticket(&sim, &officer, &id).await?;
    let wanted = id.clone();
    let found = blocking(&sim, move |s| s.store.read(|c| store::draft(c, &wanted))).await?;
    found
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("工单 {id} 没有草稿")))
}

fn own_unit(officer: &Officer, unit_id: &str, what: &str) -> Result<(), ApiError> {
    if unit_id == officer.unit_id {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("无权查看单位 {unit_id} 的{what}"),
        ))
    }
}

async fn duty(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    unit_id: Result<Path<String>, PathRejection>,
) -> Result<Json<Duty>, ApiError> {
    let Path(unit_id) = unit_id?;
    own_unit(&officer, &unit_id, "值班安排")?;
    let unit = unit_id.clone();
    let found = blocking(&sim, move |s| s.store.read(|c| store::duty(c, &unit))).await?;
    found.map(Json).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("单位 {unit_id} 没有值班安排"),
        )
    })
}

async fn reply_rules(
    Authed(officer): Authed,
    unit_id: Result<Path<String>, PathRejection>,
) -> Result<Json<ReplyRules>, ApiError> {
    let Path(unit_id) = unit_id?;
    own_unit(&officer, &unit_id, "答复规范")?;
    Ok(Json(crate::rules::reply_rules()))
}

async fn calendar(
    State(sim): State<AppState>,
    _: Authed,
    year: Result<Path<i32>, PathRejection>,
) -> Result<Json<CalendarYear>, ApiError> {
    let Path(year) = year?;
    sim.calendar().year(year).map(Json).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{year} 年的节假日安排尚未公布（或不在本服务范围内）"),
        )
    })
}

async fn attachment(
    State(sim): State<AppState>,
    Authed(officer): Authed,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id?;
    let missing = || ApiError::new(StatusCode::NOT_FOUND, format!("附件 {id} 不存在"));
    let ticket_id = attachments::ticket_of(&id).ok_or_else(missing)?;
    let ticket = own_ticket(&sim, &officer, ticket_id)
        .await
        .map_err(|_| missing())?;
    let meta = ticket
        .attachments
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(missing)?;
    let bytes = attachments::bytes(&meta);
    let mut res = bytes.into_response();
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&meta.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let encoded: String = meta
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{encoded}")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

// ---------- writes ----------

/// What a write handler needs from the request: method, path, the write headers and the
/// raw body (the idempotency check compares JSON values, so the body is parsed later).
pub(crate) struct WriteInput {
    method: String,
    path: String,
    key: Option<String>,
    if_match: Option<String>,
    if_none_match: Option<String>,
    body: Vec<u8>,
}

impl<S: Send + Sync> FromRequest<S> for WriteInput {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_owned())
        };
        let key = header(district_api::headers::IDEMPOTENCY_KEY).filter(|k| !k.is_empty());
        let if_match = header(header::IF_MATCH.as_str());
        let if_none_match = header(header::IF_NONE_MATCH.as_str());
        let body = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "请求体过大或读取失败"))?;
        // The full path (nesting strips the API prefix from `uri`).
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.path(), |u| u.path())
            .to_owned();
        Ok(WriteInput {
            method: parts.method.as_str().to_owned(),
            path,
            key,
            if_match,
            if_none_match,
            body: body.to_vec(),
        })
    }
}

/// Runs a write through the pipeline and shapes its answer.
async fn write(
    sim: AppState,
    officer: Officer,
    op: WriteOp,
    target: String,
    input: WriteInput,
) -> Result<Response, ApiError> {
    let key = input.key.ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "写操作须带 Idempotency-Key 请求头（UUID）",
        )
        .with_field(district_api::headers::IDEMPOTENCY_KEY, "必填")
    })?;
    let req = WriteRequest {
        op,
        target,
        method: input.method,
        path: input.path,
        key,
        body: input.body,
        if_match: input.if_match,
        if_none_match: input.if_none_match,
    };
    let answer = blocking(&sim, move |s| service::perform(s, &officer, &req)).await?;
    Ok(answer_response(answer))
}

fn answer_response(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, answer.body).into_response();
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&answer.content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if answer.replayed {
        headers.insert(
            HeaderName::from_static("idempotent-replayed"),
            HeaderValue::from_static("true"),
        );
    }
    if answer.committed {
        res.extensions_mut().insert(Committed);
    }
    res
}

macro_rules! write_handler {
    ($(#[$doc:meta])* $name:ident, $op:expr) => {
        $(#[$doc])*
        async fn $name(
            State(sim): State<AppState>,
            Authed(officer): Authed,
            target: Result<Path<String>, PathRejection>,
            input: WriteInput,
        ) -> Result<Response, ApiError> {
            let Path(target) = target?;
            write(sim, officer, $op, target, input).await
        }
    };
}

write_handler!(
    /// `POST /tickets/{id}/ack`
    ack,
    WriteOp::Ack
);
write_handler!(
    /// `POST /tickets/{id}/replies`
    reply,
    WriteOp::Reply
);
write_handler!(
    /// `POST /tickets/{id}/opinions`
    opinion,
    WriteOp::Opinion
);
write_handler!(
    /// `POST /tickets/{id}/extension-requests`
    extension_request,
    WriteOp::Extension
);
write_handler!(
    /// `POST /tickets/{id}/coordination-requests`
    coordination_request,
    WriteOp::Coordination
);
write_handler!(
    /// `POST /tickets/{id}/reassignment-requests`
    reassignment_request,
    WriteOp::Reassignment
);
write_handler!(
    /// `PUT /tickets/{id}/draft`
    put_draft,
    WriteOp::Draft
);
write_handler!(
    /// `PUT /units/{unit_id}/duty`
    put_duty,
    WriteOp::Duty
);

// ---------- faults ----------

/// Applies the active fault plan to one API request (see `faults`).
async fn inject_faults(State(sim): State<AppState>, mut req: Request, next: Next) -> Response {
    sim.faults.hold.pass(req.uri().path()).await;
    let Some(d) = sim.faults.next(req.uri().path()) else {
        return next.run(req).await;
    };
    if let Some(latency) = d.latency {
        tokio::time::sleep(latency).await;
    }
    if d.reset {
        return faults::abort();
    }
    if let Some(r) = &d.redirect {
        let rest = req.uri().path_and_query().map_or("", |p| p.as_str());
        let location = format!("{}{rest}", r.location_base.trim_end_matches('/'));
        let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::TEMPORARY_REDIRECT);
        let mut res = status.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            res.headers_mut().insert(header::LOCATION, v);
        }
        return res;
    }
    let retry_after = || {
        let secs = d.retry_after_seconds;
        if d.retry_after_http_date {
            http_date(sim.clock.now() + TimeDelta::seconds(i64::from(secs)))
        } else {
            HeaderValue::from_str(&secs.to_string()).ok()
        }
    };
    let pad_to = d.pad_to_bytes;
    let busy = if d.rate_limited {
        Some((StatusCode::TOO_MANY_REQUESTS, "请求过于频繁，请稍后重试"))
    } else if d.maintenance {
        Some((StatusCode::SERVICE_UNAVAILABLE, "系统维护中，请稍后重试"))
    } else {
        None
    };
    let problem = |status, detail| {
        let mut e = ApiError::new(status, detail);
        if d.leaky {
            faults::leaky_problem(&mut e.0);
        }
        e
    };
    if let Some((status, detail)) = busy {
        let mut res = problem(status, detail).into_response();
        if let Some(v) = retry_after() {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return padded(res, pad_to).await;
    }
    if let Some(status) = d.error {
        let res = problem(status, "模拟故障：服务暂时不可用").into_response();
        return padded(res, pad_to).await;
    }
    req.extensions_mut().insert(d.feed);
    let res = next.run(req).await;
    if d.drop_after_commit && res.extensions().get::<Committed>().is_some() {
        return faults::abort();
    }
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if d.truncate && res.status().is_success() && json {
        return faults::truncate(res).await;
    }
    padded(res, pad_to).await
}

/// `res` padded to `at_least` bytes if it is JSON (an answer or a problem document).
async fn padded(res: Response, at_least: u64) -> Response {
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json") || ct == PROBLEM_CONTENT_TYPE);
    if at_least == 0 || !json {
        return res;
    }
    faults::pad(res, at_least).await
}
