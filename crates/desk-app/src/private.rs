//! What this program creates is its user's only: the data directory, the cache and its
//! SQLite side files, the logs, downloaded attachments.

/// Sets the process's file-creation mask so that new files and folders get no group or
/// other access (`0077` added to the current mask). The app and the CLI call it first
/// thing; the data directory and the cache are also created `0700`/`0600` explicitly,
/// whatever the mask.
pub fn restrict_umask() {
    #[cfg(unix)]
    {
        use rustix::fs::Mode;
        let private = Mode::from_bits_truncate(0o077);
        let old = rustix::process::umask(private);
        rustix::process::umask(old | private);
    }
}
