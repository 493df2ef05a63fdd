//! `liaison`: the liaison desk on the command line, over the same use cases as the app.
//!
//! Exit codes: 0 success; 2 usage or configuration error; 3 the district could not be
//! reached, or a sync pass ended by its bounds before the feed's end (the cache keeps
//! what arrived; try again later); 4 something was rejected or conflicted.
//!
//! One module per subcommand (or per family: `writes` for the outbox writes); this file
//! parses the command line, opens the desk and dispatches.

mod alerts;
mod calendar;
mod data_dir;
mod drafts;
mod failure;
mod lint;
mod man_page;
mod outbox;
mod output;
mod report;
mod session;
mod status;
mod sync;
mod tickets;
mod writes;

use clap::{Parser, Subcommand};
use desk_app::{Desk, DeskOptions, Sensitive};
use failure::{Failure, usage};
use std::path::PathBuf;
use std::process::ExitCode;

/// The exit codes, part of the command's interface: shown by `--help` and in the manual
/// page's EXIT STATUS.
const EXIT_CODES: &str = "Exit codes:
  0  done
  1  internal error: the local cache could not be read or written
  2  usage or configuration error (also: not signed in)
  3  the district could not be reached, or a sync pass ended by its bounds before the
     feed's end (the cache and the outbox are intact; queued writes go out at the next sync)
  4  rejected, in conflict, or blocked by the reply rules";

#[derive(Debug, Parser)]
#[command(
    name = "liaison",
    version,
    about = "12345 热线联络员工作台（命令行）",
    after_long_help = EXIT_CODES
)]
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
    Login(session::LoginArgs),
    /// Sign out: the token leaves the keyring. With --wipe, the local cache goes too.
    Logout(session::LogoutArgs),
    /// Send the outbox, then pull the unit's changes until the feed is exhausted.
    Sync,
    /// List cached tickets in work order, at most --limit (default 50) unless --all.
    Tickets(tickets::ListArgs),
    /// Show one cached ticket.
    Ticket(tickets::ShowArgs),
    /// 签收: acknowledge a ticket.
    Ack(writes::AckArgs),
    /// 答复: send a reply (a contract reply object in a JSON file).
    Reply(writes::ReplyArgs),
    /// Checks a reply (a contract reply object in a JSON file) against the cached ticket
    /// and the cached reply rules, as sending would. Exit 0: nothing blocks; 4: something
    /// does.
    Lint(lint::Args),
    /// Saves reply drafts read from standard input, one contract-shaped partial reply
    /// (JSON) per line, each before the next line is read; prints `saved N` after each.
    /// What an editor integration does as the officer types.
    Draft(drafts::DraftArgs),
    /// 协办意见: a co-handling unit's opinion (JSON file: text, contact_name, contact_phone).
    Opinion(writes::OpinionArgs),
    /// 延期申请: ask for a later deadline.
    Extend(writes::ExtendArgs),
    /// 申请协调: ask the district to coordinate other units.
    Coordinate(writes::CoordinateArgs),
    /// 申请改派: only for a true mis-dispatch (首接负责制), with a reason.
    Reassign(writes::ReassignArgs),
    /// The unit's shared drafts, including archived ones of tickets that left the unit.
    Drafts(drafts::DraftsArgs),
    /// Every write in the outbox; `retry ID` / `discard ID --yes` for a blocked one.
    Outbox(outbox::Args),
    /// Connectivity, last sync, clock offset, counts.
    Status(status::Args),
    /// The working-day calendar as cached: each year's days off and make-up workdays,
    /// and whether they come from the district, the bundled table, or are not covered
    /// (then Monday to Friday is assumed and figures are marked as estimates).
    Calendar(calendar::Args),
    /// What the alert planner would fire at a moment, for the cached data, as if nothing
    /// had fired yet. Changes nothing (no alert is marked fired or shown).
    Alerts(alerts::Args),
    /// The unit's assessment of a period (考核: figures, breakdowns, the month's
    /// projection) from the cache; exit 2 for a bad period.
    Report(report::ReportArgs),
    /// Prints the manual page liaison(1) as roff (what the packages install).
    #[command(hide = true)]
    ManPage,
}

impl Command {
    /// Whether the command talks to the district (and so needs a sign-in); the others
    /// read or change only the local cache.
    fn talks_to_district(&self) -> bool {
        match self {
            Command::Tickets(_)
            | Command::Ticket(_)
            | Command::Drafts(_)
            | Command::Status(_)
            | Command::Calendar(_)
            | Command::Alerts(_)
            | Command::Report(_)
            | Command::Lint(_)
            | Command::ManPage => false,
            Command::Outbox(args) => args.talks_to_district(),
            Command::Draft(args) => args.share,
            _ => true,
        }
    }

    /// Signing in and out needs no previous sign-in.
    fn signs_in(&self) -> bool {
        matches!(self, Command::Login(_) | Command::Logout(_))
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
    if matches!(cli.command, Command::ManPage) {
        return print_man_page();
    }
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

/// `liaison man-page`: needs no data directory and no desk.
fn print_man_page() -> ExitCode {
    use clap::CommandFactory;
    let mut out = std::io::stdout().lock();
    match man_page::render(Cli::command(), &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("liaison: {e}");
            ExitCode::from(1)
        }
    }
}

/// Opens the desk the command line names (and remembers its data dir), with the token
/// from `LIAISON_TOKEN` or the OS keyring; says why when the command needs a sign-in
/// there is not.
fn open_desk(
    cli_data_dir: Option<PathBuf>,
    server: Option<String>,
    ca_bundle: Option<PathBuf>,
    command: &Command,
) -> Result<Desk, Failure> {
    let data_dir = match cli_data_dir {
        Some(dir) => {
            data_dir::remember(&dir);
            dir
        }
        None => data_dir::last().ok_or_else(|| {
            usage("需要 --data-dir（或环境变量 LIAISON_DATA_DIR）；首次使用后会记住")
        })?,
    };
    // The system policy (issue 17) presets the district and its CA for the CLI too; an
    // unusable policy file stops the command with the file and the field named.
    let policy = desk_app::policy::load(&desk_app::policy::path_from_env())
        .map_err(|e| usage(e.to_string()))?;
    let token = std::env::var("LIAISON_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty());
    // The keyring holds the cache key (issue 15) besides the token: always asked.
    let (vault, vault_problem) = match desk_app::vault::KeyringVault::open() {
        Ok(v) => (
            Some(std::sync::Arc::new(v) as std::sync::Arc<dyn desk_app::vault::TokenVault>),
            None,
        ),
        Err(e) => (None, Some(e.to_string())),
    };
    let desk = Desk::open(DeskOptions {
        data_dir,
        server_url: server,
        token: token.map(Sensitive::new),
        vault,
        vault_problem: vault_problem.clone(),
        ca_bundle,
        policy,
        ..DeskOptions::default()
    })?;
    // Sync, flush and wipe wait for another program writing this cache; say why.
    desk.on_cache_busy(std::sync::Arc::new(|notice: &str| {
        eprintln!("liaison: {notice}")
    }));
    if command.talks_to_district() && !command.signs_in() && !desk.app_info().signed_in {
        let why = vault_problem
            .map(|p| format!("（{p}）"))
            .unwrap_or_default();
        return Err(usage(format!(
            "尚未登录{why}：请先 liaison --server URL login --username 用户名 --password-stdin，或设置环境变量 LIAISON_TOKEN"
        )));
    }
    Ok(desk)
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let desk = open_desk(cli.data_dir, cli.server, cli.ca_bundle, &cli.command)?;
    let desk = &desk;
    match cli.command {
        Command::Login(args) => session::login(desk, args).await,
        Command::Logout(args) => session::logout(desk, args).await,
        Command::Sync => sync::run(desk).await,
        Command::Tickets(args) => tickets::list(desk, args),
        Command::Ticket(args) => tickets::show(desk, args),
        Command::Ack(args) => writes::ack(desk, args).await,
        Command::Reply(args) => writes::reply(desk, args).await,
        Command::Lint(args) => lint::run(desk, args),
        Command::Draft(args) => drafts::draft(desk, args).await,
        Command::Opinion(args) => writes::opinion(desk, args).await,
        Command::Extend(args) => writes::extend(desk, args).await,
        Command::Coordinate(args) => writes::coordinate(desk, args).await,
        Command::Reassign(args) => writes::reassign(desk, args).await,
        Command::Drafts(args) => drafts::list(desk, args),
        Command::Outbox(args) => outbox::run(desk, args).await,
        Command::Status(args) => status::run(desk, args),
        Command::Calendar(args) => calendar::run(desk, args),
        Command::Alerts(args) => alerts::run(desk, args),
        Command::Report(args) => report::run(desk, args),
        // Handled in `main`, before a desk is opened.
        Command::ManPage => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The installed manual page documents every command with its own options, the
    /// global options once, and the exit codes; the hidden command itself is not in it.
    #[test]
    fn man_page_documents_every_command_and_the_exit_codes() {
        let mut out = Vec::new();
        man_page::render(Cli::command(), &mut out).expect("render");
        let page = String::from_utf8(out).expect("utf-8");
        assert!(page.contains(".TH liaison 1"), "{page}");
        let cli = Cli::command();
        for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
            let heading = format!(".SS \"liaison {}\"", sub.get_name());
            assert!(page.contains(&heading), "{heading} missing");
        }
        assert!(page.contains(".SS \"liaison outbox retry\""));
        assert!(
            page.contains(r"\fB\-\-due\-within\fR"),
            "a command's option"
        );
        assert_eq!(page.matches(r"\fB\-\-data\-dir\fR \fI").count(), 1);
        assert!(!page.contains("man-page") && !page.contains(r"man\-page"));
        let exit = &page[page.find(".SH \"EXIT STATUS\"").expect("EXIT STATUS")..];
        for code in ["0  done", "2  usage", "3  the district", "4  rejected"] {
            assert!(exit.contains(code), "{code} missing");
        }
    }
}
