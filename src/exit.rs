//! How a command's call ended, as one type for every command (`Class`), and the exit code that follows from it;
//! `Failure`, the one error type whose exit code is not "unexpected". A leaf (tests/layers.rs).

use std::fmt;

use serde::Serialize;

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

/// How a call ended: the one classification that `yr invoke`, `result`, `session`, `health`, `test` and `bench`
/// report. It names `--json`'s `class` and decides the exit code, so the same failure has the same class and code
/// in every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// HTTP 2xx and inner code 0.
    Ok,
    /// The frontend refused the request: HTTP 4xx, an inner code of class `request`, a redirect.
    Request,
    /// The platform failed: an inner code of class `platform`, another 5xx, an answer that is not HTTP.
    Platform,
    /// The function failed: an inner code of class `function`.
    Function,
    /// No answer: the frontend could not be reached, or the connection broke.
    Unreachable,
    /// No answer in time: a client-side limit ran out.
    Timeout,
    /// A bad flag, value, FUNCTION or body: nothing was sent.
    Usage,
    /// An asynchronous call that has not finished yet (`pending` or `running`): nothing failed.
    Pending,
    /// Ctrl-C stopped the command.
    Interrupted,
    /// A bug, or an I/O failure on this machine (stdout or the -o file could not be written).
    Unexpected,
}

impl Serialize for Class {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Class {
    /// Every class, in the order docs/exit-codes.md's class table lists them.
    #[cfg(test)]
    pub const ALL: [Class; 10] = [
        Class::Ok,
        Class::Usage,
        Class::Unreachable,
        Class::Request,
        Class::Platform,
        Class::Function,
        Class::Timeout,
        Class::Pending,
        Class::Interrupted,
        Class::Unexpected,
    ];

    /// The name `--json` writes.
    pub fn name(self) -> &'static str {
        match self {
            Class::Ok => "ok",
            Class::Request => "request",
            Class::Platform => "platform",
            Class::Function => "function",
            Class::Unreachable => "unreachable",
            Class::Timeout => "timeout",
            Class::Usage => "usage",
            Class::Pending => "pending",
            Class::Interrupted => "interrupted",
            Class::Unexpected => "error",
        }
    }

    /// The exit code of a command whose call ended so.
    pub fn exit_code(self) -> u8 {
        match self {
            Class::Ok | Class::Pending => SUCCESS,
            Class::Usage => USAGE,
            Class::Unreachable => UNREACHABLE,
            Class::Request => REJECTED,
            Class::Platform => PLATFORM_FAILED,
            Class::Function => FUNCTION_FAILED,
            Class::Timeout => TIMED_OUT,
            Class::Interrupted => INTERRUPTED,
            Class::Unexpected => UNEXPECTED,
        }
    }

    /// The class of an answer from the server: its HTTP status and, where present, the class of its inner code.
    pub fn of_answer(status: u16, class: ErrorClass) -> Class {
        match (status, class) {
            // Not an answer a frontend gives, whatever inner code it carries: its status is not an HTTP outcome.
            (..=199 | 600.., _) => Class::Platform,
            (300..=399, _) => Class::Request,
            (200..=299, ErrorClass::Ok) => Class::Ok,
            (_, ErrorClass::Request) => Class::Request,
            (_, ErrorClass::Platform) => Class::Platform,
            (_, ErrorClass::Function) => Class::Function,
            (400..=499, _) => Class::Request,
            _ => Class::Platform,
        }
    }

    /// The class of an error that ended a call with no answer to judge.
    pub fn of_error(error: &anyhow::Error) -> Class {
        error
            .downcast_ref::<Failure>()
            .map_or(Class::Unexpected, Failure::class)
    }
}

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
    /// An answer larger than yr holds in memory (`http::BUFFER_LIMIT`), where it had to be held: to judge a failure,
    /// or to show a result on a terminal, with --json, -r or --expect-body. `result`: the answer was a successful
    /// result, which a command that can stream it (`yr invoke` to a pipe or -o) could have taken. `hint`: that
    /// next step, set by such a command.
    TooLarge {
        message: String,
        result: bool,
        hint: Option<String>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(m) | Failure::BadAnswer(m) | Failure::TooLarge { message: m, .. } => f.write_str(m),
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
            Failure::Usage(_) => false,
            Failure::BadAnswer(_) | Failure::TooLarge { .. } => true,
        }
    }

    /// The next step this failure suggests, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Failure::Unreachable { hint, .. } | Failure::TooLarge { hint, .. } => hint.as_deref(),
            _ => None,
        }
    }

    /// The class of a call that ended with this failure.
    pub fn class(&self) -> Class {
        match self {
            Failure::Usage(_) => Class::Usage,
            Failure::TimedOut { .. } => Class::Timeout,
            Failure::Unreachable { .. } => Class::Unreachable,
            // The answer is one yr cannot use as asked: the call was sent (so not usage) and accepted (not
            // request); as an answer that is not HTTP, it is the platform's, exit 5.
            Failure::BadAnswer(_) | Failure::TooLarge { .. } => Class::Platform,
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

/// An error a value caused, with the flag that gave the value when a flag did (`--cpu`, `-d`, `FUNCTION`, as
/// `yr invoke` spells them). A command shows the error as it is (its words already name the flag or the source);
/// a suite file places it at the key that stands for the flag. The error itself keeps its class for the exit code.
#[derive(Debug)]
pub struct FlagError {
    pub flag: Option<&'static str>,
    pub error: anyhow::Error,
}

impl FlagError {
    /// `error`, caused by `flag`'s value.
    pub fn of(flag: &'static str, error: anyhow::Error) -> FlagError {
        FlagError {
            flag: Some(flag),
            error,
        }
    }

    /// A usage error in `flag`'s value, worded `message`.
    pub fn usage(flag: &'static str, message: impl Into<String>) -> FlagError {
        FlagError::of(flag, usage(message))
    }

    /// An error no flag's value caused (a variable's, a profile's, or two settings that do not go together).
    pub fn unflagged(error: anyhow::Error) -> FlagError {
        FlagError { flag: None, error }
    }
}

impl From<FlagError> for anyhow::Error {
    fn from(flagged: FlagError) -> anyhow::Error {
        flagged.error
    }
}

/// As `bad_value`, naming the flag in the error's type too, for a builder a suite file places errors from.
pub fn flag_value(flag: &'static str) -> impl FnOnce(String) -> FlagError {
    move |why| FlagError::of(flag, bad_value(flag)(why))
}

/// As `bad_header_value`, naming the flag in the error's type too.
pub fn flag_header_value(flag: &'static str) -> impl FnOnce(String) -> FlagError {
    move |why| FlagError::of(flag, bad_header_value(flag)(why))
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
    Class::of_error(error).exit_code()
}

/// The exit code for an answer from the server: its HTTP status and, where present, the class of its inner code.
pub fn for_answer(status: u16, class: ErrorClass) -> u8 {
    Class::of_answer(status, class).exit_code()
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
        assert_eq!(for_answer(101, ErrorClass::Request), PLATFORM_FAILED);
        assert_eq!(for_answer(999, ErrorClass::Request), PLATFORM_FAILED);
        assert_eq!(for_answer(600, ErrorClass::Function), PLATFORM_FAILED);
    }

    #[test]
    fn every_class_has_its_own_name_and_the_table_s_code() {
        let names: std::collections::BTreeSet<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names.len(), Class::ALL.len());
        for class in Class::ALL {
            assert_eq!(class.to_string(), class.name());
        }
        assert_eq!(Class::Pending.exit_code(), SUCCESS);
        assert_eq!(Class::of_error(&usage("x")), Class::Usage);
        assert_eq!(Class::of_error(&Failure::BadAnswer("x".into()).into()), Class::Platform);
        let too_large = Failure::TooLarge {
            message: "x".into(),
            result: true,
            hint: None,
        };
        assert_eq!(Class::of_error(&too_large.into()), Class::Platform);
        assert_eq!(Class::of_error(&anyhow::anyhow!("x")), Class::Unexpected);
    }

    /// docs/exit-codes.md's class table and `--help`'s exit codes say what `Class` does: a test holds them together.
    #[test]
    fn the_readme_and_the_help_list_every_class_with_its_exit_code() {
        let readme = include_str!("../docs/exit-codes.md");
        let help = include_str!("cli.rs");
        for class in Class::ALL {
            let row = format!("| `{}` | {} |", class.name(), class.exit_code());
            assert!(readme.contains(&row), "docs/exit-codes.md's class table lacks `{row}`");
            let line = format!("  {:<5}", class.exit_code());
            assert!(
                help.lines().any(|l| l.starts_with(&line)),
                "--help's exit codes lack {}",
                class.exit_code()
            );
        }
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
