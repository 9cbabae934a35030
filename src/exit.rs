//! Exit codes: named in one place, and decided by the two functions below, one for errors and one for answers;
//! `Failure`, the one error type whose exit code is not "unexpected". A leaf (tests/layers.rs).

use std::fmt;

use crate::error_table::ErrorClass;

pub const SUCCESS: u8 = 0;
pub const UNEXPECTED: u8 = 1;
pub const USAGE: u8 = 2;
pub const UNREACHABLE: u8 = 3;
pub const REJECTED: u8 = 4;
pub const PLATFORM_FAILED: u8 = 5;
pub const FUNCTION_FAILED: u8 = 6;
pub const TIMED_OUT: u8 = 7;
pub const EXPECTATION_FAILED: u8 = 8;
pub const INTERRUPTED: u8 = 130;

/// The errors whose exit code differs from "unexpected"; anything else is a bug or an I/O failure.
#[derive(Debug)]
pub enum Failure {
    /// A bad flag, value, FUNCTION or body: nothing was sent.
    Usage(String),
    /// The frontend could not be reached, or the connection broke. `sent`: the request may have arrived, so the
    /// function may have run.
    /// `hint`: the next step, decided where the failure is understood (a refused connection: is the frontend
    /// running?; a port that speaks the other scheme: use it).
    Unreachable {
        message: String,
        sent: bool,
        hint: Option<String>,
    },
    /// A client-side time limit ran out.
    TimedOut { message: String, sent: bool },
    /// The answer was not HTTP, or not the shape the route promises.
    BadAnswer(String),
    /// The frontend refused the request (exit 4), where no answer body is printed as an invoke failure.
    Rejected(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::BadAnswer(m) | Failure::Rejected(m) => f.write_str(m),
            Failure::Unreachable { message, .. } | Failure::TimedOut { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Failure {}

impl Failure {
    /// Whether the request may have reached the frontend (and the function run): decides retries.
    pub fn may_have_run(&self) -> bool {
        match self {
            Failure::Unreachable { sent, .. } | Failure::TimedOut { sent, .. } => *sent,
            Failure::Usage(_) | Failure::Rejected(_) => false,
            Failure::BadAnswer(_) => true,
        }
    }

    /// The next step this failure suggests, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Failure::Unreachable { hint, .. } => hint.as_deref(),
            _ => None,
        }
    }

    /// The `class` of a call that got no answer, for `--json`.
    pub fn class(&self) -> &'static str {
        match self {
            Failure::TimedOut { .. } => "timeout",
            Failure::Unreachable { .. } => "unreachable",
            Failure::Usage(_) | Failure::BadAnswer(_) => "error",
            Failure::Rejected(_) => "request",
        }
    }
}

/// The usage error for a flag whose value a parser refused: the flag, then the parser's words (`--cpu 3x is not a
/// number of millicores`). For `.map_err(bad_value("--cpu"))`, so every flag's error is worded the one way.
pub fn bad_value(flag: &'static str) -> impl FnOnce(String) -> anyhow::Error {
    move |why| usage(format!("{flag} {why}"))
}

/// As `bad_value`, for a value that goes into a header as it is (`--trace-id: it contains a line break`).
pub fn bad_header_value(flag: &'static str) -> impl FnOnce(String) -> anyhow::Error {
    move |why| usage(format!("{flag}: {why}"))
}

/// A usage error as an `anyhow::Error`, for `?` in parsing code.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Failure::Usage(message.into()).into()
}

/// The exit code for an error that ended a command.
pub fn for_error(error: &anyhow::Error) -> u8 {
    if let Some(clap_error) = error.downcast_ref::<clap::Error>() {
        return if clap_error.use_stderr() { USAGE } else { SUCCESS };
    }
    // A reader that went away (`yr invoke f | head -c1`) is not a failure of the call.
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return SUCCESS;
    }
    match error.downcast_ref::<Failure>() {
        Some(Failure::Usage(_)) => USAGE,
        Some(Failure::Unreachable { .. }) => UNREACHABLE,
        Some(Failure::TimedOut { .. }) => TIMED_OUT,
        Some(Failure::BadAnswer(_)) => PLATFORM_FAILED,
        Some(Failure::Rejected(_)) => REJECTED,
        None => UNEXPECTED,
    }
}

/// The exit code for an answer from the server: its HTTP status and, where present, the class of its inner code.
pub fn for_answer(status: u16, class: ErrorClass) -> u8 {
    match (status, class) {
        (300..=399, _) => REJECTED,
        (200..=299, ErrorClass::Ok) => SUCCESS,
        (_, ErrorClass::Request) => REJECTED,
        (_, ErrorClass::Platform) => PLATFORM_FAILED,
        (_, ErrorClass::Function) => FUNCTION_FAILED,
        (400..=499, _) => REJECTED,
        _ => PLATFORM_FAILED,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_map_to_codes() {
        assert_eq!(for_answer(200, ErrorClass::Ok), SUCCESS);
        assert_eq!(for_answer(202, ErrorClass::Ok), SUCCESS);
        assert_eq!(for_answer(302, ErrorClass::Ok), REJECTED);
        assert_eq!(for_answer(404, ErrorClass::Request), REJECTED);
        assert_eq!(for_answer(400, ErrorClass::Ok), REJECTED);
        assert_eq!(for_answer(500, ErrorClass::Request), REJECTED);
        assert_eq!(for_answer(500, ErrorClass::Platform), PLATFORM_FAILED);
        assert_eq!(for_answer(500, ErrorClass::Function), FUNCTION_FAILED);
        assert_eq!(for_answer(200, ErrorClass::Function), FUNCTION_FAILED);
        assert_eq!(for_answer(502, ErrorClass::Ok), PLATFORM_FAILED);
        assert_eq!(for_answer(101, ErrorClass::Ok), PLATFORM_FAILED);
    }

    #[test]
    fn errors_map_to_codes() {
        assert_eq!(for_error(&usage("x")), USAGE);
        assert_eq!(
            for_error(
                &Failure::Unreachable {
                    message: "x".into(),
                    sent: false,
                    hint: None,
                }
                .into()
            ),
            UNREACHABLE
        );
        assert_eq!(
            for_error(
                &Failure::TimedOut {
                    message: "x".into(),
                    sent: true
                }
                .into()
            ),
            TIMED_OUT
        );
        assert_eq!(for_error(&anyhow::anyhow!("x")), UNEXPECTED);
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(
            for_error(&anyhow::Error::new(pipe).context("cannot write to stdout")),
            SUCCESS
        );
        assert_eq!(
            for_error(&anyhow::Error::from(Failure::Usage("x".into())).context("while")),
            USAGE
        );
    }
}
