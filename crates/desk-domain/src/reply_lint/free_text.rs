//! Forbidden phrases and unfilled placeholders in a free-text field (`text`,
//! `policy_basis`, `addresses_redo_reason`; placeholders also in `contact_name`), located
//! by character offsets in the text as written.

use super::{Finding, FindingCode};
use district_api::ReplyRules;
use regex::Regex;
use std::sync::LazyLock;

/// Whitespace and punctuation (ASCII and full-width), removed before phrase matching.
/// The server's expression.
pub(super) static STRIP: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[\p{White_Space}\p{P}]+").ok());

/// `s` without whitespace and punctuation, and for each kept character its character
/// index in `s`.
fn normalize_with_map(s: &str) -> (String, Vec<usize>) {
    let mut norm = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    match STRIP.as_ref() {
        Some(re) => {
            let mut removed = re.find_iter(s).map(|m| m.range()).peekable();
            for (ci, (bi, c)) in s.char_indices().enumerate() {
                while removed.peek().is_some_and(|r| r.end <= bi) {
                    removed.next();
                }
                if removed.peek().is_some_and(|r| r.start <= bi) {
                    continue;
                }
                norm.push(c);
                map.push(ci);
            }
        }
        // The server's fallback, should the expression ever fail to compile.
        None => {
            for (ci, c) in s.chars().enumerate() {
                if !c.is_whitespace() && !c.is_ascii_punctuation() {
                    norm.push(c);
                    map.push(ci);
                }
            }
        }
    }
    (norm, map)
}

pub(super) fn compile_patterns(rules: &ReplyRules) -> (Vec<Regex>, Vec<&str>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for pattern in &rules.placeholder_patterns {
        match Regex::new(pattern) {
            Ok(re) => good.push(re),
            Err(_) => bad.push(pattern.as_str()),
        }
    }
    (good, bad)
}

/// Forbidden phrases and placeholders in a free-text field, by position.
pub(super) fn free_text(
    field: &str,
    text: &str,
    rules: &ReplyRules,
    patterns: &[Regex],
    out: &mut Vec<Finding>,
) {
    let mut located = Vec::new();
    forbidden(field, text, rules, &mut located);
    placeholders(field, text, patterns, &mut located);
    push_located(located, out);
}

pub(super) fn push_located(mut located: Vec<Finding>, out: &mut Vec<Finding>) {
    located.sort_by_key(|f| (f.start, f.end, f.code));
    out.extend(located);
}

/// Every occurrence of a forbidden phrase in `text`, matched after normalisation, located
/// in the original text (from its first to its last matched character).
fn forbidden(field: &str, text: &str, rules: &ReplyRules, out: &mut Vec<Finding>) {
    let (norm, map) = normalize_with_map(text);
    if norm.is_empty() {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for phrase in &rules.forbidden_phrases {
        let p = normalize_with_map(phrase).0;
        if p.is_empty() {
            continue;
        }
        let len = p.chars().count();
        for (bi, _) in norm.match_indices(p.as_str()) {
            let first = norm[..bi].chars().count();
            let (Some(&start), Some(&last)) = (map.get(first), map.get(first + len - 1)) else {
                continue;
            };
            let end = last + 1;
            let matched: String = chars.get(start..end).unwrap_or_default().iter().collect();
            let message = if matched == *phrase {
                format!("含有禁用语“{phrase}”")
            } else {
                format!("含有禁用语“{phrase}”（写作“{matched}”）")
            };
            out.push(
                Finding::new(FindingCode::ForbiddenPhrase, field, message).at(matched, start, end),
            );
        }
    }
}

/// Every match of a placeholder pattern in `text` as written. A span matched by two
/// patterns is reported once; of empty matches (a pattern like `X*`, which the server
/// also reports) only the first.
pub(super) fn placeholders(field: &str, text: &str, patterns: &[Regex], out: &mut Vec<Finding>) {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut empty_seen = false;
    for re in patterns {
        for m in re.find_iter(text) {
            if m.is_empty() {
                if empty_seen {
                    continue;
                }
                empty_seen = true;
            }
            let start = text[..m.start()].chars().count();
            let end = start + m.as_str().chars().count();
            if spans.contains(&(start, end)) {
                continue;
            }
            spans.push((start, end));
            out.push(
                Finding::new(
                    FindingCode::UnfilledPlaceholder,
                    field,
                    format!("含有未填写的占位内容“{}”", m.as_str()),
                )
                .at(m.as_str().to_owned(), start, end),
            );
        }
    }
}
