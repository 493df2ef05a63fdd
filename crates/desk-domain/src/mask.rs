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

/// The characters that follow a house number in a Chinese address: 号, 楼, 栋, 幢, 座,
/// 单(元), 室, 层, 户, 弄, 排.
fn is_unit_word(c: char) -> bool {
    matches!(
        c,
        '号' | '楼' | '栋' | '幢' | '座' | '单' | '室' | '层' | '户' | '弄' | '排'
    )
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

fn is_chinese_numeral(c: char) -> bool {
    "零〇一二三四五六七八九十百两".contains(c)
}

/// `北园街道 幸福小区 3号楼2单元501` → `北园街道 幸福小区 *号楼*单元***`: the house number
/// part (building, unit, floor, room) is masked, the district, street and community
/// stay readable, as the district's portal shows an address. Masked are every digit, a
/// letter or two beside a digit or before 号/楼/座… (`A座`, `3B`), and Chinese numerals
/// before such a word (`三号楼`, `二单元`); `经十路` or `十里河` stay as they are.
pub fn address(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    let mut out = chars.clone();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run_end = |pred: fn(char) -> bool| {
            let mut j = i;
            while j < chars.len() && pred(chars[j]) {
                j += 1;
            }
            j
        };
        let end = if is_digit(c) {
            run_end(is_digit)
        } else if is_letter(c) {
            let j = run_end(is_letter);
            let before_digit = i > 0 && is_digit(chars[i - 1]);
            let after = chars.get(j).copied();
            let hit = j - i <= 2
                && (before_digit || after.is_some_and(|a| is_digit(a) || is_unit_word(a)));
            if !hit {
                i = j;
                continue;
            }
            j
        } else if is_chinese_numeral(c) {
            let j = run_end(is_chinese_numeral);
            if !chars.get(j).copied().is_some_and(is_unit_word) {
                i = j;
                continue;
            }
            j
        } else {
            i += 1;
            continue;
        };
        for o in &mut out[i..end] {
            *o = '*';
        }
        i = end;
    }
    out.into_iter().collect()
}

/// One of the masks above.
type Mask = fn(&str) -> String;

/// Masks a citizen's name, phone and address wherever a ticket's `citizen` object
/// appears in a JSON value (the district's current ticket of a refused write, kept in the
/// outbox and shown beside the officer's own). Values that are not strings (a phone
/// sent as a number) are masked as their text.
pub fn citizen_in_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(citizen)) = map.get_mut("citizen") {
                let fields: [(&str, Mask); 3] =
                    [("name", name), ("phone", phone), ("address", address)];
                for (key, mask) in fields {
                    if let Some(v) = citizen.get_mut(key) {
                        let text = match &*v {
                            Value::Null => continue,
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        *v = Value::String(mask(&text));
                    }
                }
            }
            for v in map.values_mut() {
                citizen_in_json(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(citizen_in_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_street_and_community_and_lose_the_house_number() {
        let cases = [
            (
                "北园街道 XX小区 3号楼2单元501",
                "北园街道 XX小区 *号楼*单元***",
            ),
            (
                "天桥区北园街道幸福小区12号楼**室",
                "天桥区北园街道幸福小区**号楼**室",
            ),
            ("北园大街 12 号", "北园大街 ** 号"),
            ("药山街道工人新村南村", "药山街道工人新村南村"),
            ("无影山中路3-2-501", "无影山中路*-*-***"),
            ("泉城广场A座1203室", "泉城广场*座****室"),
            ("阳光花园3B-1502", "阳光花园**-****"),
            ("工人新村三号楼二单元五零一室", "工人新村*号楼*单元***室"),
            ("经十路16号", "经十路**号"),
            ("十里河小区", "十里河小区"),
            ("ＳＯＨＯ大厦１２层", "ＳＯＨＯ大厦**层"),
            ("", ""),
            ("  ", ""),
        ];
        for (raw, masked) in cases {
            assert_eq!(address(raw), masked, "{raw}");
            // Idempotent, like the other masks.
            assert_eq!(address(masked), masked, "again {raw}");
        }
    }

    #[test]
    fn names_and_phones() {
        let cases = [("张三丰", "张**"), ("张**", "张**"), ("匿", "匿"), ("", "")];
        for (raw, masked) in cases {
            assert_eq!(name(raw), masked);
        }
        let cases = [
            ("13812345678", "138****5678"),
            ("138****5678", "138****5678"),
            ("0531-88886666", "0531-****6666"),
            ("", ""),
        ];
        for (raw, masked) in cases {
            assert_eq!(phone(raw), masked);
        }
    }

    #[test]
    fn citizens_in_json_are_masked_wherever_they_are() {
        let mut v = serde_json::json!({
            "id": "TQ1",
            "citizen": {"name": "王秀英", "phone": 13905316688_u64, "address": "幸福小区3号楼501"},
            "nested": [{"citizen": {"name": "李四", "phone": "13812345678", "address": null}}],
            "title": "路灯",
        });
        citizen_in_json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({
                "id": "TQ1",
                "citizen": {"name": "王**", "phone": "139****6688", "address": "幸福小区*号楼***"},
                "nested": [{"citizen": {"name": "李*", "phone": "138****5678", "address": null}}],
                "title": "路灯",
            })
        );
        let mut plain = serde_json::json!({"revision": 3, "reply": {"text": "已处理"}});
        let before = plain.clone();
        citizen_in_json(&mut plain);
        assert_eq!(plain, before);
    }
}
