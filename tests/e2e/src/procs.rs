//! Child processes that never outlive a test, and bounded waits: the workspace's
//! `test-support` crate, under the names this suite's scenarios use.

pub use test_support::process::{Guard, free_port, probe};
pub use test_support::wait::{POLL, wait_until};
