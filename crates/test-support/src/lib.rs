//! Support for the workspace's tests, `cargo xtask smoke` and the app benchmark: what
//! was copied three times before (process guard, readiness polling, Xvfb) is here once.
//!
//! - [`process`]: child processes in their own process group, ended (with every
//!   descendant) when their [`process::Guard`] is dropped.
//! - [`wait`]: bounded polling on a condition, never a fixed sleep.
//! - [`xvfb`]: a private X server on a display number it picks itself.
//! - [`home`]: a private `HOME`, XDG directories and runtime directory for a child
//!   process, so that tests leave nothing outside their temporary directory.
//! - [`time`] (feature `chrono`): test timestamps that fail loudly when mistyped.
//!
//! Feature `tokio` adds the async variants for tests that run on tokio.

pub mod home;
pub mod process;
#[cfg(feature = "chrono")]
pub mod time;
pub mod wait;
pub mod xvfb;

pub use home::PrivateHome;
pub use process::Guard;
