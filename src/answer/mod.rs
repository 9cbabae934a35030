//! The answer wing: what an answer means and how it is shown. The verdict (reply), the one printer (output) and its
//! colours and JSON formatting, and the presentation of an answer with its expectations and exit code (present). It
//! stands on the client wing (an exchange's types) and the leaves; it never sends anything.
//!
//! The names an answer goes by, from its first byte to its meaning: `client::http::OpenAnswer` (the head is in, the
//! body still to read), `client::http::Exchange` (read whole), `reply::Verdict` (what it means), `reply::Judged`
//! (an exchange with its one verdict) and `call::async_call::Finished` (an asynchronous call's record, judged as its
//! synchronous answer would be).

pub mod color;
pub mod compare;
pub mod envelope;
pub mod expect;
pub mod file;
pub mod functions;
pub mod json_fmt;
pub mod output;
pub mod predicate;
pub mod present;
pub mod reply;
