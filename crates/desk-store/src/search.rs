//! Substring search over tickets that is fast for every query length, Chinese first.
//!
//! Text is normalised (letters lower-cased, full-width ASCII folded to half-width,
//! whitespace and punctuation dropped) and indexed as the set of its characters and
//! character pairs ("grams"), plus the triples inside runs of ASCII letters and digits.
//! A query of one character looks up that character; a longer one looks up all its
//! grams (AND) and the candidates are then checked for the exact normalised substring.
//! Query text never reaches FTS5's query syntax: it is reduced to grams, each quoted, so
//! quotes, `*`, `NEAR` or `OR` are just characters.
//!
//! Why triples for ASCII: ticket numbers, phone and house numbers are made of ten digits
//! and a few letters, so every digit pair is in nearly every ticket ("20", "00"), and an
//! AND of pairs would check most of the cache for a ticket number. Digit triples are
//! rare enough that the AND narrows to a handful of candidates at a million tickets.
//! Chinese pairs are selective already (thousands of characters).

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

/// Whether `c` is part of a run that is indexed by triples.
fn triple_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// The space-separated distinct grams of a normalised text (fields kept apart): what
/// the search index holds for a ticket (public for the benchmark of the insert limit).
pub fn grams(norm: &str) -> String {
    // (c, None, None) is the gram "c", (c, Some(d), None) the gram "cd" and
    // (c, Some(d), Some(e)) the triple "cde": sorted as tuples they come in the strings'
    // order, without allocating a string per gram.
    type Gram = (char, Option<char>, Option<char>);
    let mut set: Vec<Gram> = Vec::with_capacity(norm.len() * 2);
    for field in norm.split(FIELD_SEPARATOR) {
        let chars: Vec<char> = field.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            set.push((c, None, None));
            if let Some(&d) = chars.get(i + 1) {
                set.push((c, Some(d), None));
                if let Some(&e) = chars.get(i + 2)
                    && [c, d, e].into_iter().all(triple_char)
                {
                    set.push((c, Some(d), Some(e)));
                }
            }
        }
    }
    set.sort_unstable();
    set.dedup();
    let mut out = String::with_capacity(set.len() * 7);
    for (c, d, e) in set {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend([Some(c), d, e].into_iter().flatten());
    }
    out
}

/// How many triples of an ASCII run a query asks the index for (its last ones).
const RUN_TRIPLES: usize = 4;

/// How a query is run: the FTS5 expression, and the substring candidates must contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPlan {
    pub fts: String,
    pub needle: String,
}

/// What a search box's text asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Blank: no search, every ticket.
    All,
    /// Text without a letter or a digit (`"`, `-`, `%`): there is nothing to search for,
    /// so nothing matches (never the whole cache).
    Nothing,
    /// A search.
    Plan(SearchPlan),
}

impl Query {
    /// Reads an optional search text.
    pub fn parse(search: Option<&str>) -> Query {
        match search.map(str::trim).filter(|s| !s.is_empty()) {
            None => Query::All,
            Some(q) => plan(q).map_or(Query::Nothing, Query::Plan),
        }
    }
}

/// Whether a query has something to search for: a letter or a digit.
pub fn is_searchable(query: &str) -> bool {
    query.chars().any(|c| fold(c).is_some())
}

/// Plans a query; `None` when it has nothing searchable (only spaces or punctuation).
pub fn plan(query: &str) -> Option<SearchPlan> {
    let needle = normalize(query);
    let chars: Vec<char> = needle.chars().collect();
    let terms: BTreeSet<String> = match chars.len() {
        0 => return None,
        1 => BTreeSet::from([needle.clone()]),
        _ => {
            // ASCII runs of three or more by their last triples; every other pair as a
            // pair (a pair inside a triple adds nothing to it). The leading characters of
            // a number are what it shares with every other (TQ2026…, 138…), so their
            // triples are in nearly every ticket and only slow the AND down; the exact
            // substring check sees to them.
            let triple_at = |i: usize| {
                chars
                    .get(i..i + 3)
                    .is_some_and(|w| w.iter().all(|&c| triple_char(c)))
            };
            let mut terms = BTreeSet::new();
            for i in 0..chars.len() - 1 {
                if triple_at(i) {
                    if !triple_at(i + RUN_TRIPLES) {
                        terms.insert(chars[i..i + 3].iter().collect());
                    }
                } else if !(i > 0 && triple_at(i - 1)) {
                    terms.insert(chars[i..i + 2].iter().collect());
                }
            }
            terms
        }
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
    fn ascii_runs_also_give_triples_and_nothing_spans_a_field() {
        let norm = norm_fields(&["3号楼a12", "bc"]);
        assert_eq!(grams(&norm), "1 12 2 3 3号 a a1 a12 b bc c 号 号楼 楼 楼a");
    }

    #[test]
    fn plans() {
        let cases = [
            ("路", Some("\"路\"")),
            ("路灯", Some("\"路灯\"")),
            ("路灯不亮", Some("\"不亮\" AND \"灯不\" AND \"路灯\"")),
            ("\"NEAR\" *", Some("\"ear\" AND \"nea\"")),
            // A ticket number prefix: its triples only.
            (
                "TQ2026",
                Some("\"026\" AND \"202\" AND \"q20\" AND \"tq2\""),
            ),
            // A whole ticket number: the last four triples (the rest is common to all).
            (
                "TQ20261126065828",
                Some("\"065\" AND \"582\" AND \"658\" AND \"828\""),
            ),
            // Two ASCII characters are a pair; a Chinese neighbour makes pairs.
            ("12号", Some("\"12\" AND \"2号\"")),
            ("楼a12", Some("\"a12\" AND \"楼a\"")),
            (
                "a1号楼b2",
                Some("\"1号\" AND \"a1\" AND \"b2\" AND \"号楼\" AND \"楼b\""),
            ),
            (" ，。\"* ", None),
            ("%", None),
            ("_", None),
            ("-", None),
            ("——", None),
        ];
        for (q, fts) in cases {
            assert_eq!(plan(q).map(|p| p.fts), fts.map(str::to_owned), "{q}");
        }
    }

    #[test]
    fn queries_without_a_letter_or_digit_ask_for_nothing() {
        let cases = [
            (None, Query::All),
            (Some(""), Query::All),
            (Some("   "), Query::All),
            (Some("\""), Query::Nothing),
            (Some("-"), Query::Nothing),
            (Some("%"), Query::Nothing),
            (Some("_"), Query::Nothing),
            (Some("*"), Query::Nothing),
            (Some(" ，。！ "), Query::Nothing),
            (Some("\u{3000}"), Query::All),
        ];
        for (q, expected) in cases {
            assert_eq!(Query::parse(q), expected, "{q:?}");
        }
        assert!(matches!(Query::parse(Some(" 路灯 ")), Query::Plan(_)));
        assert!(matches!(Query::parse(Some("%5%")), Query::Plan(_)));
        for q in ["a", "5", "路", "Ａ", "①"] {
            assert!(is_searchable(q), "{q}");
        }
        for q in ["", "\"", "-", "%", "_", "*", "，", "  "] {
            assert!(!is_searchable(q), "{q:?}");
        }
    }
}
