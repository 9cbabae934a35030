//! One file per command; each turns its validated arguments into behaviour and returns an exit code.

pub mod errors;
pub mod health;
pub mod invoke;
pub mod result;
pub mod session;
pub mod urn;
