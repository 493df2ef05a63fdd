use crate::{Sensitive, SyncError};
use chrono::{DateTime, Utc};
use district_api::{
    CalendarYear, Decoded, FeedItem, LoginRequest, LoginResponse, Officer, Problem, RawChangesPage,
    Ticket, Timestamp,
};
use reqwest::{Method, StatusCode, Url, header};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// The largest feed page the client reads (a page holds at most 500 items; one item up to
/// 1 MiB is still read and then skipped on its own).
pub const MAX_FEED_PAGE_BYTES: u64 = 32 * 1024 * 1024;
/// The largest other JSON answer the client reads (the officer, a ticket, the reply rules,
/// a write's answer, the sign-in).
pub const MAX_JSON_BYTES: u64 = 4 * 1024 * 1024;
/// The largest error body (problem document) the client reads; a longer one is not read,
/// and the error keeps its status.
pub const MAX_PROBLEM_BYTES: u64 = 64 * 1024;
/// Redirects within the base URL's origin a `GET` follows at most.
const MAX_REDIRECTS: usize = 5;

/// A response value with the server-clock offset measured on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Timed<T> {
    pub value: T,
    /// Server clock minus PC clock, when the response carried a valid `Date`.
    pub server_offset: Option<chrono::Duration>,
}

/// A feed page with every item decoded, or classified as unusable.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPage {
    pub items: Vec<Decoded>,
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub server_time: Timestamp,
}

/// The optimistic-concurrency precondition of a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: "<version or revision>"`.
    IfMatch(i64),
    /// `If-None-Match: *`: create only.
    IfNoneMatchAny,
}

/// A client of one district's API (contract v1).
///
/// Transport rules: `https` only, except loopback addresses (127.0.0.0/8, `::1`,
/// `localhost`: the simulator). A `GET` follows redirects only within the base URL's
/// origin (scheme, host and port), so never from https to http; a request with a body
/// follows none, so a body (the password of a sign-in) is never sent twice or elsewhere.
#[derive(Clone)]
pub struct DistrictClient {
    /// For `GET`s: same-origin redirects only.
    http: reqwest::Client,
    /// For requests with a body: no redirects.
    http_no_redirect: reqwest::Client,
    base: Url,
    token: Option<Sensitive<String>>,
}

impl std::fmt::Debug for DistrictClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DistrictClient")
            .field("base", &self.base.as_str())
            .field("token", &self.token)
            .finish()
    }
}

impl DistrictClient {
    /// A client for the API at `base_url` (e.g. `https://12345.example.gov.cn/api/v1`).
    /// TLS is rustls with the platform's verifier and root store.
    pub fn new(base_url: &str) -> Result<Self, SyncError> {
        Self::with_roots(base_url, None)
    }

    /// Like [`DistrictClient::new`], also trusting the certificate authorities of a PEM
    /// bundle (district intranets use their own CA). There is no switch that disables
    /// verification.
    pub fn with_ca_bundle(base_url: &str, pem: &[u8]) -> Result<Self, SyncError> {
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| SyncError::BadCaBundle(e.to_string()))?;
        if certs.is_empty() {
            return Err(SyncError::BadCaBundle("文件中没有证书".into()));
        }
        Self::with_roots(base_url, Some(certs))
    }

    /// Checks a base URL as [`DistrictClient::new`] would, without building a client:
    /// an absolute `https` URL, or `http` on a loopback address.
    pub fn check_base_url(base_url: &str) -> Result<(), SyncError> {
        parse_base_url(base_url).map(|_| ())
    }

    fn with_roots(
        base_url: &str,
        extra_roots: Option<Vec<reqwest::Certificate>>,
    ) -> Result<Self, SyncError> {
        let base = parse_base_url(base_url)?;
        let build = |redirects: reqwest::redirect::Policy| {
            let mut builder = reqwest::Client::builder();
            if let Some(certs) = &extra_roots {
                builder = builder.tls_certs_merge(certs.clone());
            }
            builder
                .redirect(redirects)
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(60))
                .user_agent(concat!("liaison-desk/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(SyncError::Network)
        };
        let origin = base.origin();
        let same_origin = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS || attempt.url().origin() != origin {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        Ok(DistrictClient {
            http: build(same_origin)?,
            http_no_redirect: build(reqwest::redirect::Policy::none())?,
            base,
            token: None,
        })
    }

    /// The same client, authenticated with `token`.
    pub fn with_token(mut self, token: Sensitive<String>) -> Self {
        self.token = Some(token);
        self
    }

    /// The base URL as configured.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(segments);
        }
        url
    }

    /// `GET /health`.
    pub async fn health(&self) -> Result<(), SyncError> {
        self.send::<district_api::Health>(Method::GET, self.url(&["health"]), None)
            .await?;
        Ok(())
    }

    /// `POST /auth/login`.
    pub async fn login(
        &self,
        username: &str,
        password: &Sensitive<String>,
    ) -> Result<LoginResponse, SyncError> {
        let body = serde_json::to_value(LoginRequest {
            username: username.to_owned(),
            password: password.expose().clone(),
        })
        .map_err(|e| SyncError::Decode {
            context: "login".into(),
            detail: e.to_string(),
        })?;
        Ok(self
            .send(Method::POST, self.url(&["auth", "login"]), Some(body))
            .await?
            .value)
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<Timed<Officer>, SyncError> {
        self.send(Method::GET, self.url(&["me"]), None).await
    }

    /// `GET /tickets/{id}`.
    pub async fn ticket(&self, id: &str) -> Result<Timed<Ticket>, SyncError> {
        self.send(Method::GET, self.url(&["tickets", id]), None)
            .await
    }

    /// `GET /units/{unit_id}/reply-rules`: the district's reply standard.
    pub async fn reply_rules(&self, unit_id: &str) -> Result<district_api::ReplyRules, SyncError> {
        Ok(self
            .send(
                Method::GET,
                self.url(&["units", unit_id, "reply-rules"]),
                None,
            )
            .await?
            .value)
    }

    /// `GET /calendar/{year}`: the district's days off and make-up workdays; `None` when
    /// the year is not published yet (404).
    pub async fn calendar(&self, year: i32) -> Result<Option<CalendarYear>, SyncError> {
        let path = year.to_string();
        match self
            .send(Method::GET, self.url(&["calendar", &path]), None)
            .await
        {
            Ok(t) => Ok(Some(t.value)),
            Err(SyncError::Http { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET /attachments/{id}`: the file's bytes. Fails with [`SyncError::TooLarge`] as soon
    /// as more than `max_bytes` arrive, so a wrong or hostile server cannot fill memory.
    pub async fn attachment(&self, id: &str, max_bytes: u64) -> Result<Vec<u8>, SyncError> {
        let mut req = self.http.get(self.url(&["attachments", id]));
        if let Some(token) = &self.token {
            req = req.bearer_auth(token.expose());
        }
        let mut resp = req.send().await.map_err(SyncError::Network)?;
        let status = resp.status();
        if !status.is_success() {
            return Err(error_answer(resp, None).await);
        }
        if resp.content_length().is_some_and(|n| n > max_bytes) {
            return Err(SyncError::TooLarge { limit: max_bytes });
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(SyncError::Network)? {
            if (body.len() + chunk.len()) as u64 > max_bytes {
                return Err(SyncError::TooLarge { limit: max_bytes });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// `GET /units/{unit_id}/changes?cursor=&limit=`, every item decoded or classified as
    /// unusable on its own (too large, too deep, invalid UTF-8, wrong types): one hostile
    /// item never fails the page. A 410 becomes [`SyncError::CursorExpired`].
    pub async fn changes(
        &self,
        unit_id: &str,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<Timed<DecodedPage>, SyncError> {
        let mut url = self.url(&["units", unit_id, "changes"]);
        {
            let mut q = url.query_pairs_mut();
            if let Some(c) = cursor {
                q.append_pair("cursor", c); // percent-encodes `+ / =`
            }
            q.append_pair("limit", &limit.to_string());
        }
        let context = format!("GET {}", url.path());
        let (_, bytes) = match self
            .fetch(Method::GET, url, None, &[], MAX_FEED_PAGE_BYTES)
            .await
        {
            Err(SyncError::Http { status: 410, .. }) => return Err(SyncError::CursorExpired),
            other => other?,
        };
        let (page, repaired) =
            RawChangesPage::parse(&bytes.value).map_err(|e| SyncError::Decode {
                context,
                detail: e.to_string(),
            })?;
        Ok(Timed {
            value: DecodedPage {
                items: page
                    .items
                    .iter()
                    .map(|raw| FeedItem::decode_raw(raw, repaired))
                    .collect(),
                next_cursor: page.next_cursor,
                has_more: page.has_more,
                server_time: page.server_time,
            },
            server_offset: bytes.server_offset,
        })
    }

    /// A write (`POST`/`PUT`) to `segments` under the base URL, with its idempotency key
    /// and precondition. Answers the status and the JSON body of a 2xx.
    pub async fn write(
        &self,
        method: Method,
        segments: &[&str],
        body: &serde_json::Value,
        idempotency_key: &str,
        precondition: Option<Precondition>,
    ) -> Result<Timed<(u16, serde_json::Value)>, SyncError> {
        let mut headers = vec![(
            district_api::headers::IDEMPOTENCY_KEY,
            idempotency_key.to_owned(),
        )];
        match precondition {
            Some(Precondition::IfMatch(v)) => headers.push(("If-Match", format!("\"{v}\""))),
            Some(Precondition::IfNoneMatchAny) => headers.push(("If-None-Match", "*".to_owned())),
            None => {}
        }
        let url = self.url(segments);
        let (status, timed) = self
            .send_raw::<serde_json::Value>(method, url, Some(body.clone()), &headers)
            .await?;
        Ok(Timed {
            value: (status, timed.value),
            server_offset: timed.server_offset,
        })
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
    ) -> Result<Timed<T>, SyncError> {
        Ok(self.send_raw(method, url, body, &[]).await?.1)
    }

    async fn send_raw<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
        headers: &[(&str, String)],
    ) -> Result<(u16, Timed<T>), SyncError> {
        let context = format!("{method} {}", url.path());
        let (status, bytes) = self
            .fetch(method, url, body, headers, MAX_JSON_BYTES)
            .await?;
        let value = serde_json::from_slice(&bytes.value).map_err(|e| SyncError::Decode {
            context,
            detail: e.to_string(),
        })?;
        Ok((
            status,
            Timed {
                value,
                server_offset: bytes.server_offset,
            },
        ))
    }

    /// One request; the body bytes of a 2xx (at most `limit` of them), or the error the
    /// response means.
    async fn fetch(
        &self,
        method: Method,
        url: Url,
        body: Option<serde_json::Value>,
        headers: &[(&str, String)],
        limit: u64,
    ) -> Result<(u16, Timed<Vec<u8>>), SyncError> {
        let context = format!("{method} {}", url.path());
        let http = if body.is_some() {
            &self.http_no_redirect
        } else {
            &self.http
        };
        let mut req = http
            .request(method, url)
            .header(header::ACCEPT, "application/json");
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        if let Some(token) = &self.token {
            req = req.bearer_auth(token.expose());
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let sent_at = Utc::now();
        let resp = req.send().await.map_err(SyncError::Network)?;
        let received_at = Utc::now();
        let status = resp.status();
        let server_date = resp
            .headers()
            .get(header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| httpdate::parse_http_date(s).ok())
            .map(DateTime::<Utc>::from);
        let server_offset =
            server_date.map(|d| desk_domain::clock::measure_offset(d, sent_at, received_at));
        let retry_after = resp
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, server_date));
        if !status.is_success() {
            return Err(error_answer(resp, retry_after).await);
        }
        let bytes = read_capped(resp, limit)
            .await
            .map_err(SyncError::Network)?
            .ok_or(SyncError::AnswerTooLarge { context, limit })?;
        Ok((
            status.as_u16(),
            Timed {
                value: bytes,
                server_offset,
            },
        ))
    }
}

/// The base URL if it is usable: absolute http(s), https unless on this machine.
fn parse_base_url(base_url: &str) -> Result<Url, SyncError> {
    let mut base = Url::parse(base_url.trim())
        .map_err(|e| SyncError::BadBaseUrl(format!("{base_url}: {e}")))?;
    if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
        return Err(SyncError::BadBaseUrl(format!(
            "{base_url}: 需要 https 地址"
        )));
    }
    if base.scheme() == "http" && !is_loopback(&base) {
        return Err(SyncError::InsecureUrl(base_url.trim().to_owned()));
    }
    // Paths are joined segment by segment; a trailing slash would add an empty one.
    if base.path().ends_with('/') {
        let trimmed = base.path().trim_end_matches('/').to_owned();
        base.set_path(&trimmed);
    }
    Ok(base)
}

/// Whether `url` points at this machine (127.0.0.0/8, `::1`, `localhost`), where plain
/// http is allowed (the simulator, a local test server).
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come bracketed; the URL parser has already normalised IPv4 forms.
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
    }
}

/// The body of `resp`, or `None` as soon as more than `limit` bytes arrive (or are
/// announced): a wrong or hostile server cannot fill memory.
async fn read_capped(
    mut resp: reqwest::Response,
    limit: u64,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if resp.content_length().is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The error a non-2xx response means. A redirect that was not followed (to another
/// origin, or of a request with a body) is [`SyncError::Redirected`]; an error body over
/// [`MAX_PROBLEM_BYTES`] is not read, and the error keeps its status.
async fn error_answer(resp: reqwest::Response, retry_after: Option<Duration>) -> SyncError {
    let status = resp.status();
    if status.is_redirection() {
        let location = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(200).collect())
            .unwrap_or_default();
        return SyncError::Redirected {
            status: status.as_u16(),
            location,
        };
    }
    let problem = match read_capped(resp, MAX_PROBLEM_BYTES).await {
        Ok(Some(bytes)) => problem_from(status, &bytes),
        Ok(None) => Problem::new(
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            format!("错误说明超过 {} KB，未读取", MAX_PROBLEM_BYTES / 1024),
        ),
        Err(e) => return SyncError::Network(e),
    };
    SyncError::Http {
        status: status.as_u16(),
        problem: Box::new(problem),
        retry_after,
    }
}

/// The problem document of an error response, or one made from whatever came back.
fn problem_from(status: StatusCode, bytes: &[u8]) -> Problem {
    serde_json::from_slice::<Problem>(bytes).unwrap_or_else(|_| {
        let text: String = String::from_utf8_lossy(bytes).chars().take(200).collect();
        Problem::new(
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            text,
        )
    })
}

/// `Retry-After`: delta-seconds, or an HTTP-date read against the server's own `Date`
/// (never the PC clock, which may be wrong).
pub(crate) fn parse_retry_after(
    value: &str,
    server_date: Option<DateTime<Utc>>,
) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::<Utc>::from(httpdate::parse_http_date(value).ok()?);
    let now = server_date?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let date = DateTime::<Utc>::from(
            httpdate::parse_http_date("Sat, 28 Nov 2026 01:00:00 GMT").expect("date"),
        );
        let cases = [
            ("120", Some(date), Some(Duration::from_secs(120))),
            (" 7 ", None, Some(Duration::from_secs(7))),
            (
                "Sat, 28 Nov 2026 01:00:30 GMT",
                Some(date),
                Some(Duration::from_secs(30)),
            ),
            (
                "Sat, 28 Nov 2026 00:59:00 GMT",
                Some(date),
                Some(Duration::ZERO),
            ),
            ("Sat, 28 Nov 2026 01:00:30 GMT", None, None),
            ("soon", Some(date), None),
        ];
        for (v, d, expected) in cases {
            assert_eq!(parse_retry_after(v, d), expected, "{v}");
        }
    }

    #[test]
    fn urls_join_segments_and_encode_cursors() {
        let c = DistrictClient::new("http://127.0.0.1:9/api/v1/").expect("client");
        assert_eq!(
            c.url(&["tickets", "TQ 1/2"]).as_str(),
            "http://127.0.0.1:9/api/v1/tickets/TQ%201%2F2"
        );
        assert!(DistrictClient::new("ftp://x").is_err());
        assert!(DistrictClient::new("not a url").is_err());
    }

    /// Issue 15, item 3: https only, plain http for this machine alone.
    #[test]
    fn plain_http_only_for_loopback() {
        for ok in [
            "https://12345.example.gov.cn/api/v1",
            "https://10.1.2.3:8443/api/v1",
            "http://127.0.0.1:8080/api/v1",
            "http://127.9.9.9/api/v1",
            "http://[::1]:9/api/v1",
            "http://localhost:9/api/v1",
            "http://LOCALHOST./api/v1",
        ] {
            assert!(DistrictClient::new(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://12345.example.gov.cn/api/v1",
            "http://10.1.2.3/api/v1",
            "http://128.0.0.1/api/v1",
            "http://[::2]/api/v1",
            "http://localhost.example.com/api/v1",
            "http://127.0.0.1.example.com/api/v1",
        ] {
            match DistrictClient::new(refused) {
                Err(e @ SyncError::InsecureUrl(_)) => {
                    assert!(e.to_string().contains("https"), "{e}");
                    assert_eq!(e.class(), crate::ErrorClass::Permanent);
                }
                other => panic!("{refused}: {other:?}"),
            }
        }
    }
}
