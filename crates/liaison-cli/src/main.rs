//! `liaison`: the liaison desk on the command line, over the same use cases as the app.
//!
//! Exit codes: 0 success; 2 usage or configuration error; 3 the district could not be
//! reached (the cache is intact); 4 something was rejected or conflicted.

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Pull the unit's changes from the district into the cache.
    Sync,
    /// List cached tickets in work order.
    Tickets {
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
}

/// A failure with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        let code = match e.code() {
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
    let data_dir = cli
        .data_dir
        .ok_or_else(|| usage("需要 --data-dir（或环境变量 LIAISON_DATA_DIR）"))?;
    let needs_token = matches!(cli.command, Command::Sync);
    let token = std::env::var("LIAISON_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty());
    if needs_token && token.is_none() {
        return Err(usage("需要登录令牌：请设置环境变量 LIAISON_TOKEN"));
    }
    let desk = Desk::open(DeskOptions {
        data_dir,
        server_url: cli.server,
        token: token.map(Sensitive::new),
        ..DeskOptions::default()
    })?;
    match cli.command {
        Command::Sync => {
            let r = desk.sync_now().await?;
            let status = desk.sync_status()?;
            println!(
                "同步完成：{} 页，{} 条变更，{} 件工单更新，{} 件移出，{} 条跳过；本地共 {} 件工单",
                r.pages, r.items, r.tickets_changed, r.removed, r.skipped, status.tickets
            );
        }
        Command::Tickets { json } => {
            if json {
                print_json(&desk.tickets()?)?;
            } else {
                for row in desk.ticket_rows()? {
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
                println!(
                    "{} [{}] {}",
                    t.id,
                    desk_app::ipc::TicketRow::from_ticket(&t, "").status_label,
                    t.title
                );
                println!("{}", t.content);
            }
        }
    }
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    println!("{text}");
    Ok(())
}
