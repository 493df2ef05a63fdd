//! Integration tests across crates, against the district simulator over real HTTP.
//! One binary, a module per feature; `regression.rs` holds one test per fixed bug.

mod alerts;
mod assessment;
mod at_rest;
mod calendar;
mod duty;
mod faults;
mod network;
mod outbox;
mod replies;
mod session;
mod sync;
mod workbench;
