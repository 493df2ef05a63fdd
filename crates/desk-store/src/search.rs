//! Substring search over tickets that is fast for every query length, Chinese first.
//!
//! Text is normalised (letters lower-cased, full-width ASCII folded to half-width,
//! whitespace and punctuation dropped) and indexed as the set of its characters and
//! character pairs ("grams"). A query of one character looks up that character; a
//! longer one looks up all its pairs (AND) and the candidates are then checked for the
//! exact normalised substring. Query text never reaches FTS5's query syntax: it is
//! reduced to grams, each quoted, so quotes, `*`, `NEAR` or `OR` are just characters.

use std::collections::BTreeSet;

/// Separates fields in `search_norm` so a match cannot span two fields.
pub(crate) const FIELD_SEPARATOR: char = '\u{1f}';

/// Folds one character, or drops it (whitespace, punctuation, symbols).
fn fold(c: char) -> Option<char> {
    // Full-width ASCII (ＡＢＣ１２３) → half-width.
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_alphanumeric() {
        Some(c.to_lowercase().next().unwrap_or(c))
    } else {
        None
    }
}

/// The normalised form of a text (or a query).
pub fn normalize(text: &str) -> String {
    text.chars().filter_map(fold).collect()
}

/// The normalised searchable text of a ticket's fields.
pub(crate) fn norm_fields(fields: &[&str]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(FIELD_SEPARATOR);
        }
        out.push_str(&normalize(f));
    }
    out
}

/// The space-separated distinct grams of a normalised text (fields kept apart): what
/// the search index holds for a ticket (public for the benchmark of the insert limit).
pub fn grams(norm: &str) -> String {
    // (c, None) is the gram "c", (c, Some(d)) the gram "cd": sorted as tuples they come
    // in the strings' order, without allocating a string per gram.
    let mut set: Vec<(char, Option<char>)> = Vec::with_capacity(norm.len());
    for field in norm.split(FIELD_SEPARATOR) {
        let mut chars = field.chars().peekable();
        while let Some(c) = chars.next() {
            set.push((c, None));
            if let Some(&next) = chars.peek() {
                set.push((c, Some(next)));
            }
        }
    }
    set.sort_unstable();
    set.dedup();
    let mut out = String::with_capacity(set.len() * 7);
    for (c, next) in set {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
        if let Some(n) = next {
            out.push(n);
        }
    }
    out
}

/// How a query is run: the FTS5 expression, and the substring candidates must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub fts: String,
    pub needle: String,
}

/// Plans a query; `None` when it has nothing searchable (only spaces or punctuation).
pub fn plan(query: &str) -> Option<SearchPlan> {
    let needle = normalize(query);
    let chars: Vec<char> = needle.chars().collect();
    let terms: BTreeSet<String> = match chars.len() {
        0 => return None,
        1 => BTreeSet::from([needle.clone()]),
        _ => chars.windows(2).map(|w| w.iter().collect()).collect(),
    };
    // Grams are alphanumeric only, so quoting them is enough to make them literal.
    let fts = terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" AND ");
    Some(SearchPlan { fts, needle })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_width_and_case_and_drops_punctuation() {
        assert_eq!(normalize("ＴＱ２０２６ 路灯，不亮！"), "tq2026路灯不亮");
        assert_eq!(normalize("  “噪音” "), "噪音");
    }

    #[test]
    fn grams_are_characters_and_pairs_within_fields() {
        let norm = norm_fields(&["路灯", "ab"]);
        assert_eq!(grams(&norm), "a ab b 灯 路 路灯");
    }

    #[test]
    fn plans() {
        let cases = [
            ("路", Some("\"路\"")),
            ("路灯", Some("\"路灯\"")),
            ("路灯不亮", Some("\"不亮\" AND \"灯不\" AND \"路灯\"")),
            ("\"NEAR\" *", Some("\"ar\" AND \"ea\" AND \"ne\"")),
            (" ，。\"* ", None),
        ];
        for (q, fts) in cases {
            assert_eq!(plan(q).map(|p| p.fts), fts.map(str::to_owned), "{q}");
        }
    }
}
