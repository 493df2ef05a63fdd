//! Helpers shared by the HTTP tests: a simulator with the control API at a fixed start,
//! a signed-in client, and write requests with the contract's headers.
#![allow(dead_code)] // each test binary uses a part

use chrono::{DateTime, FixedOffset};
use district_api::{PROBLEM_CONTENT_TYPE, Problem, Ticket, TicketStatus};
use district_sim::{DEMO_OFFICER_A, DEMO_UNIT_ID, SimConfig, SimHandle, spawn};
use reqwest::header::{CONTENT_TYPE, DATE};
use reqwest::{Method, StatusCode};
use std::time::Duration;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A Thursday morning: deadlines of all kinds are near.
pub const THURSDAY: &str = "2026-11-26T10:00:00+08:00";

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test timestamps are valid RFC 3339")
}

/// A simulator with the control API, 300 tickets, started at [`THURSDAY`].
pub async fn start() -> Res<SimHandle> {
    Ok(spawn(SimConfig {
        now: Some(at(THURSDAY)),
        control_api: true,
        ..SimConfig::default()
    })
    .await?)
}

/// A signed-in client of one simulator.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn login(sim: &SimHandle, creds: (&str, &str)) -> Res<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()?;
        let res = client
            .post(format!("{}/auth/login", sim.base_url()))
            .json(&serde_json::json!({"username": creds.0, "password": creds.1}))
            .send()
            .await?;
        assert_eq!(res.status(), StatusCode::OK);
        let login: district_api::LoginResponse = res.json().await?;
        Ok(Api {
            client,
            base: sim.base_url(),
            token: login.token,
        })
    }

    pub async fn officer_a(sim: &SimHandle) -> Res<Self> {
        Self::login(sim, DEMO_OFFICER_A).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Res<reqwest::Response> {
        Ok(self
            .client
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await?)
    }

    pub async fn ticket(&self, id: &str) -> Res<Ticket> {
        let res = self.get(&format!("/tickets/{id}")).await?;
        assert_eq!(res.status(), StatusCode::OK);
        Ok(res.json().await?)
    }

    /// A write with the given headers (`None`: header left out).
    pub async fn write(
        &self,
        method: Method,
        path: &str,
        body: &serde_json::Value,
        key: Option<&str>,
        if_match: Option<&str>,
    ) -> Res<reqwest::Response> {
        self.write_with(method, path, body, key, if_match, None)
            .await
    }

    pub async fn write_with(
        &self,
        method: Method,
        path: &str,
        body: &serde_json::Value,
        key: Option<&str>,
        if_match: Option<&str>,
        if_none_match: Option<&str>,
    ) -> Res<reqwest::Response> {
        let mut req = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .json(body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(m) = if_match {
            req = req.header("If-Match", m);
        }
        if let Some(m) = if_none_match {
            req = req.header("If-None-Match", m);
        }
        Ok(req.send().await?)
    }

    /// A POST on a ticket with a fresh key and `If-Match` of `version`.
    pub async fn post_ticket(
        &self,
        id: &str,
        action: &str,
        body: &serde_json::Value,
        version: i64,
    ) -> Res<reqwest::Response> {
        self.write(
            Method::POST,
            &format!("/tickets/{id}/{action}"),
            body,
            Some(&key()),
            Some(&format!("\"{version}\"")),
        )
        .await
    }

    /// Every item of the feed after `cursor`, and the last cursor.
    pub async fn drain(&self, cursor: Option<&str>) -> Res<(Vec<serde_json::Value>, String)> {
        let mut items = Vec::new();
        let mut cursor = cursor.map(str::to_owned);
        for _ in 0..100 {
            let mut url =
                reqwest::Url::parse(&self.url(&format!("/units/{DEMO_UNIT_ID}/changes")))?;
            url.query_pairs_mut().append_pair("limit", "500");
            if let Some(c) = &cursor {
                url.query_pairs_mut().append_pair("cursor", c);
            }
            let res = self.client.get(url).bearer_auth(&self.token).send().await?;
            assert_eq!(res.status(), StatusCode::OK);
            let page: district_api::ChangesPage = res.json().await?;
            items.extend(page.items);
            cursor = Some(page.next_cursor.ok_or("a cursor")?);
            if !page.has_more {
                return Ok((items, cursor.unwrap_or_default()));
            }
        }
        Err("the feed does not end".into())
    }
}

/// A fresh idempotency key.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Asserts a problem document with `status` and returns it.
pub async fn problem(res: reqwest::Response, status: StatusCode) -> Res<Problem> {
    let url = res.url().clone();
    let got = res.status();
    let content_type = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert!(res.headers().contains_key(DATE));
    let text = res.text().await?;
    assert_eq!(got, status, "{url}: {text}");
    assert_eq!(content_type.as_deref(), Some(PROBLEM_CONTENT_TYPE), "{url}");
    let p: Problem = serde_json::from_str(&text)?;
    assert_eq!(p.status, status.as_u16());
    assert!(!p.title.is_empty() && !p.detail.is_empty(), "{p:?}");
    Ok(p)
}

/// Asserts `status` and parses the JSON body.
pub async fn json<T: serde::de::DeserializeOwned>(
    res: reqwest::Response,
    status: StatusCode,
) -> Res<T> {
    let url = res.url().clone();
    let got = res.status();
    let text = res.text().await?;
    assert_eq!(got, status, "{url}: {text}");
    Ok(serde_json::from_str(&text)?)
}

/// The first ticket of the truth that satisfies `pred`.
pub fn find(sim: &SimHandle, pred: impl Fn(&Ticket) -> bool) -> Res<Ticket> {
    sim.unit_tickets()?
        .into_iter()
        .find(|t| pred(t))
        .ok_or_else(|| "no such ticket".into())
}

pub fn open_lead(t: &Ticket) -> bool {
    t.status == TicketStatus::InProgress
        && t.our_role == district_api::OurRole::Lead
        && t.extension.is_none()
}

/// The ticket items of `items` for `id`, with their versions.
pub fn ticket_versions(items: &[serde_json::Value], id: &str) -> Vec<i64> {
    items
        .iter()
        .filter(|i| i["type"] == "ticket" && i["ticket"]["id"] == id)
        .filter_map(|i| i["ticket"]["version"].as_i64())
        .collect()
}
