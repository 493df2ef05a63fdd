//! The deterministic ticket generator.
//!
//! [`generate_ticket`] is a pure function of `(seed, index, now, calendar)`: each ticket
//! draws from its own ChaCha8 stream (key from `seed`, stream number `index`), so a
//! benchmark can stream a million tickets without holding them, and any one ticket can be
//! regenerated on its own.
//!
//! The status mix is stratified, not sampled: within every block of 100 consecutive
//! indices exactly 10 are `pending_ack`, 50 `in_progress`, 8 `redo`, 12 `replied` and 20
//! `closed` (the seed rotates which indices get which). Everything else is drawn.

mod content;

use crate::calendar::SimCalendar;
use crate::clock::china;
use crate::directory::{
    DEMO_UNIT_NAME, DEPARTMENTS, HOTLINE_OFFICE, STREET_OFFICES, demo_unit, unit_ref,
};
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, TimeDelta, TimeZone, Timelike};
use content::{Cat, MATTERS, Matter};
use district_api::{
    AckedBy, Attachment, Callback, CallbackResult, Category, Channel, Citizen, CoUnit, Extension,
    ExtensionStatus, HistoryEntry, OurRole, ProcessSatisfaction, Redo, Supervision,
    SupervisionLevel, Ticket, TicketStatus, UnitRef, Urgency,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

type Dt = DateTime<FixedOffset>;

/// Generates ticket `index` of the demo unit's set for `seed`, as the district would show
/// it at `now`. Deterministic in all four arguments; all times are in `+08:00` and never
/// after `now`, except deadlines.
pub fn generate_ticket(seed: u64, index: u64, now: Dt, calendar: &SimCalendar) -> Ticket {
    let now = now.with_timezone(&china());
    let now = now.with_nanosecond(0).unwrap_or(now);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let mut g = Gen {
        rng,
        cal: calendar,
        now,
        today: now.date_naive(),
        dispatch_now: false,
    };
    g.ticket(status_of(seed, index), index)
}

/// A ticket the district dispatches to the demo unit at `now`: generated like the rest
/// (content, roles, attachments drawn from `(seed, index)`), `pending_ack`, dispatched at
/// `now`, with the deadlines that follow from it.
pub fn generate_dispatch(seed: u64, index: u64, now: Dt, calendar: &SimCalendar) -> Ticket {
    let now = now.with_timezone(&china());
    let now = now.with_nanosecond(0).unwrap_or(now);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let mut g = Gen {
        rng,
        cal: calendar,
        now,
        today: now.date_naive(),
        dispatch_now: true,
    };
    g.ticket(St::PendingAck, index)
}

/// Tickets `0..count` for `seed`, generated lazily.
pub fn generate_tickets(
    seed: u64,
    count: u64,
    now: Dt,
    calendar: &SimCalendar,
) -> impl Iterator<Item = Ticket> + '_ {
    (0..count).map(move |i| generate_ticket(seed, i, now, calendar))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    PendingAck,
    InProgress,
    Redo,
    Replied,
    Closed,
}

/// The stratified status of ticket `index`: `index * 37 mod 100` runs through every
/// residue once per 100 indices; the seed rotates the assignment.
fn status_of(seed: u64, index: u64) -> St {
    let bucket = ((index % 100) * 37 + seed % 100) % 100;
    match bucket {
        0..10 => St::PendingAck,
        10..60 => St::InProgress,
        60..68 => St::Redo,
        68..80 => St::Replied,
        _ => St::Closed,
    }
}

/// One completed reply cycle that ended in a redo (重办).
struct Cycle {
    reply: Dt,
    callback: Dt,
    redo: Dt,
    reason: &'static str,
}

/// When things happened to a ticket.
struct Timeline {
    dispatched: Dt,
    ack: Option<Dt>,
    /// Cycles that ended in a redo, oldest first.
    cycles: Vec<Cycle>,
    /// The reply the ticket now stands on (replied, closed).
    final_reply: Option<Dt>,
    /// The callback that closed it (closed).
    final_callback: Option<Dt>,
    closed_at: Option<Dt>,
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    cal: &'a SimCalendar,
    now: Dt,
    today: NaiveDate,
    /// A pending ticket is dispatched exactly at `now` (a live dispatch).
    dispatch_now: bool,
}

impl Gen<'_> {
    // ---------- random helpers ----------

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        self.rng.random_range(lo..=hi)
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.random_range(0..xs.len())]
    }

    fn weighted<T: Clone>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.random_range(0..total.max(1));
        for (x, w) in xs {
            if roll < *w {
                return x.clone();
            }
            roll -= w;
        }
        xs[xs.len() - 1].0.clone()
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> TimeDelta {
        TimeDelta::minutes(self.rng.random_range(lo..=hi))
    }

    /// A uniformly random instant in `[a, b]` (`a` if the range is empty).
    fn between(&mut self, a: Dt, b: Dt) -> Dt {
        let span = (b - a).num_seconds();
        if span <= 0 {
            return a;
        }
        a + TimeDelta::seconds(self.rng.random_range(0..=span))
    }

    // ---------- time helpers ----------

    /// `date` at `minute` past midnight (+`second`), in `+08:00`.
    fn at(&self, date: NaiveDate, minute: u32, second: u32) -> Dt {
        let naive = date
            .and_hms_opt(minute / 60, minute % 60, second)
            .unwrap_or_default();
        china()
            .from_local_datetime(&naive)
            .single()
            .unwrap_or(self.now)
    }

    /// A random time during office hours (08:30–17:50) on `date`.
    fn office_time(&mut self, date: NaiveDate) -> Dt {
        let minute = self.int(8 * 60 + 30, 17 * 60 + 50);
        let second = self.int(0, 59);
        self.at(date, minute, second)
    }

    fn workday_back(&self, n: u32) -> NaiveDate {
        self.cal.workday_before(self.today, n)
    }

    fn before(&self, date: NaiveDate, n: u32) -> NaiveDate {
        self.cal.workday_before(date, n)
    }

    fn deadline(&self, at: Dt, days: u32) -> Dt {
        self.cal.deadline(at, days)
    }

    /// `t`, or a moment at least `gap` minutes before now if `t` is later than that.
    fn not_after_now(&mut self, t: Dt, gap: i64) -> Dt {
        let limit = self.now - TimeDelta::minutes(gap);
        if t <= limit {
            t
        } else {
            limit - self.minutes(0, 60)
        }
    }

    /// Working days after `from`'s date up to and including today.
    fn workdays_since(&self, from: Dt) -> u32 {
        let mut n = 0;
        let mut d = from.date_naive();
        for _ in 0..400 {
            if d >= self.today {
                break;
            }
            let Some(next) = d.checked_add_days(Days::new(1)) else {
                break;
            };
            d = next;
            if self.cal.is_workday(d) {
                n += 1;
            }
        }
        n
    }

    // ---------- timelines ----------

    fn timeline(&mut self, st: St) -> Timeline {
        match st {
            St::PendingAck => {
                let secs = self.rng.random_range(300..=10_800);
                let secs = if self.dispatch_now { 0 } else { secs };
                Timeline {
                    dispatched: self.now - TimeDelta::seconds(secs),
                    ack: None,
                    cycles: Vec::new(),
                    final_reply: None,
                    final_callback: None,
                    closed_at: None,
                }
            }
            St::InProgress => {
                let k = self.int(0, 7);
                let mut date = self.workday_back(k);
                if self.chance(0.12)
                    && let Some(prev) = date.pred_opt()
                    && !self.cal.is_workday(prev)
                {
                    date = prev; // dispatched over the weekend or a holiday
                }
                let minute = self.int(8 * 60, 20 * 60);
                let second = self.int(0, 59);
                let mut dispatched = self.at(date, minute, second);
                if dispatched > self.now - TimeDelta::minutes(150) {
                    // Too late today to be acknowledged already: the previous working day.
                    dispatched = self.office_time(self.workday_back(1));
                }
                let gap = if self.chance(0.1) {
                    self.minutes(121, 400) // acknowledged late
                } else {
                    self.minutes(5, 115)
                };
                let ack_limit = self.now - self.minutes(1, 30);
                Timeline {
                    dispatched,
                    ack: Some((dispatched + gap).min(ack_limit)),
                    cycles: Vec::new(),
                    final_reply: None,
                    final_callback: None,
                    closed_at: None,
                }
            }
            St::Redo => {
                let r = self.int(0, 3);
                let redo = self.office_time(self.workday_back(r));
                let redo = self.not_after_now(redo, 10);
                let last = self.cycle_ending_at(redo);
                let prior = if self.chance(0.25) { 1 } else { 0 };
                let mut cycles = self.cycles_before(last.reply, prior);
                cycles.push(last);
                self.finish(cycles, None, None)
            }
            St::Replied => {
                let r = self.int(0, 3);
                let reply = self.office_time(self.workday_back(r));
                let reply = self.not_after_now(reply, 5);
                let prior = if self.chance(0.15) { 1 } else { 0 };
                let cycles = self.cycles_before(reply, prior);
                self.finish(cycles, Some(reply), None)
            }
            St::Closed => {
                let days = self.int(1, 160);
                let date = self
                    .today
                    .checked_sub_days(Days::new(days.into()))
                    .unwrap_or(self.today);
                let callback = self.office_time(date);
                let callback = self.not_after_now(callback, 60);
                let reply_day = self.int(1, 3);
                let reply = self.office_time(self.before(callback.date_naive(), reply_day));
                let prior = if self.chance(0.1) { 1 } else { 0 };
                let cycles = self.cycles_before(reply, prior);
                self.finish(cycles, Some(reply), Some(callback))
            }
        }
    }

    /// A cycle whose redo happened at `redo`: the unsatisfied callback shortly before,
    /// and the reply it judged one or two working days before that.
    fn cycle_ending_at(&mut self, redo: Dt) -> Cycle {
        let callback = redo - self.minutes(10, 90);
        let back = self.int(1, 2);
        let reply = self.office_time(self.before(callback.date_naive(), back));
        let reason = self.pick(content::REDO_REASONS);
        Cycle {
            reply,
            callback,
            redo,
            reason,
        }
    }

    /// `n` redo cycles, oldest first, all before `next`.
    fn cycles_before(&mut self, mut next: Dt, n: usize) -> Vec<Cycle> {
        let mut cycles = Vec::with_capacity(n);
        for _ in 0..n {
            let back = self.int(1, 2);
            let redo = self.office_time(self.before(next.date_naive(), back));
            let cycle = self.cycle_ending_at(redo);
            next = cycle.reply;
            cycles.push(cycle);
        }
        cycles.reverse();
        cycles
    }

    /// Adds acknowledgement and dispatch before the first reply, and closing after the
    /// final callback.
    fn finish(
        &mut self,
        cycles: Vec<Cycle>,
        final_reply: Option<Dt>,
        callback: Option<Dt>,
    ) -> Timeline {
        let first_reply = cycles
            .first()
            .map(|c| c.reply)
            .or(final_reply)
            .unwrap_or(self.now);
        let back = self.int(1, 3);
        let ack = self.office_time(self.before(first_reply.date_naive(), back));
        let dispatched = ack - self.minutes(5, 110);
        let closed_at = callback.map(|cb| cb + self.minutes(1, 30));
        Timeline {
            dispatched,
            ack: Some(ack),
            cycles,
            final_reply,
            final_callback: callback,
            closed_at,
        }
    }

    // ---------- the ticket ----------

    fn ticket(&mut self, st: St, index: u64) -> Ticket {
        let tl = self.timeline(st);
        let matter = self.matter(tl.dispatched.month());
        let urgent = match matter.cat {
            Cat::Complaint | Cat::Help | Cat::Report => self.chance(0.14),
            _ => self.chance(0.02),
        };
        let id = format!("TQ{}{index:06}", tl.dispatched.format("%Y%m%d"));

        // Words and places.
        let road_i = self.rng.random_range(0..content::ROADS.len());
        let road2_i =
            (road_i + self.rng.random_range(1..content::ROADS.len())) % content::ROADS.len();
        let (road, road2) = (content::ROADS[road_i], content::ROADS[road2_i]);
        let place = self.pick(content::PLACES);
        let bldg = self.int(1, 24);
        let days = self.int(2, 12);
        let fill = |s: &str| {
            s.replace("{place}", place)
                .replace("{road2}", road2)
                .replace("{road}", road)
                .replace("{bldg}", &bldg.to_string())
                .replace("{days}", &days.to_string())
        };
        // Titles and bodies are written in pairs: title i goes with body i.
        let variant = self
            .rng
            .random_range(0..matter.titles.len().min(matter.bodies.len()));
        let title = fill(matter.titles[variant]);
        let channel = self.weighted(&[
            (Channel::Phone, 55),
            (Channel::Wechat, 15),
            (Channel::App, 12),
            (Channel::Web, 12),
            (Channel::Letter, 6),
        ]);
        let mut text = fill(matter.bodies[variant]);
        match matter.cat {
            Cat::Complaint | Cat::Help | Cat::Report => text.push_str(self.pick(content::CLOSERS)),
            Cat::Inquiry | Cat::Suggestion => text.push_str(self.pick(content::POLITE_CLOSERS)),
            Cat::Praise => {}
        }
        if channel == Channel::Web && self.chance(0.05) {
            text.push_str(content::MARKUP_SUFFIX);
        }
        let citizen = self.citizen(matter.cat, &channel, place);
        let location = format!("天桥区 北园街道 {road}{}号 {place}", self.int(1, 300));

        // Roles.
        let co_handler = st != St::Redo && matter.dept.is_some() && self.chance(0.09);
        let opinion_days = if urgent { 1 } else { 2 };
        let opinion_due = self.deadline(tl.dispatched, opinion_days);
        let (our_role, lead_unit, co_units) = self.roles(co_handler, matter, opinion_due);

        // Deadlines.
        let reply_days = if urgent { 1 } else { 5 };
        let (mut reply_due, due_set_at) = match tl.cycles.last() {
            Some(c) => (self.deadline(c.redo, 3), c.redo),
            None => (self.deadline(tl.dispatched, reply_days), tl.dispatched),
        };
        let ack_due = tl.dispatched + TimeDelta::hours(2);

        // Who acknowledged.
        let officer = if self.chance(0.65) {
            &crate::directory::ACCOUNTS[0]
        } else {
            &crate::directory::ACCOUNTS[1]
        };
        let officer_label = format!("{DEMO_UNIT_NAME} {}", officer.name);
        let acked_by = tl.ack.map(|at| AckedBy {
            id: officer.id.to_owned(),
            name: officer.name.to_owned(),
            at,
        });

        let mut history = Vec::new();
        let mut log = |at: Dt, actor: &str, action: &str, note: String| {
            history.push(HistoryEntry {
                at,
                actor: actor.to_owned(),
                action: action.to_owned(),
                note,
            });
        };
        let dispatch_note = if co_handler {
            format!("派单：牵头单位{}，协办单位{DEMO_UNIT_NAME}", lead_unit.name)
        } else {
            format!("派单至{DEMO_UNIT_NAME}办理")
        };
        log(tl.dispatched, HOTLINE_OFFICE, "dispatch", dispatch_note);
        if let Some(ack) = tl.ack {
            log(ack, &officer_label, "ack", "签收".to_owned());
        }
        let replier = if co_handler {
            lead_unit.name.clone()
        } else {
            officer_label.clone()
        };
        for c in &tl.cycles {
            let note = self.pick(content::REPLY_NOTES).to_owned();
            log(c.reply, &replier, "reply", note);
            log(
                c.callback,
                HOTLINE_OFFICE,
                "callback",
                "回访：不满意，问题未解决".to_owned(),
            );
            log(
                c.redo,
                HOTLINE_OFFICE,
                "redo",
                format!("退回重办：{}", c.reason),
            );
        }
        if let Some(reply) = tl.final_reply {
            let note = self.pick(content::REPLY_NOTES).to_owned();
            log(reply, &replier, "reply", note);
        }

        // Co-handling opinion (协办意见).
        if co_handler && let Some(ack) = tl.ack {
            let until = tl.final_reply.unwrap_or(self.now);
            if tl.final_reply.is_some() || self.chance(0.3) {
                // During office hours where the window allows.
                let rough = self.between(ack, until);
                let office = self.office_time(rough.date_naive());
                let at = if office > ack && office < until {
                    office
                } else {
                    rough
                };
                log(at, &officer_label, "opinion", "提交协办意见".to_owned());
            }
        }

        // Extension (延期申请), lead tickets only.
        let mut extension = None;
        if !co_handler
            && st != St::PendingAck
            && let Some(ack) = tl.ack
            && self.chance(0.1)
        {
            let start = ack.max(due_set_at) + TimeDelta::minutes(30);
            let mut end = self.now.min(reply_due);
            if let Some(r) = tl.final_reply {
                end = end.min(r);
            }
            let end = end - TimeDelta::minutes(30);
            if end > start {
                let requested_at = self.between(start, end);
                let extra = self.int(3, 10);
                let requested_due = self.deadline(reply_due, extra);
                let open = matches!(st, St::InProgress | St::Redo);
                let roll = self.int(0, 99);
                let mut status = match (open, roll) {
                    (true, 0..40) => ExtensionStatus::Pending,
                    (true, 40..80) | (false, 0..70) => ExtensionStatus::Approved,
                    _ => ExtensionStatus::Rejected,
                };
                let decided = requested_at + self.minutes(120, 2880);
                let decided_at = if status == ExtensionStatus::Pending {
                    None
                } else if decided > self.now {
                    if open {
                        status = ExtensionStatus::Pending;
                        None
                    } else {
                        Some(self.now)
                    }
                } else {
                    Some(decided)
                };
                let reason = self.pick(content::EXTENSION_REASONS);
                log(
                    requested_at,
                    &officer_label,
                    "extension_request",
                    format!(
                        "申请延期至{}：{reason}",
                        requested_due.format("%Y-%m-%d %H:%M")
                    ),
                );
                if let Some(at) = decided_at {
                    let (action, note) = if status == ExtensionStatus::Approved {
                        ("extension_approve", "同意延期")
                    } else {
                        ("extension_reject", "延期申请未获批准，按原时限办理")
                    };
                    log(at, HOTLINE_OFFICE, action, note.to_owned());
                }
                if status == ExtensionStatus::Approved {
                    reply_due = requested_due;
                }
                extension = Some(Extension {
                    status,
                    requested_due_at: requested_due,
                    reason: reason.to_owned(),
                    decided_at,
                });
            }
        }

        // Supervision (督办).
        let supervision = self.supervision(st, &tl, ack_due, reply_due);
        if let Some(s) = &supervision {
            log(s.at, HOTLINE_OFFICE, "supervise", s.note.clone());
        }

        // Callback (回访) and closing.
        let mut callback = None;
        if let Some(c) = tl.cycles.last()
            && st == St::Redo
        {
            callback = Some(Callback {
                at: c.callback,
                process: ProcessSatisfaction::Unsatisfied,
                result: CallbackResult::Unresolved,
                comment: self.pick(content::UNSATISFIED_COMMENTS).to_owned(),
            });
        }
        if let Some(at) = tl.final_callback {
            let cb = self.final_callback(at, matter.cat);
            let note = format!(
                "回访：{}，{}",
                match cb.process {
                    ProcessSatisfaction::Satisfied => "满意",
                    ProcessSatisfaction::Basic => "基本满意",
                    _ => "不满意",
                },
                if cb.result == CallbackResult::Resolved {
                    "已解决"
                } else {
                    "未解决"
                }
            );
            log(at, HOTLINE_OFFICE, "callback", note);
            callback = Some(cb);
        }
        if let Some(at) = tl.closed_at {
            log(at, HOTLINE_OFFICE, "close", "工单办结".to_owned());
        }

        history.sort_by_key(|h| h.at);
        let version = history
            .iter()
            .map(|_| i64::from(self.int(1, 3)))
            .sum::<i64>()
            .max(1);
        let attachments = self.attachments(&id);

        Ticket {
            id,
            version,
            title,
            category: category(matter.cat),
            matter: matter.path.to_owned(),
            content: text,
            citizen,
            location,
            channel,
            urgency: if urgent {
                Urgency::Urgent
            } else {
                Urgency::Normal
            },
            our_role,
            lead_unit,
            co_units,
            status: match st {
                St::PendingAck => TicketStatus::PendingAck,
                St::InProgress => TicketStatus::InProgress,
                St::Redo => TicketStatus::Redo,
                St::Replied => TicketStatus::Replied,
                St::Closed => TicketStatus::Closed,
            },
            dispatched_at: tl.dispatched,
            ack_due_at: ack_due,
            reply_due_at: reply_due,
            acked_by,
            extension,
            redo: tl.cycles.last().map(|c| Redo {
                count: u32::try_from(tl.cycles.len()).unwrap_or(u32::MAX),
                reason: c.reason.to_owned(),
                at: c.redo,
            }),
            supervision,
            callback,
            history,
            attachments,
        }
    }

    /// A matter template of a weighted category that occurs in `month`.
    fn matter(&mut self, month: u32) -> &'static Matter {
        let cat = self.weighted(&content::CATEGORY_WEIGHTS);
        let fits: Vec<&'static Matter> = MATTERS
            .iter()
            .filter(|m| m.cat == cat && (m.months.is_empty() || m.months.contains(&month)))
            .collect();
        if fits.is_empty() {
            return &MATTERS[0];
        }
        fits[self.rng.random_range(0..fits.len())]
    }

    /// The citizen, living in `home` (the community their words name).
    fn citizen(&mut self, cat: Cat, channel: &Channel, home: &str) -> Citizen {
        let anonymous = if cat == Cat::Report {
            self.chance(0.3)
        } else {
            self.chance(0.03)
        };
        let name = if anonymous {
            "匿名".to_owned()
        } else {
            let stars = if self.chance(0.7) { "**" } else { "*" };
            format!("{}{stars}", self.pick(content::SURNAMES))
        };
        let phone = if *channel == Channel::Letter && self.chance(0.5) {
            String::new()
        } else {
            let prefix = self.pick(content::PHONE_PREFIXES);
            format!("{prefix}****{:04}", self.int(0, 9999))
        };
        let address = format!("天桥区北园街道{home}{}号楼**室", self.int(1, 24));
        Citizen {
            name,
            phone,
            address,
        }
    }

    fn roles(
        &mut self,
        co_handler: bool,
        matter: &Matter,
        opinion_due: Dt,
    ) -> (OurRole, UnitRef, Vec<CoUnit>) {
        let dept = matter.dept.and_then(|d| DEPARTMENTS.get(d)).copied();
        let street = self.pick(&STREET_OFFICES);
        let co = |u: UnitRef| CoUnit {
            id: u.id,
            name: u.name,
            opinion_due_at: Some(opinion_due),
        };
        if co_handler && let Some(dept) = dept {
            let mut co_units = vec![co(demo_unit())];
            if self.chance(0.3) {
                co_units.push(co(unit_ref(street)));
            }
            return (OurRole::CoHandler, unit_ref(dept), co_units);
        }
        let mut co_units = Vec::new();
        if self.chance(0.12) {
            match dept {
                Some(dept) => {
                    co_units.push(co(unit_ref(dept)));
                    if self.chance(0.4) {
                        co_units.push(co(unit_ref(street)));
                    }
                }
                None => co_units.push(co(unit_ref(street))),
            }
        }
        (OurRole::Lead, demo_unit(), co_units)
    }

    fn supervision(
        &mut self,
        st: St,
        tl: &Timeline,
        ack_due: Dt,
        reply_due: Dt,
    ) -> Option<Supervision> {
        let now = self.now;
        let (level, at) = match st {
            St::PendingAck => {
                if now <= ack_due || !self.chance(0.25) {
                    return None;
                }
                let at = self.between(ack_due, now);
                let note = self.pick(content::ACK_REMINDER_NOTES).to_owned();
                return Some(Supervision {
                    level: SupervisionLevel::Reminder,
                    note,
                    at,
                });
            }
            St::InProgress | St::Redo => {
                let since = tl.ack.unwrap_or(tl.dispatched);
                if now > reply_due {
                    if !self.chance(0.45) {
                        return None;
                    }
                    let late = self.workdays_since(reply_due);
                    let level = match late {
                        3.. if self.chance(0.7) => SupervisionLevel::Red,
                        1.. if self.chance(0.7) => SupervisionLevel::Yellow,
                        0 if self.chance(0.5) => SupervisionLevel::Yellow,
                        _ => SupervisionLevel::Reminder,
                    };
                    (level, self.between(reply_due, now))
                } else {
                    if !self.chance(0.05) {
                        return None;
                    }
                    (SupervisionLevel::Reminder, self.between(since, now))
                }
            }
            St::Replied | St::Closed => {
                if !self.chance(0.05) {
                    return None;
                }
                let since = tl.ack.unwrap_or(tl.dispatched);
                let until = tl
                    .cycles
                    .first()
                    .map(|c| c.reply)
                    .or(tl.final_reply)
                    .unwrap_or(now);
                let level = if self.chance(0.6) {
                    SupervisionLevel::Reminder
                } else {
                    SupervisionLevel::Yellow
                };
                (level, self.between(since, until))
            }
        };
        let note = match level {
            SupervisionLevel::Red => self.pick(content::RED_NOTES),
            SupervisionLevel::Yellow => self.pick(content::YELLOW_NOTES),
            _ => self.pick(content::REMINDER_NOTES),
        };
        Some(Supervision {
            level,
            note: note.to_owned(),
            at,
        })
    }

    fn final_callback(&mut self, at: Dt, cat: Cat) -> Callback {
        let roll = self.int(0, 99);
        let process = match roll {
            0..80 => ProcessSatisfaction::Satisfied,
            80..92 => ProcessSatisfaction::Basic,
            _ => ProcessSatisfaction::Unsatisfied,
        };
        let resolved = matches!(cat, Cat::Inquiry | Cat::Praise)
            || (process != ProcessSatisfaction::Unsatisfied && self.chance(0.9));
        let comment = match process {
            ProcessSatisfaction::Satisfied => self.pick(content::SATISFIED_COMMENTS),
            ProcessSatisfaction::Basic => self.pick(content::BASIC_COMMENTS),
            _ => self.pick(content::UNSATISFIED_COMMENTS),
        };
        Callback {
            at,
            process,
            result: if resolved {
                CallbackResult::Resolved
            } else {
                CallbackResult::Unresolved
            },
            comment: comment.to_owned(),
        }
    }

    fn attachments(&mut self, id: &str) -> Vec<Attachment> {
        if !self.chance(0.15) {
            return Vec::new();
        }
        const KINDS: [(&str, &str, u64, u64); 4] = [
            ("现场照片.jpg", "image/jpeg", 60_000, 2_500_000),
            ("现场照片2.jpg", "image/jpeg", 60_000, 2_500_000),
            ("情况说明.pdf", "application/pdf", 20_000, 400_000),
            ("来电录音.mp3", "audio/mpeg", 150_000, 3_000_000),
        ];
        let n = if self.chance(0.3) { 2 } else { 1 };
        let first = self.rng.random_range(0..KINDS.len());
        (0..n)
            .map(|k| {
                let (name, content_type, lo, hi) = KINDS[(first + k) % KINDS.len()];
                Attachment {
                    id: format!("att-{id}-{}", k + 1),
                    name: name.to_owned(),
                    size: self.rng.random_range(lo..=hi),
                    content_type: content_type.to_owned(),
                }
            })
            .collect()
    }
}

fn category(cat: Cat) -> Category {
    match cat {
        Cat::Complaint => Category::Complaint,
        Cat::Help => Category::Help,
        Cat::Inquiry => Category::Inquiry,
        Cat::Suggestion => Category::Suggestion,
        Cat::Report => Category::Report,
        Cat::Praise => Category::Praise,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mix_is_exact_per_hundred() {
        for seed in [0, 42, 99, 12345] {
            let mut counts = [0usize; 5];
            for i in 0..100 {
                counts[status_of(seed, i) as usize] += 1;
            }
            assert_eq!(counts, [10, 50, 8, 12, 20], "seed {seed}");
        }
    }

    #[test]
    fn every_matter_has_titles_and_bodies() {
        assert!(MATTERS.len() >= 25);
        for m in MATTERS {
            assert!(!m.titles.is_empty(), "{}", m.path);
            assert_eq!(
                m.titles.len(),
                m.bodies.len(),
                "{}: titles pair with bodies",
                m.path
            );
            assert_eq!(m.path.split('/').count(), 3, "{}", m.path);
        }
    }
}
