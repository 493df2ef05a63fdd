//! Demo mode: the embedded district simulator, signed in as demo officer A.

use crate::{AppError, Desk, DeskOptions, Sensitive};
use district_sim::{SimConfig, SimHandle};
use std::path::PathBuf;

/// How many tickets the demo district dispatches.
pub const DEMO_TICKETS: usize = 300;

/// Starts the simulator on a free loopback port, signs in as officer A and opens a
/// desk in `base_dir/demo` pointed at it. The returned handle keeps the simulator alive.
///
/// Each run starts a new simulated district, so the demo cache is emptied first: a
/// cursor or ticket versions from an earlier simulator would mean nothing to this one.
/// Only the `demo` subfolder is touched; a real sign-in's cache is never in it.
pub async fn start(
    base_dir: PathBuf,
    ready_file: Option<PathBuf>,
) -> Result<(SimHandle, Desk), AppError> {
    let data_dir = base_dir.join("demo");
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir).map_err(|source| AppError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
    }
    let sim = district_sim::spawn(SimConfig {
        tickets: DEMO_TICKETS,
        ..SimConfig::default()
    })
    .await
    .map_err(|e| AppError::Demo(e.to_string()))?;
    let base_url = sim.base_url();
    let client = desk_sync::DistrictClient::new(&base_url)?;
    let (user, password) = district_sim::DEMO_OFFICER_A;
    let password = Sensitive::new(password.to_owned());
    let login = desk_sync::RetryPolicy::default()
        .run(|| client.login(user, &password))
        .await?;
    let desk = Desk::open(DeskOptions {
        data_dir,
        server_url: Some(base_url),
        token: Some(Sensitive::new(login.token)),
        demo: true,
        ready_file,
        ..DeskOptions::default()
    })?;
    Ok((sim, desk))
}
