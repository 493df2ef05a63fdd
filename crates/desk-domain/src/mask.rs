//! Masking of citizens' personal data for display. Idempotent: masking an already
//! masked value (the district often masks before sending) changes nothing.

/// `张三丰` → `张**`; a single character stays as it is.
pub fn name(full: &str) -> String {
    let mut chars = full.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            let mut out = String::with_capacity(full.len());
            out.push(first);
            out.extend(std::iter::repeat_n('*', rest));
            out
        }
    }
}

/// `13812345678` → `138****5678`; landlines keep the area code and last 4 digits;
/// anything short keeps only its last 2 characters.
pub fn phone(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0 => return String::new(),
        11.. => (3, 4),
        7..=10 => (0, 4),
        _ => (0, 2.min(n)),
    };
    let (head, tail) = if let Some(dash) = chars.iter().position(|&c| c == '-') {
        (dash + 1, tail)
    } else {
        (head, tail)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}
