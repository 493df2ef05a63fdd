//! The liaison desk's use cases: one method per thing a user (through the UI or the
//! `liaison` CLI) can do, the IPC data shapes, and the error codes the UI switches on.
//!
//! This crate has no Tauri dependency: the shell in `src-tauri` wraps each use case in a
//! one-line command. Only this crate knows the IPC format ([`ipc`]); it turns contract
//! and store values into it and never hands a credential to a caller.

pub mod about;
mod alert_rounds;
pub mod alerts;
pub mod assessment;
pub mod assessment_xlsx;
mod at_rest;
pub mod attachments;
pub mod calendar;
pub mod data_lock;
#[cfg(feature = "demo")]
pub mod demo;
mod desk;
pub mod desktop;
pub mod duty;
mod error;
pub mod ipc;
pub mod logging;
pub mod policy;
pub mod private;
pub mod replies;
mod session;
mod session_work;
pub mod store_lock;
pub mod updates;
pub mod vault;
mod workbench;

pub use desk::{Desk, DeskEvent, DeskOptions, Listener};
pub use desk_sync::Sensitive;
pub use error::AppError;
pub use workbench::{SystemClock, TicketListQuery};
// What a `TicketListQuery` filters by.
pub use {desk_domain::tabs::Tab, desk_store::ListFilter};
