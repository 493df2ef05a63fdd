//! Reading and driving the workbench's UI: what an officer sees (texts of elements),
//! and what an officer does (clicks, typing, keys). Reads of many elements at once go
//! through one script so that they are a consistent snapshot.

use crate::procs::wait_until;
use crate::tabs::Counts;
use crate::{App, UI_WAIT};
use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::Value;
use std::time::Duration;

/// One row of the ticket list as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub status: String,
    /// The countdown text (`剩余 2小时5分钟`), if the row has a deadline.
    pub countdown: Option<String>,
    /// The badges in the 标记 column (`待签收`, `重办×1`, ...).
    pub badges: Vec<String>,
}

const ROWS_SCRIPT: &str = r#"
const rows = Array.from(document.querySelectorAll('.ticket-table .el-table-v2__row'));
rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
const text = (row, css) => { const e = row.querySelector(css); return e ? e.textContent : null; };
return rows.map((r) => ({
  id: text(r, '.cell-id') || '',
  title: text(r, '.cell-title') || '',
  status: text(r, '.cell-status') || '',
  countdown: text(r, '.countdown__text'),
  badges: Array.from(r.querySelectorAll('.badge')).map((b) => b.textContent.trim()),
}));
"#;

const TABS_SCRIPT: &str = r#"
return Array.from(document.querySelectorAll('.ticket-tabs__tab')).map((b) => ({
  tab: b.dataset.tab,
  label: (b.querySelector('.ticket-tabs__label') || {}).textContent || '',
  count: (b.querySelector('.ticket-tabs__count') || {}).textContent || '',
}));
"#;

fn str_field(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

impl App {
    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str) -> Result<Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .with_context(|| format!("running a script in the page: {}", script.trim()))
    }

    /// The first element matching `css`, if there is one now.
    pub async fn find(&self, css: &str) -> Result<Option<Element>> {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => Ok(Some(e)),
            Err(e) if e.is_no_such_element() => Ok(None),
            // Matched, then removed before WebKitWebDriver made a handle of it (a notice
            // fading out): it is not there now.
            Err(e) if e.is_stale_element_reference() || e.to_string().contains("Stale element") => {
                Ok(None)
            }
            Err(e) => Err(e).with_context(|| format!("finding {css}")),
        }
    }

    /// The text of the first element matching `css`, if there is one now.
    pub async fn text(&self, css: &str) -> Result<Option<String>> {
        let Some(element) = self.find(css).await? else {
            return Ok(None);
        };
        match element.text().await {
            Ok(t) => Ok(Some(t)),
            // Re-rendered between finding and reading: not there (yet) in its final form.
            Err(e) if e.is_stale_element_reference() => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading the text of {css}")),
        }
    }

    /// Waits until the first element matching `css` shows a text that satisfies
    /// `accept`, and returns that text.
    pub async fn wait_text(
        &self,
        css: &str,
        what: &str,
        timeout: Duration,
        accept: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let mut last = None;
        let waited = wait_until(what, timeout, async || {
            let text = self.text(css).await?;
            let ok = text.as_deref().is_some_and(&accept);
            last = text.clone();
            Ok(if ok { text } else { None })
        })
        .await;
        waited.with_context(|| format!("{css} last showed {last:?}"))
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str, what: &str, timeout: Duration) -> Result<()> {
        wait_until(what, timeout, async || {
            Ok(self.find(css).await?.is_none().then_some(()))
        })
        .await
    }

    /// Waits for an element and clicks it.
    pub async fn click(&self, css: &str, what: &str) -> Result<()> {
        let element = wait_until(what, UI_WAIT, async || self.find(css).await).await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking {what} ({css})"))
    }

    /// Types `text` into the input inside `css` (replacing what is there).
    pub async fn type_into(&self, css: &str, what: &str, text: &str) -> Result<()> {
        let input_css = format!("{css} input");
        let element = wait_until(what, UI_WAIT, async || self.find(&input_css).await).await?;
        element
            .clear()
            .await
            .with_context(|| format!("clearing {what}"))?;
        element
            .send_keys(text)
            .await
            .with_context(|| format!("typing into {what} ({css})"))
    }

    /// Signs in through the sign-in screen as `username` / `password`.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<()> {
        self.wait_text(".sign-in", "the sign-in screen", UI_WAIT, |t| {
            t.contains("登录区热线平台")
        })
        .await?;
        self.type_into(".sign-in__username", "the username field", username)
            .await?;
        self.type_into(".sign-in__password", "the password field", password)
            .await?;
        self.click(".sign-in__submit", "the 登录 button").await?;
        // The dialog stays in the DOM, hidden, once it closes.
        wait_until("the sign-in screen to close", UI_WAIT, async || {
            let shown = self
                .js("const d = document.querySelector('.sign-in'); return d !== null && d.offsetParent !== null;")
                .await?;
            Ok((shown == Value::Bool(false)).then_some(()))
        })
        .await
    }

    /// The rows of the list now on screen, top to bottom.
    pub async fn rows(&self) -> Result<Vec<Row>> {
        let value = self.js(ROWS_SCRIPT).await?;
        let Value::Array(rows) = value else {
            bail!("the rows script returned {value}");
        };
        Ok(rows
            .iter()
            .map(|r| Row {
                id: str_field(r, "id"),
                title: str_field(r, "title"),
                status: str_field(r, "status"),
                countdown: r["countdown"].as_str().map(str::to_owned),
                badges: r["badges"]
                    .as_array()
                    .map(|b| {
                        b.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect())
    }

    /// Waits until the list shows a row for ticket `id`, and returns it.
    pub async fn wait_row(&self, id: &str, timeout: Duration) -> Result<Row> {
        let what = format!("a row for {id} in the list");
        wait_until(&what, timeout, async || {
            Ok(self.rows().await?.into_iter().find(|r| r.id == id))
        })
        .await
    }

    /// The filter tabs as shown: tab id → (label, count). A count not shown yet (`…`)
    /// is `None`.
    pub async fn tabs(&self) -> Result<Vec<(String, String, Option<u64>)>> {
        let value = self.js(TABS_SCRIPT).await?;
        let Value::Array(tabs) = value else {
            bail!("the tabs script returned {value}");
        };
        Ok(tabs
            .iter()
            .map(|t| {
                (
                    str_field(t, "tab"),
                    str_field(t, "label"),
                    str_field(t, "count").trim().parse().ok(),
                )
            })
            .collect())
    }

    /// The tab counts as shown, once every tab shows a number.
    pub async fn tab_counts(&self) -> Result<Option<Counts>> {
        let tabs = self.tabs().await?;
        if tabs.iter().any(|(_, _, c)| c.is_none()) {
            return Ok(None);
        }
        Ok(Some(
            tabs.into_iter()
                .filter_map(|(id, _, c)| c.map(|c| (id, c)))
                .collect(),
        ))
    }

    /// Waits until the 全部 tab counts `total` (the first sync has landed) and returns
    /// the counts of every tab.
    pub async fn wait_all_tickets(&self, total: u64) -> Result<Counts> {
        let mut last = None;
        let waited = wait_until(
            &format!("the 全部 tab to count {total}"),
            Duration::from_secs(60),
            async || {
                let counts = self.tab_counts().await?;
                let done = counts
                    .as_ref()
                    .is_some_and(|c| c.get("all") == Some(&total));
                last = counts.clone();
                Ok(if done { counts } else { None })
            },
        )
        .await;
        waited.with_context(|| format!("the tabs last showed {last:?}"))
    }

    /// Presses and releases one key on the keyboard (to whatever has the focus).
    pub async fn press(&self, key: char) -> Result<()> {
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keys)
            .await
            .with_context(|| format!("pressing {key:?}"))
    }

    /// [`App::press`] for a special key (↓, Enter, Esc, ...).
    pub async fn press_key(&self, key: Key) -> Result<()> {
        let code = key.chars().next().context("a key without a code")?;
        self.press(code).await
    }

    /// Types `text` into the element matching `css` exactly (an `<input>` or a
    /// `<textarea>`), after what is there, and returns the element. Should the keyboard
    /// not have produced the text (a character WebKit's WebDriver cannot type), the value
    /// is set as an input method would, with an `input` event.
    pub async fn fill(&self, css: &str, what: &str, text: &str) -> Result<Element> {
        let element = wait_until(what, UI_WAIT, async || self.find(css).await).await?;
        let before = element.prop("value").await?.unwrap_or_default();
        element
            .send_keys(text)
            .await
            .with_context(|| format!("typing into {what} ({css})"))?;
        let expected = format!("{before}{text}");
        self.type_checked(&element, what, &expected).await?;
        Ok(element)
    }

    /// Like [`App::fill`], but replaces what the field holds (the app prefills some
    /// fields): selects it all with Ctrl+A, as an officer would, and types `text` over it.
    pub async fn refill(&self, css: &str, what: &str, text: &str) -> Result<Element> {
        let element = wait_until(what, UI_WAIT, async || self.find(css).await).await?;
        // Ctrl+A selects what is there (the second Ctrl releases the key); typing
        // replaces the selection.
        let select_all = format!("{}a{}", &*Key::Control, &*Key::Control);
        element
            .send_keys(&format!("{select_all}{text}"))
            .await
            .with_context(|| format!("typing into {what} ({css})"))?;
        self.type_checked(&element, what, text).await?;
        Ok(element)
    }

    /// Makes sure `element` holds `expected` after typing (see [`App::fill`]).
    async fn type_checked(&self, element: &Element, what: &str, expected: &str) -> Result<()> {
        let expected = expected.to_owned();
        if element.prop("value").await?.as_deref() != Some(expected.as_str()) {
            eprintln!("e2e: the keyboard did not produce the text of {what}; setting it");
            let arg = serde_json::to_value(element)?;
            self.client
                .execute(
                    "const [e, v] = arguments; \
                     const proto = Object.getPrototypeOf(e); \
                     Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v); \
                     e.dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![arg, Value::String(expected.clone())],
                )
                .await
                .with_context(|| format!("setting the value of {what}"))?;
        }
        wait_until(&format!("{what} to hold the text"), UI_WAIT, async || {
            let value = element.prop("value").await?;
            Ok((value.as_deref() == Some(expected.as_str())).then_some(()))
        })
        .await
    }

    /// The value of the first `<input>`/`<textarea>` matching `css`, if there is one now.
    pub async fn value(&self, css: &str) -> Result<Option<String>> {
        let Some(element) = self.find(css).await? else {
            return Ok(None);
        };
        match element.prop("value").await {
            Ok(v) => Ok(v),
            Err(e) if e.is_stale_element_reference() => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading the value of {css}")),
        }
    }

    /// Whether the first element matching `css` is enabled (`None`: not there).
    pub async fn enabled(&self, css: &str) -> Result<Option<bool>> {
        let Some(element) = self.find(css).await? else {
            return Ok(None);
        };
        match element.is_enabled().await {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_stale_element_reference() => Ok(None),
            Err(e) => Err(e).with_context(|| format!("asking whether {css} is enabled")),
        }
    }

    /// Waits for an element matching `css` that is displayed and whose text satisfies
    /// `accept` (dropdowns keep their closed menus in the DOM), clicks it and returns its
    /// text.
    pub async fn click_shown(
        &self,
        css: &str,
        what: &str,
        accept: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let (element, text) = wait_until(what, UI_WAIT, async || {
            let all = self.client.find_all(Locator::Css(css)).await?;
            for e in all {
                let shown = match e.is_displayed().await {
                    Ok(v) => v,
                    Err(err) if err.is_stale_element_reference() => false,
                    Err(err) => return Err(err.into()),
                };
                if !shown {
                    continue;
                }
                let text = e.text().await.unwrap_or_default();
                if accept(text.trim()) {
                    return Ok(Some((e, text.trim().to_owned())));
                }
            }
            Ok(None)
        })
        .await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking {what} ({css})"))?;
        Ok(text)
    }

    /// Types a ticket's number in the search box (`/` to reach it) and returns the one
    /// row the list then shows.
    pub async fn search(&self, id: &str) -> Result<Row> {
        self.press('/').await?;
        let search = wait_until("the search box to take focus", UI_WAIT, async || {
            let active = self.client.active_element().await?;
            let focused = active.attr("aria-label").await?.as_deref() == Some("搜索工单")
                || active
                    .prop("placeholder")
                    .await?
                    .is_some_and(|p| p.starts_with("搜索工单"));
            Ok(focused.then_some(active))
        })
        .await?;
        search
            .send_keys(id)
            .await
            .context("typing in the search box")?;
        wait_until(
            &format!("the search for {id} to leave its one row"),
            UI_WAIT,
            async || {
                let rows = self.rows().await?;
                Ok((rows.len() == 1 && rows[0].id == id).then(|| rows[0].clone()))
            },
        )
        .await
    }

    /// Finds a ticket as an officer would: `/` to the search box, type its number, ↓
    /// to highlight the one row found, Enter to open it. Returns once the detail shows it.
    pub async fn open_by_search(&self, id: &str) -> Result<()> {
        self.search(id).await?;
        self.press_key(Key::Down).await?;
        self.press_key(Key::Enter).await?;
        self.wait_text(
            ".detail__id",
            &format!("the detail of {id}"),
            UI_WAIT,
            |t| t == id,
        )
        .await?;
        Ok(())
    }
}
