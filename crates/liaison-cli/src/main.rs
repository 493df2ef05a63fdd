//! `liaison`: the liaison desk on the command line, over the same use cases as the app.
//!
//! Exit codes: 0 success; 2 usage or configuration error; 3 the district could not be
//! reached, or a sync pass ended by its bounds before the feed's end (the cache keeps
//! what arrived; try again later); 4 something was rejected or conflicted.

mod report;

use clap::{Parser, Subcommand};
use desk_app::ipc::ErrorCode;
use desk_app::{AppError, Desk, DeskOptions, Sensitive};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "liaison", version, about = "12345 热线联络员工作台（命令行）")]
struct Cli {
    /// Where the local cache lives.
    #[arg(long, env = "LIAISON_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// District API base URL, e.g. `https://12345.example.gov.cn/api/v1` (remembered).
    #[arg(long, global = true)]
    server: Option<String>,
    /// PEM bundle of extra certificate authorities to trust (a district intranet's own
    /// CA; remembered). Verification is never switched off.
    #[arg(long, env = "LIAISON_CA_BUNDLE", global = true)]
    ca_bundle: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign in at the district (with --server): the token goes to the OS keyring, the
    /// password is read from standard input and never stored.
    Login {
        #[arg(long)]
        username: String,
        /// Read the password from standard input (first line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Sign out: the token leaves the keyring. With --wipe, the local cache goes too.
    Logout {
        #[arg(long)]
        wipe: bool,
    },
    /// Send the outbox, then pull the unit's changes until the feed is exhausted.
    Sync,
    /// List cached tickets in work order.
    Tickets {
        /// Only tickets in this status (pending_ack, in_progress, replied, redo, closed).
        #[arg(long)]
        status: Option<String>,
        /// Only redo (重办) tickets.
        #[arg(long)]
        redo: bool,
        /// Only tickets whose active deadline has passed.
        #[arg(long)]
        overdue: bool,
        /// Only tickets whose active deadline falls within this duration (e.g. 4h, 90m, 2d).
        #[arg(long, value_parser = parse_duration)]
        due_within: Option<chrono::Duration>,
        /// Only tickets whose number, title, content, location, 事项分类 or address contain
        /// this text (any length; spaces and punctuation ignored).
        #[arg(long)]
        search: Option<String>,
        /// Print contract-shaped ticket objects as a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Show one cached ticket.
    Ticket {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 签收: acknowledge a ticket.
    Ack { id: String },
    /// 答复: send a reply (a contract reply object in a JSON file).
    Reply {
        id: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Checks a reply (a contract reply object in a JSON file) against the cached ticket
    /// and the cached reply rules, as sending would. Exit 0: nothing blocks; 4: something
    /// does.
    Lint {
        id: String,
        #[arg(long)]
        file: PathBuf,
        /// Print the findings as a JSON array (code, field, blocking, message, matched,
        /// start, end).
        #[arg(long)]
        json: bool,
    },
    /// Saves reply drafts read from standard input, one contract-shaped partial reply
    /// (JSON) per line, each before the next line is read; prints `saved N` after each.
    /// What an editor integration does as the officer types.
    Draft {
        id: String,
        /// Also queue the last text for the unit's shared draft and send it.
        #[arg(long)]
        share: bool,
    },
    /// 协办意见: a co-handling unit's opinion (JSON file: text, contact_name, contact_phone).
    Opinion {
        id: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// 延期申请: ask for a later deadline.
    Extend {
        id: String,
        /// The requested deadline, RFC 3339.
        #[arg(long)]
        until: String,
        #[arg(long)]
        reason: String,
    },
    /// 申请协调: ask the district to coordinate other units.
    Coordinate {
        id: String,
        #[arg(long)]
        reason: String,
        /// A unit to involve (repeat for several).
        #[arg(long = "unit", required = true)]
        units: Vec<String>,
    },
    /// 申请改派: only for a true mis-dispatch (首接负责制), with a reason.
    Reassign {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        suggested_unit: Option<String>,
    },
    /// The unit's shared drafts, including archived ones of tickets that left the unit.
    Drafts {
        #[arg(long)]
        json: bool,
    },
    /// Every write in the outbox; `retry ID` / `discard ID --yes` for a blocked one.
    Outbox {
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
    /// Connectivity, last sync, clock offset, counts.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// The working-day calendar as cached: each year's days off and make-up workdays,
    /// and whether they come from the district, the bundled table, or are not covered
    /// (then Monday to Friday is assumed and figures are marked as estimates).
    Calendar {
        /// One year (default: every covered year, and the years estimated).
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// What the alert planner would fire at a moment, for the cached data, as if nothing
    /// had fired yet. Changes nothing (no alert is marked fired or shown).
    Alerts {
        /// The moment, RFC 3339 (e.g. 2026-12-04T17:00:00+08:00).
        #[arg(long)]
        at: String,
        /// Plan for officer A or B instead of the signed-in officer.
        #[arg(long = "as", value_parser = ["A", "B"])]
        as_role: Option<String>,
        /// Print the notifications as a JSON array (kind, ticket_ids, critical, title,
        /// body, ...).
        #[arg(long)]
        json: bool,
    },
    /// The unit's assessment of a period (考核: figures, breakdowns, the month's
    /// projection) from the cache; exit 2 for a bad period.
    Report(report::ReportArgs),
}

/// A failure with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        let code = match e.code() {
            // A pass ended by its bounds: like an unreachable district, try again later.
            _ if matches!(&e, AppError::Sync(s) if s.is_pass_bound()) => 3,
            ErrorCode::InvalidInput | ErrorCode::Unauthorized => 2,
            ErrorCode::Offline => 3,
            ErrorCode::Server | ErrorCode::NotFound => 4,
            ErrorCode::Storage | ErrorCode::Internal => 1,
        };
        let message = match e.code() {
            ErrorCode::Offline => format!("{e}\n本地缓存未受影响。"),
            _ => e.to_string(),
        };
        Failure { code, message }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

fn main() -> ExitCode {
    // Whatever this command creates (data dir, cache, the remembered data-dir file) is
    // the user's only.
    desk_app::private::restrict_umask();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LIAISON_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("liaison: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("liaison: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let data_dir = match cli.data_dir {
        Some(dir) => {
            remember_data_dir(&dir);
            dir
        }
        None => last_data_dir().ok_or_else(|| {
            usage("需要 --data-dir（或环境变量 LIAISON_DATA_DIR）；首次使用后会记住")
        })?,
    };
    let token = std::env::var("LIAISON_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty());
    let talks_to_district = !matches!(
        cli.command,
        Command::Tickets { .. }
            | Command::Ticket { .. }
            | Command::Drafts { .. }
            | Command::Outbox {
                action: None | Some(OutboxAction::Discard { .. }),
                ..
            }
            | Command::Status { .. }
            | Command::Calendar { .. }
            | Command::Alerts { .. }
            | Command::Lint { .. }
            | Command::Report(_)
    ) && !matches!(&cli.command, Command::Draft { share: false, .. });
    // The keyring holds the cache key (issue 15) besides the token: always asked.
    let (vault, vault_problem) = {
        match desk_app::vault::KeyringVault::open() {
            Ok(v) => (
                Some(std::sync::Arc::new(v) as std::sync::Arc<dyn desk_app::vault::TokenVault>),
                None,
            ),
            Err(e) => (None, Some(e.to_string())),
        }
    };
    let desk = Desk::open(DeskOptions {
        data_dir,
        server_url: cli.server,
        token: token.map(Sensitive::new),
        vault,
        vault_problem: vault_problem.clone(),
        ca_bundle: cli.ca_bundle,
        ..DeskOptions::default()
    })?;
    // Sync, flush and wipe wait for another program writing this cache; say why.
    desk.on_cache_busy(std::sync::Arc::new(|notice: &str| {
        eprintln!("liaison: {notice}")
    }));
    let signs_in = matches!(cli.command, Command::Login { .. } | Command::Logout { .. });
    if talks_to_district && !signs_in && !desk.app_info().signed_in {
        let why = vault_problem
            .map(|p| format!("（{p}）"))
            .unwrap_or_default();
        return Err(usage(format!(
            "尚未登录{why}：请先 liaison --server URL login --username 用户名 --password-stdin，或设置环境变量 LIAISON_TOKEN"
        )));
    }
    match cli.command {
        Command::Login {
            username,
            password_stdin: _,
        } => {
            let server = desk
                .server_url()
                .ok_or_else(|| usage("首次登录需要 --server 平台地址"))?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| usage(format!("读取密码失败: {e}")))?;
            let password = Sensitive::new(password.trim_end_matches(['\r', '\n']).to_owned());
            let outcome = desk.sign_in(&server, &username, &password).await?;
            println!(
                "已登录：{} {}（{}角）",
                outcome.info.unit_name, outcome.info.officer_name, outcome.info.officer_role
            );
            if !outcome.token_kept {
                return Err(Failure {
                    code: 2,
                    message: outcome.note.unwrap_or_else(|| {
                        "系统钥匙串不可用：令牌未保存，请改用环境变量 LIAISON_TOKEN".into()
                    }),
                });
            }
        }
        Command::Logout { wipe } => {
            desk.sign_out(wipe).await?;
            if wipe {
                forget_data_dir(desk.data_dir());
            }
            println!(
                "{}",
                if wipe {
                    "已退出，本地缓存已清除"
                } else {
                    "已退出登录"
                }
            );
        }
        Command::Sync => {
            let r = desk.sync_now().await?;
            let status = desk.sync_status()?;
            println!(
                "同步完成：发送 {} 条，{} 页，{} 条变更，{} 件工单更新，{} 件移出，{} 条跳过；本地共 {} 件工单",
                r.sent, r.pages, r.items, r.tickets_changed, r.removed, r.skipped, status.tickets
            );
            if status.outbox_conflicts + status.outbox_rejected + status.outbox_blocked > 0 {
                return Err(Failure {
                    code: 4,
                    message: format!(
                        "待处理：{} 条冲突，{} 条被退回，{} 条发送受阻（liaison outbox 查看）",
                        status.outbox_conflicts, status.outbox_rejected, status.outbox_blocked
                    ),
                });
            }
        }
        Command::Tickets {
            status,
            redo,
            overdue,
            due_within,
            search,
            json,
        } => {
            let now = chrono::Utc::now()
                + chrono::Duration::milliseconds(desk.sync_status()?.server_offset_ms);
            let keep = |row: &desk_app::ipc::TicketRow| {
                let due = row.deadline.as_ref().map(|d| d.due_ms);
                status.as_deref().is_none_or(|s| row.status == s)
                    && (!redo || row.redo_count > 0)
                    && (!overdue || due.is_some_and(|d| d < now.timestamp_millis()))
                    && due_within.is_none_or(|w| {
                        due.is_some_and(|d| {
                            d >= now.timestamp_millis() && d <= (now + w).timestamp_millis()
                        })
                    })
            };
            let matching: Option<std::collections::HashSet<String>> = match &search {
                Some(q) => Some(
                    desk.search_tickets(q, usize::MAX)?
                        .into_iter()
                        .map(|t| t.id)
                        .collect(),
                ),
                None => None,
            };
            let rows: Vec<_> = desk
                .ticket_rows()?
                .into_iter()
                .filter(|r| keep(r) && matching.as_ref().is_none_or(|m| m.contains(&r.id)))
                .collect();
            if json {
                let ids: std::collections::HashSet<&str> =
                    rows.iter().map(|r| r.id.as_str()).collect();
                let tickets: Vec<_> = desk
                    .tickets()?
                    .into_iter()
                    .filter(|t| ids.contains(t.id.as_str()))
                    .collect();
                print_json(&tickets)?;
            } else {
                for row in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        row.id, row.status_label, row.category_label, row.urgency_label, row.title
                    );
                }
            }
        }
        Command::Ticket { id, json } => {
            let t = desk.ticket(&id)?;
            if json {
                print_json(&t)?;
            } else {
                let row = desk_app::ipc::TicketRow::from_ticket(&t, "");
                println!("{} [{}] {}", t.id, row.status_label, t.title);
                println!("{}", t.content);
            }
        }
        Command::Ack { id } => {
            let row = desk.ack(&id)?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Lint { id, file, json } => {
            let reply: district_api::PartialReply = read_json(&file)?;
            let findings = desk.lint_reply(&id, &reply)?;
            let views: Vec<_> = findings
                .iter()
                .map(desk_app::replies::finding_view)
                .collect();
            if json {
                print_json(&views)?;
            } else {
                print_findings(&views);
            }
            if views.iter().any(|f| f.blocking) {
                return Err(Failure {
                    code: 4,
                    message: "答复不符合规范，不能发送".into(),
                });
            }
        }
        Command::Draft { id, share } => {
            use std::io::BufRead;
            desk.ticket(&id)?;
            // As opening the reply editor does: the unit's shared draft, when newer and
            // this desk has no unsent edits, becomes the text the lines build on, so a
            // share goes on top of the revision the officer knows of.
            desk.reply_workspace(&id)?;
            let mut last = None;
            for (n, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.map_err(|e| usage(format!("读取标准输入失败: {e}")))?;
                if line.trim().is_empty() {
                    continue;
                }
                let reply: district_api::PartialReply = serde_json::from_str(&line)
                    .map_err(|e| usage(format!("第 {} 行不是答复草稿 JSON: {e}", n + 1)))?;
                let form = desk_app::replies::partial_to_form(&reply);
                desk.save_reply_draft(&id, &form, false)?;
                println!("saved {}", n + 1);
                last = Some(form);
            }
            if let (true, Some(form)) = (share, last) {
                desk.save_reply_draft(&id, &form, true)?;
                let flushed = desk.flush_now().await;
                let entry = desk
                    .outbox()?
                    .into_iter()
                    .filter(|e| e.kind == "draft" && e.ticket_id.as_deref() == Some(id.as_str()))
                    .max_by_key(|e| e.id);
                match (entry, flushed) {
                    (Some(e), _) if e.state == "conflict" => {
                        return Err(Failure {
                            code: 4,
                            message: format!(
                                "共享草稿未保存：对方已保存了更新的草稿（#{}），本机的内容未覆盖对方的，已保留在本机草稿中",
                                e.id
                            ),
                        });
                    }
                    (Some(e), _) if e.state == "sent" => {
                        println!("草稿已共享（#{}）", e.id);
                    }
                    (_, Err(e)) => return Err(e.into()),
                    (Some(e), Ok(_)) => {
                        println!("草稿已保存，共享{}（#{}）", e.state_label, e.id);
                    }
                    (None, Ok(_)) => println!("草稿已保存"),
                }
            }
        }
        Command::Reply { id, file } => {
            let reply: district_api::Reply = read_json(&file)?;
            let partial: district_api::PartialReply = serde_json::from_value(
                serde_json::to_value(&reply).map_err(|e| usage(e.to_string()))?,
            )
            .map_err(|e| usage(e.to_string()))?;
            let findings: Vec<_> = desk
                .lint_reply(&id, &partial)?
                .iter()
                .map(desk_app::replies::finding_view)
                .collect();
            if findings.iter().any(|f| f.blocking) {
                print_findings(&findings);
                return Err(Failure {
                    code: 4,
                    message: "答复不符合规范，未发送（liaison lint 查看）".into(),
                });
            }
            let row = desk.reply(&id, &reply)?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Opinion { id, file } => {
            let opinion: district_api::Opinion = read_json(&file)?;
            let row = desk.opinion(&id, &opinion)?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Extend { id, until, reason } => {
            let requested_due_at = chrono::DateTime::parse_from_rfc3339(&until).map_err(|e| {
                usage(format!(
                    "--until 需要 RFC 3339 时间（如 2026-12-10T18:00:00+08:00）: {e}"
                ))
            })?;
            let row = desk.request_extension(
                &id,
                &district_api::ExtensionRequest {
                    reason,
                    requested_due_at,
                },
            )?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Coordinate { id, reason, units } => {
            let row = desk
                .request_coordination(&id, &district_api::CoordinationRequest { reason, units })?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Reassign {
            id,
            reason,
            suggested_unit,
        } => {
            let row = desk.request_reassignment(
                &id,
                &district_api::ReassignmentRequest {
                    reason,
                    suggested_unit,
                },
            )?;
            return flush_and_report(&desk, row.id).await;
        }
        Command::Drafts { json } => {
            let drafts = desk.drafts()?;
            if json {
                print_json(&drafts)?;
            } else {
                for d in drafts {
                    let mark = if d.archived {
                        "（已移出本单位，存档）"
                    } else {
                        ""
                    };
                    println!(
                        "{}{}\t第 {} 版\t{} {}\n{}\n",
                        d.ticket_id,
                        mark,
                        d.draft.revision,
                        d.draft.updated_by.name,
                        d.draft.updated_at.to_rfc3339(),
                        d.draft.reply.text.as_deref().unwrap_or("")
                    );
                }
            }
        }
        Command::Outbox {
            action: Some(OutboxAction::Retry { id }),
            ..
        } => {
            desk.retry_outbox_entry(id)?;
            flush_and_report(&desk, id).await?;
        }
        Command::Outbox {
            action: Some(OutboxAction::Discard { id, yes }),
            ..
        } => {
            let row = desk.outbox_entry(id)?;
            if !yes {
                return Err(usage(format!(
                    "放弃 #{id}（{}，{}）后它不会再发送；记录与所写内容仍保留在队列中。\
                     若区平台已收到过它，放弃不会撤回。确认请加 --yes",
                    row.kind_label, row.state_label
                )));
            }
            desk.discard_outbox_entry(id)?;
            println!("已放弃 #{id}（{}），记录仍保留在队列中", row.kind_label);
        }
        Command::Outbox { json, action: None } => {
            let rows = desk.outbox()?;
            if json {
                print_json(&rows)?;
            } else {
                for r in rows {
                    println!(
                        "#{}\t{}\t{}\t{}\t尝试 {} 次\t{}",
                        r.id,
                        r.ticket_id.as_deref().unwrap_or("-"),
                        r.kind_label,
                        r.state_label,
                        r.attempts,
                        r.last_error.as_deref().unwrap_or("")
                    );
                }
            }
        }
        Command::Report(args) => report::run(&desk, args)?,
        Command::Alerts { at, as_role, json } => {
            let at = chrono::DateTime::parse_from_rfc3339(&at).map_err(|e| {
                usage(format!(
                    "--at 需要 RFC 3339 时间（如 2026-12-04T17:00:00+08:00）: {e}"
                ))
            })?;
            let role = as_role.as_deref().map(district_api::OfficerRole::from_wire);
            let plan = desk.plan_alerts_at(at.to_utc(), role, true)?;
            if json {
                print_json(&plan.notifications)?;
            } else if plan.notifications.is_empty() {
                println!("此时没有要发出的提醒（值班：{}角）", plan.on_duty);
            } else {
                for n in &plan.notifications {
                    let mark = if n.critical { "【紧急】" } else { "" };
                    println!("{mark}{}\n{}\n", n.title, n.body);
                }
            }
            if !json && plan.held > 0 {
                println!("另有 {} 条提醒因在工作时间外而暂缓，上班时发出", plan.held);
            }
        }
        Command::Status { json } => {
            let s = desk.sync_status()?;
            let out = StatusOut {
                online: s.online,
                last_sync_at: s
                    .last_sync_ms
                    .and_then(chrono::DateTime::from_timestamp_millis),
                server_clock_offset_seconds: s.server_offset_ms as f64 / 1000.0,
                tickets: s.tickets,
                outbox_pending: s.outbox_pending,
                outbox_conflicts: s.outbox_conflicts,
                outbox_rejected: s.outbox_rejected,
                outbox_blocked: s.outbox_blocked,
                last_error: s.last_error,
                calendar: s.calendar,
            };
            if json {
                print_json(&out)?;
            } else {
                println!(
                    "连接：{:?}；上次同步：{}；服务器时钟偏差 {:+.1} 秒；工单 {} 件；待发送 {}，冲突 {}，被退回 {}，发送受阻 {}",
                    out.online,
                    out.last_sync_at
                        .map_or("从未".to_owned(), |t| t.to_rfc3339()),
                    out.server_clock_offset_seconds,
                    out.tickets,
                    out.outbox_pending,
                    out.outbox_conflicts,
                    out.outbox_rejected,
                    out.outbox_blocked
                );
                if let Some(notice) = &out.calendar.notice {
                    println!("{notice}");
                }
            }
        }
        Command::Calendar { year, json } => {
            let years = match year {
                Some(y) => vec![y],
                None => {
                    let s = desk.sync_status()?.calendar;
                    let mut all: Vec<i32> = s.covered.into_iter().chain(s.estimated).collect();
                    all.sort_unstable();
                    all.dedup();
                    all
                }
            };
            let views = years
                .into_iter()
                .map(|y| desk.calendar_year(y))
                .collect::<Result<Vec<_>, _>>()?;
            if json {
                print_json(&views)?;
            } else {
                for v in &views {
                    let source = match v.source {
                        "district" => format!(
                            "区热线平台（{} 获取）",
                            v.fetched_at.as_deref().unwrap_or("时间未知")
                        ),
                        "bundled" => "本应用内置".to_owned(),
                        _ => "未发布：按周一至周五估算".to_owned(),
                    };
                    let days = |d: &[chrono::NaiveDate]| {
                        if d.is_empty() {
                            "无".to_owned()
                        } else {
                            d.iter()
                                .map(|x| x.format("%m-%d").to_string())
                                .collect::<Vec<_>>()
                                .join(" ")
                        }
                    };
                    println!("{} 年：{source}", v.year);
                    if v.source != "none" {
                        println!("  放假：{}", days(&v.holidays));
                        println!("  调休上班：{}", days(&v.workdays));
                    }
                }
            }
        }
    }
    Ok(())
}

/// `liaison status --json`. Other programs read these names: keep them stable.
#[derive(serde::Serialize)]
struct StatusOut {
    online: desk_app::ipc::Connectivity,
    last_sync_at: Option<chrono::DateTime<chrono::Utc>>,
    server_clock_offset_seconds: f64,
    tickets: i64,
    outbox_pending: i64,
    outbox_conflicts: i64,
    outbox_rejected: i64,
    outbox_blocked: i64,
    last_error: Option<String>,
    /// `{"covered": [2026], "estimated": [2027], "source": {"2026": "bundled"},
    /// "fetched_at": {}, "notice": "..."}`.
    calendar: desk_app::ipc::CalendarStatus,
}

/// `liaison outbox retry|discard`.
#[derive(Debug, Subcommand)]
enum OutboxAction {
    /// Send a blocked write (发送受阻) again, with the same idempotency key.
    Retry { id: i64 },
    /// Stop sending a blocked, refused or conflicting write; its record and text stay.
    Discard {
        id: i64,
        /// Confirms the discard.
        #[arg(long)]
        yes: bool,
    },
}

/// Tries to send what was just queued; says where the write stands.
async fn flush_and_report(desk: &Desk, row_id: i64) -> Result<(), Failure> {
    let flushed = desk.flush_now().await;
    let row = desk.outbox_entry(row_id)?;
    match (row.state.as_str(), flushed) {
        ("sent", _) => {
            println!("{}已发送（#{}）", row.kind_label, row.id);
            Ok(())
        }
        ("conflict" | "rejected" | "blocked", _) => Err(Failure {
            code: 4,
            message: format!(
                "{}{}（#{}）：{}",
                row.kind_label,
                row.state_label,
                row.id,
                row.last_error.unwrap_or_default()
            ),
        }),
        (_, Err(e)) => {
            let mut f = Failure::from(e);
            f.message = format!(
                "{}\n{}已保存在待发送队列（#{}），联网后自动发送。",
                f.message, row.kind_label, row.id
            );
            Err(f)
        }
        (_, Ok(_)) => {
            println!(
                "{}已保存在待发送队列（#{}），排在同一工单的其他待处理事项之后。",
                row.kind_label, row.id
            );
            Ok(())
        }
    }
}

/// Where the last used data dir is remembered: the user's config folder.
fn memory_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("liaison").join("data-dir"))
}

/// Remembers `dir` for later runs; failing to remember is not worth failing the command.
fn remember_data_dir(dir: &std::path::Path) {
    let (Some(file), Ok(abs)) = (memory_file(), std::path::absolute(dir)) else {
        return;
    };
    if let Some(parent) = file.parent()
        && std::fs::create_dir_all(parent).is_ok()
    {
        let _ = std::fs::write(file, abs.to_string_lossy().as_bytes());
    }
}

/// After a wipe: the remembered data dir is forgotten when it is `dir` (a later command
/// needs `--data-dir` again), so nothing on the PC points at the wiped cache.
fn forget_data_dir(dir: &std::path::Path) {
    let Some(file) = memory_file() else {
        return;
    };
    let remembered = std::fs::read_to_string(&file)
        .ok()
        .map(|t| PathBuf::from(t.trim()));
    let same = |a: &std::path::Path, b: &std::path::Path| match (
        std::fs::canonicalize(a),
        std::fs::canonicalize(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if remembered.is_some_and(|r| same(&r, dir))
        && let Err(e) = std::fs::remove_file(&file)
    {
        eprintln!("liaison: 未能删除 {}: {e}", file.display());
    }
}

fn last_data_dir() -> Option<PathBuf> {
    let text = std::fs::read_to_string(memory_file()?).ok()?;
    let dir = PathBuf::from(text.trim());
    dir.is_dir().then_some(dir)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("无法读取 {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| usage(format!("{} 不是有效的 JSON: {e}", path.display())))
}

/// A `--due-within` value that is not a duration.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct DurationError(String);

/// `90m`, `4h`, `2d`, `1h30m`.
fn parse_duration(s: &str) -> Result<chrono::Duration, DurationError> {
    let mut total = chrono::Duration::zero();
    let mut number = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number
            .parse()
            .map_err(|_| DurationError(format!("无效的时长: {s}")))?;
        number.clear();
        total += match c {
            's' => chrono::Duration::seconds(n),
            'm' => chrono::Duration::minutes(n),
            'h' => chrono::Duration::hours(n),
            'd' => chrono::Duration::days(n),
            _ => return Err(DurationError(format!("无效的时长单位 {c}（可用 s m h d）"))),
        };
    }
    if !number.is_empty() || total <= chrono::Duration::zero() {
        return Err(DurationError(format!("无效的时长: {s}（例：90m、4h、2d）")));
    }
    Ok(total)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}

/// Findings as lines: `[阻止] field: message` (hints marked 提示).
fn print_findings(findings: &[desk_app::ipc::LintFinding]) {
    if findings.is_empty() {
        println!("未发现问题");
    }
    for f in findings {
        let mark = if f.blocking { "阻止" } else { "提示" };
        println!("[{mark}] {}: {}", f.field, f.message);
    }
}
