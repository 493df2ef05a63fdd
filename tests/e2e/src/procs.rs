//! Child processes that never outlive a test: each runs in its own process group, and
//! dropping its [`Guard`] ends the whole group (the app's WebKit helpers included).

use anyhow::{Context, Result, bail};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How often condition waits look again.
pub const POLL: Duration = Duration::from_millis(100);

/// A child process and its process group, ended when dropped.
pub struct Guard {
    child: Child,
    pgid: u32,
    name: String,
}

impl Guard {
    /// Starts `cmd` as the leader of a new process group.
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Guard> {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start {name}"))?;
        Ok(Guard {
            pgid: child.id(),
            child,
            name: name.to_owned(),
        })
    }

    /// The exit status, once the leader exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Writes `bytes` to the process's stdin (it must have been started with
    /// `Stdio::piped()`) and closes it.
    pub fn write_stdin_and_close(&mut self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let mut stdin = self
            .child
            .stdin
            .take()
            .with_context(|| format!("{}: stdin is not piped", self.name))?;
        stdin
            .write_all(bytes)
            .with_context(|| format!("writing to {}", self.name))
    }

    /// The process's stdout (it must have been started with `Stdio::piped()`).
    pub fn take_stdout(&mut self) -> Result<std::process::ChildStdout> {
        self.child
            .stdout
            .take()
            .with_context(|| format!("{}: stdout is not piped", self.name))
    }

    /// Reads the first line the process prints on stdout (it must have been started
    /// with `Stdio::piped()`), waiting at most `timeout`.
    pub async fn first_line(&mut self, timeout: Duration) -> Result<String> {
        let stdout = self
            .child
            .stdout
            .take()
            .with_context(|| format!("{}: stdout is not piped", self.name))?;
        // A blocking read on a thread of its own: if the process never prints, the
        // thread ends when the guard kills the process and the pipe closes.
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(read.map(|n| (n, line)));
        });
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(Ok((n, line)))) if n > 0 => Ok(line.trim().to_owned()),
            Ok(Ok(Ok(_))) | Ok(Err(_)) => {
                let status = self.exited();
                bail!(
                    "{} closed its output without a line ({status:?})",
                    self.name
                )
            }
            Ok(Ok(Err(e))) => Err(e).with_context(|| format!("reading {}'s output", self.name)),
            Err(_) => bail!("{} printed nothing within {timeout:?}", self.name),
        }
    }

    /// Whether any process of the group is still there.
    fn group_alive(pgid: u32) -> bool {
        std::process::Command::new("kill")
            .args(["-0", "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn signal_group(pgid: u32, signal: &str) {
        let _ = std::process::Command::new("kill")
            .args([signal, "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let pgid = self.pgid;
        Guard::signal_group(pgid, "-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            // Reap the leader so that only live members keep the group alive.
            let _ = self.child.try_wait();
            if !Guard::group_alive(pgid) {
                return;
            }
            if Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Guard::signal_group(pgid, "-KILL");
        let _ = self.child.try_wait();
        eprintln!("e2e: {} (process group {pgid}) had to be killed", self.name);
    }
}

/// Polls `check` every [`POLL`] until it returns `Some`, for at most `timeout`; fails
/// naming `what` when time runs out. `check` errors end the wait at once.
pub async fn wait_until<T, F>(what: &str, timeout: Duration, mut check: F) -> Result<T>
where
    F: AsyncFnMut() -> Result<Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = check().await? {
            return Ok(v);
        }
        if tokio::time::Instant::now() >= deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Runs a short helper command to completion (off the async threads, bounded) and
/// returns whether it succeeded and what it printed.
pub async fn probe(mut cmd: Command, timeout: Duration) -> Result<(bool, String)> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let run = tokio::task::spawn_blocking(move || cmd.output());
    let out = tokio::time::timeout(timeout, run)
        .await
        .context("helper command timed out")?
        .context("helper command panicked")?
        .context("helper command could not start")?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).context("binding a free port")?;
    Ok(listener.local_addr()?.port())
}
