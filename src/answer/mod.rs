//! The answer wing: what an answer means and how it is shown. The verdict (reply), the one printer (output) and its
//! colours and JSON formatting, and the presentation of an answer with its expectations and exit code (present). It
//! stands on the client wing (an exchange's types) and the leaves; it never sends anything.

pub mod color;
pub mod json_fmt;
pub mod output;
pub mod present;
pub mod reply;
