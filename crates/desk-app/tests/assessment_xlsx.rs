//! The assessment workbook read back (issue 16): cells, types (real dates, numbers),
//! masked citizen data, and column widths that fit Chinese text.

use calamine::{Data, Reader, Xlsx, open_workbook};
use desk_app::assessment_xlsx::{SUMMARY_SHEET, TICKETS_SHEET, workbook};
use desk_app::ipc::{AssessmentReport, Figures};
use std::io::Read;

const TITLE: &str = "小区门口路灯不亮已经三天了请尽快修复";

fn ticket() -> district_api::Ticket {
    serde_json::from_value(serde_json::json!({
        "id": "TQ20261102000001", "version": 3, "title": TITLE, "category": "complaint",
        "matter": "城市管理/市政设施/路灯",
        "citizen": {"name": "张三丰", "phone": "13812345678", "address": "天桥区北园街道12号"},
        "channel": "phone", "urgency": "normal", "our_role": "lead",
        "lead_unit": {"id": "U", "name": "我们"},
        "status": "closed",
        "dispatched_at": "2026-11-02T09:00:00+08:00", "ack_due_at": "2026-11-02T11:00:00+08:00",
        "reply_due_at": "2026-11-09T18:00:00+08:00",
        "acked_by": {"id": "o", "name": "李四", "at": "2026-11-02T09:30:00+08:00"},
        "history": [{"at": "2026-11-06T10:00:00+08:00", "actor": "a", "action": "reply"}]
    }))
    .expect("ticket")
}

fn report() -> AssessmentReport {
    AssessmentReport {
        from: "2026-11-01".into(),
        to: "2026-11-30".into(),
        at_ms: 0,
        last_synced_ms: None,
        figures: Figures {
            dispatched: 1,
            finished: 1,
            finished_on_time: 1,
            on_time_rate: Some(1.0),
            ..Figures::default()
        },
        by_matter: Vec::new(),
        by_category: Vec::new(),
        projection: None,
    }
}

fn write(reveal: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("考核报表.xlsx");
    let mut wb = workbook(&report(), &[ticket()], reveal).expect("workbook");
    wb.save(&path).expect("save");
    (dir, path)
}

/// `width` of column `col` (1-based) in a sheet's XML.
fn column_width(path: &std::path::Path, sheet: usize, col: usize) -> f64 {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
        .expect("sheet xml")
        .read_to_string(&mut xml)
        .expect("read");
    let key = format!("<col min=\"{col}\" max=\"{col}\" width=\"");
    let start = xml.find(&key).expect("column width") + key.len();
    let rest = &xml[start..];
    rest[..rest.find('"').expect("end")]
        .parse()
        .expect("number")
}

#[test]
fn the_workbook_reads_back_with_dates_numbers_and_masked_citizens() {
    let (_dir, path) = write(false);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("read back");
    let sheets = wb.sheet_names();
    assert_eq!(sheets, [SUMMARY_SHEET, TICKETS_SHEET]);

    let tickets = wb.worksheet_range(TICKETS_SHEET).expect("tickets");
    assert_eq!(
        tickets.get_value((0, 0)),
        Some(&Data::String("工单编号".into()))
    );
    assert_eq!(tickets.get_value((1, 1)), Some(&Data::String(TITLE.into())));
    // 派单时间 is a real Excel date: 2026-11-02 09:00 Beijing.
    let Some(Data::DateTime(dispatched)) = tickets.get_value((1, 6)) else {
        panic!("not a date: {:?}", tickets.get_value((1, 6)));
    };
    let days = (chrono::NaiveDate::from_ymd_opt(2026, 11, 2).expect("d")
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("d"))
    .num_days() as f64;
    assert!((dispatched.as_f64() - (days + 9.0 / 24.0)).abs() < 1e-6);
    // Not acked yet would be empty; acked 09:30.
    assert!(matches!(tickets.get_value((1, 8)), Some(Data::DateTime(_))));
    // 重办次数 is a number.
    assert_eq!(tickets.get_value((1, 11)), Some(&Data::Float(0.0)));
    // The citizen is masked.
    let phone = tickets.get_value((1, 16)).expect("phone").to_string();
    assert_ne!(phone, "13812345678");
    assert!(phone.contains('*'), "{phone}");

    let summary = wb.worksheet_range(SUMMARY_SHEET).expect("summary");
    let row = summary
        .rows()
        .find(|r| r.get(1) == Some(&Data::String("on_time_rate".into())))
        .expect("on_time_rate row");
    assert_eq!(row.get(2), Some(&Data::Float(1.0)));
    assert_eq!(row.first(), Some(&Data::String("按时办结率".into())));
}

#[test]
fn revealed_citizens_are_written_as_sent() {
    let (_dir, path) = write(true);
    let mut wb: Xlsx<_> = open_workbook(&path).expect("read back");
    let tickets = wb.worksheet_range(TICKETS_SHEET).expect("tickets");
    assert_eq!(
        tickets.get_value((1, 16)),
        Some(&Data::String("13812345678".into()))
    );
}

#[test]
fn columns_fit_chinese_text() {
    let (_dir, path) = write(false);
    // 18 CJK characters take 36 columns; the ASCII ticket number 16.
    let title = column_width(&path, 2, 2);
    assert!(title >= 36.0, "title column {title}");
    let id = column_width(&path, 2, 1);
    assert!((16.0..24.0).contains(&id), "id column {id}");
    // A date column fits "2026-11-30 23:59".
    let date = column_width(&path, 2, 7);
    assert!(date >= 16.0, "date column {date}");
}
