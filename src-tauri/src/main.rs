//! The app's entry point; everything is in the library (`run`).

// Release builds on Windows start without a console window (the `liaison` CLI keeps one).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(target_os = "linux")]
    without_dmabuf_renderer();
    liaison_desk_lib::run()
}

/// WebKitGTK's DMA-BUF renderer costs a GPU-less PC (virtual desktops, Xvfb) several
/// percent of a core while the app sits idle; the shared-memory path it falls back to
/// without it draws this app's tables and text just as well (docs/benchmarks.md). The
/// variable must be set before WebKit starts, and setting it in-process is `unsafe`, so
/// the process starts itself again with it, once. An explicit setting (any value) is
/// left alone, and if the restart fails the app runs as it is.
#[cfg(target_os = "linux")]
fn without_dmabuf_renderer() {
    use std::os::unix::process::CommandExt;
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(VAR, "1")
        .exec();
    eprintln!("liaison-desk: could not restart with {VAR}=1 ({err}); going on without it");
}
