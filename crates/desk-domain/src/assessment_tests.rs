//! Hand-computed tables for the assessment's figures (issue 16).

use super::*;
use pretty_assertions::assert_eq;

fn ts(s: &str) -> i64 {
    DateTime::parse_from_rfc3339(s).map_or(0, |t| t.timestamp())
}

fn cal() -> WorkCalendar {
    WorkCalendar::resolve([])
}

/// A lead ticket dispatched 2026-11-02 09:00, acked 30 minutes later (ack due 11:00),
/// replied on Friday 11-06 10:00, due Monday 11-09 18:00, closed, no callback.
fn lead(id: &str) -> TicketFacts {
    TicketFacts {
        id: id.to_owned(),
        lead: true,
        status: TicketStatus::Closed,
        category: "complaint".to_owned(),
        matter: "城市管理".to_owned(),
        dispatched_at: ts("2026-11-02T09:00:00+08:00"),
        ack_due_at: ts("2026-11-02T11:00:00+08:00"),
        acked_at: Some(ts("2026-11-02T09:30:00+08:00")),
        reply_due_at: ts("2026-11-09T18:00:00+08:00"),
        last_reply_at: Some(ts("2026-11-06T10:00:00+08:00")),
        first_contact_at: None,
        redo_count: 0,
        callback_process: None,
        callback_result: None,
        extension: None,
        supervision: None,
        opinion_due_at: None,
        opinion_at: None,
    }
}

fn co(id: &str, opinion_due: Option<&str>, opinion: Option<&str>) -> TicketFacts {
    TicketFacts {
        lead: false,
        status: TicketStatus::InProgress,
        opinion_due_at: opinion_due.map(ts),
        opinion_at: opinion.map(ts),
        last_reply_at: None,
        ..lead(id)
    }
}

/// The table of the edges, at 2026-11-25 12:00 Beijing.
fn tickets() -> Vec<TicketFacts> {
    vec![
        // T1: on time; satisfied and resolved; citizen contacted after 60 minutes.
        TicketFacts {
            callback_process: Some(ProcessSatisfaction::Satisfied),
            callback_result: Some(CallbackResult::Resolved),
            first_contact_at: Some(ts("2026-11-02T10:00:00+08:00")),
            ..lead("T1")
        },
        // T2: replied a day late, no callback yet.
        TicketFacts {
            status: TicketStatus::Replied,
            last_reply_at: Some(ts("2026-11-10T10:00:00+08:00")),
            ..lead("T2")
        },
        // T3: basically satisfied (counts as satisfied), unresolved; replied 2 h before
        // the deadline; contacted after 120 minutes.
        TicketFacts {
            last_reply_at: Some(ts("2026-11-09T16:00:00+08:00")),
            callback_process: Some(ProcessSatisfaction::Basic),
            callback_result: Some(CallbackResult::Unresolved),
            first_contact_at: Some(ts("2026-11-02T11:00:00+08:00")),
            ..lead("T3")
        },
        // T4: replied after an approved extension moved the deadline to Friday 11-13:
        // on time.
        TicketFacts {
            extension: Some(ExtensionStatus::Approved),
            reply_due_at: ts("2026-11-13T18:00:00+08:00"),
            last_reply_at: Some(ts("2026-11-12T10:00:00+08:00")),
            ..lead("T4")
        },
        // T5: redo after a late reply; the redo's new deadline (11-20) passed: overdue,
        // not finished. A reminder (催办) counts as supervised.
        TicketFacts {
            status: TicketStatus::Redo,
            redo_count: 1,
            reply_due_at: ts("2026-11-20T18:00:00+08:00"),
            last_reply_at: Some(ts("2026-11-10T10:00:00+08:00")),
            supervision: Some(SupervisionLevel::Reminder),
            ..lead("T5")
        },
        // T6: in progress, due 11-27 (after `at`, before the month ends): at risk. An
        // extension pending counts as requested only.
        TicketFacts {
            status: TicketStatus::InProgress,
            reply_due_at: ts("2026-11-27T18:00:00+08:00"),
            last_reply_at: None,
            extension: Some(ExtensionStatus::Pending),
            ..lead("T6")
        },
        // T7: never acked, both deadlines passed; yellow card.
        TicketFacts {
            status: TicketStatus::PendingAck,
            acked_at: None,
            reply_due_at: ts("2026-11-24T18:00:00+08:00"),
            last_reply_at: None,
            supervision: Some(SupervisionLevel::Yellow),
            ..lead("T7")
        },
        // T8: acked an hour late (180 minutes after dispatch), replied Monday 09:00 (9
        // working hours early), red card, unsatisfied.
        TicketFacts {
            acked_at: Some(ts("2026-11-02T12:00:00+08:00")),
            last_reply_at: Some(ts("2026-11-09T09:00:00+08:00")),
            supervision: Some(SupervisionLevel::Red),
            callback_process: Some(ProcessSatisfaction::Unsatisfied),
            callback_result: Some(CallbackResult::Unresolved),
            ..lead("T8")
        },
        // Co-handled: opinion on time, opinion late, no opinion deadline of ours.
        co(
            "C1",
            Some("2026-11-05T18:00:00+08:00"),
            Some("2026-11-04T10:00:00+08:00"),
        ),
        co(
            "C2",
            Some("2026-11-05T18:00:00+08:00"),
            Some("2026-11-06T10:00:00+08:00"),
        ),
        co("C3", None, Some("2026-11-04T10:00:00+08:00")),
    ]
}

fn at() -> i64 {
    ts("2026-11-25T12:00:00+08:00")
}

#[test]
fn figures_of_the_table() {
    let facts = tickets();
    let refs: Vec<&TicketFacts> = facts.iter().collect();
    let f = figures(&refs, at(), &cal(), OfficeDay::default());
    let expected = Figures {
        dispatched: 8,
        acked_on_time: 6,
        ack_on_time_rate: Some(0.75),
        finished: 5,
        finished_on_time: 4,
        overdue_open: 2,
        on_time_rate: Some(4.0 / 7.0),
        redo_tickets: 1,
        redo_rate: Some(1.0 / 8.0),
        callbacks: 3,
        process_satisfied: 2,
        process_satisfaction_rate: Some(2.0 / 3.0),
        result_resolved: 1,
        result_satisfaction_rate: Some(1.0 / 3.0),
        extensions_requested: 2,
        extensions_approved: 1,
        supervised: 3,
        yellow_cards: 1,
        red_cards: 1,
        opinions_due: 2,
        opinions_on_time: 1,
        opinion_on_time_rate: Some(0.5),
        // 30 (T1..T6) ×6 and 180 (T8).
        ack_minutes_median: Some(30.0),
        // 60 and 120.
        contact_minutes_median: Some(90.0),
        // T2 -1.5, T3 2, T8 9, T1 17.5, T4 17.5.
        reply_margin_working_hours_median: Some(9.0),
    };
    assert_eq!(f, expected);
}

#[test]
fn which_tickets_each_figure_counts() {
    let facts = tickets();
    let horizon = Period::month_of(at()).end;
    let ids = |fig: Figure| -> Vec<&str> {
        facts
            .iter()
            .filter(|f| fig.counts(f, at(), horizon))
            .map(|f| f.id.as_str())
            .collect()
    };
    assert_eq!(ids(Figure::AckedLate), ["T7", "T8"]);
    assert_eq!(ids(Figure::FinishedOnTime), ["T1", "T3", "T4", "T8"]);
    assert_eq!(ids(Figure::OverdueOpen), ["T5", "T7"]);
    assert_eq!(ids(Figure::AtRisk), ["T6"]);
    assert_eq!(ids(Figure::OpinionsOnTime), ["C1"]);
    assert_eq!(ids(Figure::Callbacks), ["T1", "T3", "T8"]);
}

#[test]
fn no_tickets_no_rates() {
    let f = figures(&[], at(), &cal(), OfficeDay::default());
    assert_eq!(f, Figures::default());
    assert_eq!(f.on_time_rate, None);
    assert_eq!(f.process_satisfaction_rate, None);
}

#[test]
fn no_callback_means_no_satisfaction_rate() {
    let t = lead("T");
    let f = figures(&[&t], at(), &cal(), OfficeDay::default());
    assert_eq!(f.callbacks, 0);
    assert_eq!(f.process_satisfaction_rate, None);
    assert_eq!(f.result_satisfaction_rate, None);
    assert_eq!(f.on_time_rate, Some(1.0));
}

#[test]
fn projection_of_the_month() {
    let facts = tickets();
    let refs: Vec<&TicketFacts> = facts.iter().collect();
    let p = projection(&refs, at());
    assert_eq!(
        p,
        Projection {
            month: "2026-11".to_owned(),
            on_time_rate_now: Some(4.0 / 7.0),
            on_time_rate_if_missed: Some(0.5),
            at_risk: vec!["T6".to_owned()],
        }
    );
    // After its deadline it is overdue, not at risk.
    let later = ts("2026-11-28T09:00:00+08:00");
    let p = projection(&refs, later);
    assert!(p.at_risk.is_empty());
    assert_eq!(p.on_time_rate_now, Some(0.5));
    // Due in December: not this month's risk.
    let t = TicketFacts {
        status: TicketStatus::InProgress,
        reply_due_at: ts("2026-12-01T18:00:00+08:00"),
        ..lead("D")
    };
    assert!(projection(&[&t], at()).at_risk.is_empty());
}

#[test]
fn a_period_is_whole_beijing_days() {
    let p = Period::parse("2026-11-01", "2026-11-30").expect("period");
    assert!(p.contains(ts("2026-11-01T00:00:00+08:00")));
    assert!(!p.contains(ts("2026-10-31T23:59:59+08:00")));
    // Dispatched on the last day at 23:59 Beijing (15:59 UTC): in.
    assert!(p.contains(ts("2026-11-30T23:59:00+08:00")));
    assert!(p.contains(ts("2026-11-30T15:59:00Z")));
    assert!(!p.contains(ts("2026-12-01T00:00:00+08:00")));
    assert_eq!(Period::month("2026-11").expect("month"), p);
    assert_eq!(Period::month_of(ts("2026-11-30T23:59:00+08:00")), p);
}

#[test]
fn bad_periods_are_refused() {
    let cases = [
        ("2026-11-30", "2026-11-01", "结束日期"),
        ("2026-13-01", "2026-12-31", "无效"),
        ("2026-1-1", "2026-12-31", "无效"),
        ("", "2026-12-31", "无效"),
        ("2020-01-01", "2026-12-31", "过长"),
    ];
    for (from, to, says) in cases {
        let e = Period::parse(from, to).expect_err(from);
        assert!(e.to_string().contains(says), "{from}..{to}: {e}");
    }
    assert!(Period::month("2026-13").is_err());
    assert!(Period::parse("2024-01-01", "2026-12-31").is_ok());
}

#[test]
fn months_back_cross_the_year() {
    let p = Period::month("2026-02").expect("month");
    let labels: Vec<String> = p.months_back(3).iter().map(Period::month_label).collect();
    assert_eq!(labels, ["2025-12", "2026-01", "2026-02"]);
}

#[test]
fn working_hours_count_office_days_only() {
    let cal = cal();
    let d = OfficeDay::default();
    let cases = [
        // Friday 10:00 → Monday 18:00: 8 + 9.5.
        (
            "2026-11-06T10:00:00+08:00",
            "2026-11-09T18:00:00+08:00",
            17.5,
        ),
        // Within one day.
        (
            "2026-11-09T16:00:00+08:00",
            "2026-11-09T18:00:00+08:00",
            2.0,
        ),
        // Late: the deadline before the reply.
        (
            "2026-11-10T10:00:00+08:00",
            "2026-11-09T18:00:00+08:00",
            -1.5,
        ),
        // Over a weekend night only.
        (
            "2026-11-06T19:00:00+08:00",
            "2026-11-09T08:00:00+08:00",
            0.0,
        ),
        // National Day 2026 (10-01..10-07 off): nothing.
        (
            "2026-10-01T08:00:00+08:00",
            "2026-10-07T20:00:00+08:00",
            0.0,
        ),
    ];
    for (from, to, hours) in cases {
        let got = working_hours_between(&cal, d, ts(from), ts(to));
        assert!((got - hours).abs() < 1e-9, "{from} → {to}: {got}");
    }
}

#[test]
fn medians() {
    assert_eq!(median(vec![]), None);
    assert_eq!(median(vec![3.0]), Some(3.0));
    assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
}

#[test]
fn facts_of_a_ticket() {
    let t: Ticket = serde_json::from_value(serde_json::json!({
        "id": "TQ1", "version": 3, "title": "路灯不亮", "category": "complaint",
        "matter": "城市管理/市政设施/路灯",
        "channel": "phone", "urgency": "normal", "our_role": "co_handler",
        "lead_unit": {"id": "L", "name": "牵头"},
        "co_units": [{"id": "X", "name": "别人", "opinion_due_at": "2026-11-03T18:00:00+08:00"},
                     {"id": "U", "name": "我们", "opinion_due_at": "2026-11-04T18:00:00+08:00"}],
        "status": "replied",
        "dispatched_at": "2026-11-02T09:00:00+08:00", "ack_due_at": "2026-11-02T11:00:00+08:00",
        "reply_due_at": "2026-11-09T18:00:00+08:00",
        "history": [
            {"at": "2026-11-05T09:00:00+08:00", "actor": "a", "action": "reply"},
            {"at": "2026-11-04T09:00:00+08:00", "actor": "a", "action": "opinion"},
            {"at": "2026-11-08T09:00:00+08:00", "actor": "a", "action": "reply"}
        ]
    }))
    .expect("ticket");
    let f = TicketFacts::from_ticket(&t, "U");
    assert!(!f.lead);
    assert_eq!(f.matter, "城市管理");
    assert_eq!(f.last_reply_at, Some(ts("2026-11-08T09:00:00+08:00")));
    assert_eq!(f.opinion_at, Some(ts("2026-11-04T09:00:00+08:00")));
    assert_eq!(f.opinion_due_at, Some(ts("2026-11-04T18:00:00+08:00")));
    assert_eq!(matter_top(""), "未分类");
}

/// The figures the cache keeps daily totals of do not depend on the instant, and a
/// ticket that is not open counts for no instant-dependent figure but `acked_late`
/// (decided by its own ack when acked): the trend may add totals up and read only the
/// open tickets.
#[test]
fn fixed_figures_do_not_depend_on_the_instant() {
    let instants = [0, ts("2026-11-01T00:00:00+08:00"), at(), i64::MAX / 2];
    for f in tickets() {
        for fig in FIXED_FIGURES {
            let seen: Vec<bool> = instants.iter().map(|&t| fig.counts(&f, t, t)).collect();
            assert!(seen.iter().all(|&b| b == seen[0]), "{fig:?} of {}", f.id);
        }
        if !f.is_open() {
            for &t in &instants {
                assert!(!Figure::OverdueOpen.counts(&f, t, t));
                assert!(!Figure::AtRisk.counts(&f, t, i64::MAX));
            }
        }
    }
    // The totals give the same figures as counting the tickets one by one.
    let all = tickets();
    let refs: Vec<&TicketFacts> = all.iter().collect();
    let mut totals = Totals::default();
    for f in &all {
        totals.add_flags(f.fixed_flags());
    }
    let overdue = all
        .iter()
        .filter(|f| f.is_open() && Figure::OverdueOpen.counts(f, at(), at()))
        .count();
    assert_eq!(
        counts_from_totals(&totals, u32::try_from(overdue).unwrap_or(0)),
        counts(&refs, at())
    );
    for fig in FIXED_FIGURES {
        let n = all.iter().filter(|f| fig.counts(f, at(), at())).count();
        assert_eq!(totals.get(fig) as usize, n, "{fig:?}");
    }
}

/// The prefix-summed working hours give exactly the day walk's answers: spans within a
/// day, over weekends and the bundled holidays, reversed, at office edges, reaching out
/// of the counted range, and of 400 days or more.
#[test]
fn working_hours_by_prefix_sums_equal_the_day_walk() {
    let cal = cal();
    let day = OfficeDay::default();
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    let hours = WorkingHours::new(&cal, day, from, to);
    let base = ts("2025-12-20T00:00:00+08:00");
    let mut x: u64 = 12345;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    let mut pairs: Vec<(i64, i64)> = vec![
        (
            ts("2026-10-01T09:00:00+08:00"),
            ts("2026-10-09T17:00:00+08:00"),
        ),
        (
            ts("2026-11-06T08:30:00+08:00"),
            ts("2026-11-06T18:00:00+08:00"),
        ),
        (
            ts("2026-11-06T20:00:00+08:00"),
            ts("2026-11-09T08:00:00+08:00"),
        ),
        (
            ts("2026-11-09T18:00:00+08:00"),
            ts("2026-11-06T10:00:00+08:00"),
        ),
        (
            ts("2025-12-30T10:00:00+08:00"),
            ts("2026-01-05T10:00:00+08:00"),
        ),
        (
            ts("2026-12-30T10:00:00+08:00"),
            ts("2027-01-05T10:00:00+08:00"),
        ),
        (
            ts("2024-01-02T10:00:00+08:00"),
            ts("2026-05-05T10:00:00+08:00"),
        ),
    ];
    for _ in 0..5000 {
        let a = base + i64::try_from(next() % (400 * 86_400)).unwrap_or(0);
        let span = i64::try_from(next() % (30 * 86_400)).unwrap_or(0);
        let b = if next() % 2 == 0 { a + span } else { a - span };
        pairs.push((a, b));
    }
    for (a, b) in pairs {
        assert_eq!(
            hours.between(a, b).to_bits(),
            working_hours_between(&cal, day, a, b).to_bits(),
            "{a} → {b}"
        );
    }
}

/// The median of integers kept in the cache (`median_scaled`) equals the median of the
/// same values as the report computed them (`value / scale` in f64, sorted), bit for bit:
/// on random data of every small length, with ties and negatives, odd and even counts.
#[test]
fn medians_of_kept_integers_equal_the_sorted_list_medians() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..2000 {
        let len = (next() % 40) as usize;
        let spread = [7, 600, 86_400 * 30][round % 3];
        let values: Vec<i64> = (0..len)
            .map(|_| (next() % (2 * spread)) as i64 - spread as i64 / 3)
            .collect();
        for scale in [60.0, 3600.0] {
            let expected = median(values.iter().map(|v| *v as f64 / scale).collect());
            let got = median_scaled(&mut values.clone(), scale);
            assert_eq!(
                got.map(f64::to_bits),
                expected.map(f64::to_bits),
                "{values:?} / {scale}"
            );
        }
    }
    assert_eq!(median_scaled(&mut [], 60.0), None);
}

/// What the cache keeps per ticket gives the 四早 medians `figures` computes from the
/// facts: ack seconds for acked lead tickets, working seconds of margin for finished lead
/// tickets with a reply, nothing for a co-handled ticket.
#[test]
fn kept_median_values_give_the_same_medians() {
    let cal = cal();
    let day = OfficeDay::default();
    let facts = tickets();
    let refs: Vec<&TicketFacts> = facts.iter().collect();
    let expected = figures(&refs, at(), &cal, day);
    let mut values = MedianValues::default();
    for f in &facts {
        values.ack_s.extend(f.ack_seconds());
        values.margin_ws.extend(f.margin_working_seconds(&cal, day));
        if let Some(c) = f.first_contact_at.filter(|_| f.lead) {
            values.contact_s.push(c - f.dispatched_at);
        }
    }
    let mut got = Figures::default();
    values.fill(&mut got);
    assert_eq!(
        (
            got.ack_minutes_median,
            got.contact_minutes_median,
            got.reply_margin_working_hours_median
        ),
        (
            expected.ack_minutes_median,
            expected.contact_minutes_median,
            expected.reply_margin_working_hours_median
        )
    );
    assert!(expected.reply_margin_working_hours_median.is_some());
    for f in facts.iter().filter(|f| !f.lead) {
        assert_eq!(
            (f.ack_seconds(), f.margin_working_seconds(&cal, day)),
            (None, None)
        );
    }
}
