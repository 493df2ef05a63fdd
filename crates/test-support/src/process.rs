//! Child processes that never outlive their owner: each runs in its own process group,
//! and dropping its [`Guard`] ends the whole group (an app's WebKit helpers included).

use anyhow::{Context, Result, bail};
use std::io::BufRead;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A child process and its process group, ended when dropped: SIGTERM to the group,
/// then SIGKILL to what is left after 5 s.
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

    /// The process id of the leader (also the process group id).
    pub fn id(&self) -> u32 {
        self.pgid
    }

    /// The exit status, once the leader exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
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
    pub fn take_stdout(&mut self) -> Result<ChildStdout> {
        self.child
            .stdout
            .take()
            .with_context(|| format!("{}: stdout is not piped", self.name))
    }

    /// Reads the first line the process prints on stdout (it must have been started
    /// with `Stdio::piped()`), waiting at most `timeout`.
    pub fn first_line(&mut self, timeout: Duration) -> Result<String> {
        let stdout = self.take_stdout()?;
        let read = read_first_line(stdout, timeout);
        self.line_or_error(read, timeout)
    }

    /// [`Guard::first_line`] without blocking the async threads.
    #[cfg(feature = "tokio")]
    pub async fn first_line_async(&mut self, timeout: Duration) -> Result<String> {
        let stdout = self.take_stdout()?;
        let read = tokio::task::spawn_blocking(move || read_first_line(stdout, timeout))
            .await
            .context("reading a first line panicked")?;
        self.line_or_error(read, timeout)
    }

    fn line_or_error(&mut self, read: FirstLine, timeout: Duration) -> Result<String> {
        match read {
            FirstLine::Line(line) => Ok(line),
            FirstLine::Closed => {
                let status = self.exited();
                bail!(
                    "{} closed its output without a line ({status:?})",
                    self.name
                )
            }
            FirstLine::Failed(e) => {
                Err(e).with_context(|| format!("reading {}'s output", self.name))
            }
            FirstLine::TimedOut => bail!("{} printed nothing within {timeout:?}", self.name),
        }
    }

    /// Whether any process of the group is still there.
    fn group_alive(pgid: u32) -> bool {
        Command::new("kill")
            .args(["-0", "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn signal_group(pgid: u32, signal: &str) {
        let _ = Command::new("kill")
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
        let _ = self.child.wait();
        eprintln!("{} (process group {pgid}) had to be killed", self.name);
    }
}

enum FirstLine {
    Line(String),
    Closed,
    Failed(std::io::Error),
    TimedOut,
}

/// A blocking read on a thread of its own: if the process never prints, the thread
/// ends when the guard kills the process and the pipe closes.
fn read_first_line(stdout: ChildStdout, timeout: Duration) -> FirstLine {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|n| (n, line)));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok((n, line))) if n > 0 => FirstLine::Line(line.trim().to_owned()),
        Ok(Ok(_)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => FirstLine::Closed,
        Ok(Err(e)) => FirstLine::Failed(e),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => FirstLine::TimedOut,
    }
}

/// Runs a short helper command to completion (off the async threads, bounded) and
/// returns whether it succeeded and what it printed.
#[cfg(feature = "tokio")]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_the_guard_ends_the_whole_group() {
        // A shell whose background child would outlive a plain kill of the shell.
        let mut guard = Guard::spawn(
            "sh",
            Command::new("sh")
                .args(["-c", "sleep 600 & echo $!; wait"])
                .stdout(Stdio::piped()),
        )
        .expect("sh starts");
        let grandchild: u32 = guard
            .first_line(Duration::from_secs(10))
            .expect("the background pid")
            .parse()
            .expect("a pid");
        let pgid = guard.id();
        drop(guard);
        assert!(!Guard::group_alive(pgid), "the group is gone");
        assert!(
            !std::path::Path::new(&format!("/proc/{grandchild}")).exists(),
            "the background child is gone"
        );
    }

    #[test]
    fn a_process_that_prints_nothing_times_out_naming_it() {
        let mut guard = Guard::spawn(
            "silent",
            Command::new("sleep").arg("600").stdout(Stdio::piped()),
        )
        .expect("sleep starts");
        let err = guard
            .first_line(Duration::from_millis(100))
            .expect_err("nothing printed");
        assert!(err.to_string().contains("silent"), "{err}");
    }
}
