//! A Python traceback at the end of a failing COMMAND's stderr, read back into the error upstream's Python runtime
//! answers for the exception it names.
//!
//! Upstream (openyuanrong/runtime, api/python/yr/executor/faas_executor.py, `faas_call_handler`) catches an exception
//! from the handler, logs `traceback.format_exc()` to the runtime's own log and answers
//! `f"Fail to run user call handler. err: {err}."` with `FaasErrorCode.ENTRY_EXCEPTION`: `str(err)` alone, without
//! the exception's type or the traceback. A process's stderr has no exception object, but Python's last line of a
//! traceback is `Type: str(err)` (`Type` alone when `str(err)` is empty), so `str(err)` can be read back from it.

/// The line that starts each traceback Python prints for an uncaught exception.
const HEADER: &str = "Traceback (most recent call last):";

/// The message upstream's Python runtime answers for the exception whose traceback ends `stderr`, if it has one.
pub fn runtime_message(stderr: &str) -> Option<String> {
    exception_text(stderr).map(|text| format!("Fail to run user call handler. err: {text}."))
}

/// `str(err)` of the exception named by the last traceback in `stderr`: the text after `Type: ` on the first line
/// after the traceback's frames, and every line after it (a message of several lines; Python writes nothing after
/// an uncaught exception's traceback). `None` when there is no traceback, or its frames are not followed by a line
/// that names an exception type (a traceback cut off, or text that only looks like one).
fn exception_text(stderr: &str) -> Option<&str> {
    // Only the last traceback counts: with chained exceptions ("During handling of the above exception, ..."),
    // it is the one raised.
    let header = stderr
        .match_indices(HEADER)
        .map(|(at, _)| at)
        .filter(|&at| at == 0 || stderr[..at].ends_with('\n'))
        .filter(|&at| stderr[at + HEADER.len()..].starts_with(['\n', '\r']))
        .last()?;
    let mut at = header + HEADER.len();
    // The frames: `  File "…", line N, in f`, the source line and its carets are all indented.
    loop {
        at += stderr[at..].find('\n')? + 1;
        if !stderr[at..].starts_with([' ', '\t']) {
            break;
        }
    }
    let rest = &stderr[at..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..line_end].trim_end();
    let (type_name, text) = match line.split_once(": ") {
        Some((type_name, _)) => (type_name, &rest[type_name.len() + 2..]),
        None => (line, ""),
    };
    is_type_name(type_name).then(|| text.trim_end())
}

/// Whether `name` is how Python's traceback names an exception's type: `KeyError`, `json.decoder.JSONDecodeError`.
fn is_type_name(name: &str) -> bool {
    name.split('.').all(|part| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ERROR: &str = "pricing called, trace=t-1\n\
        Traceback (most recent call last):\n  File \"<string>\", line 3, in <module>\n\
        KeyError: 'unknown sku'\n";

    #[test]
    fn the_message_is_upstreams_with_str_of_the_exception() {
        assert_eq!(
            runtime_message(KEY_ERROR).as_deref(),
            Some("Fail to run user call handler. err: 'unknown sku'.")
        );
    }

    #[test]
    fn str_of_the_exception_is_read_from_its_line() {
        assert_eq!(exception_text(KEY_ERROR), Some("'unknown sku'"));
        // Frames with source lines and carets (Python 3.11+), a dotted type, a `: ` inside the message.
        let carets = "Traceback (most recent call last):\n  File \"h.py\", line 9, in handler\n\
            \x20   return json.loads(body)\n           ^^^^^^^^^^^^^^^^\n\
            json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)\n";
        assert_eq!(
            exception_text(carets),
            Some("Expecting value: line 1 column 1 (char 0)")
        );
        // An exception whose str() is empty: Python prints the type alone.
        assert_eq!(
            exception_text("Traceback (most recent call last):\n  File \"h.py\", line 1\nValueError\n"),
            Some("")
        );
        // A message of several lines keeps them all; CRLF and trailing blanks are dropped at the end.
        assert_eq!(
            exception_text("Traceback (most recent call last):\r\n  File \"h.py\"\r\nOSError: a\r\nb  \r\n"),
            Some("a\r\nb")
        );
        // A traceback as the very end of stderr, with no newline after it.
        assert_eq!(
            exception_text("Traceback (most recent call last):\n  File \"h.py\"\n_Mine: x"),
            Some("x")
        );
    }

    #[test]
    fn the_last_traceback_is_the_one_raised() {
        let chained = "Traceback (most recent call last):\n  File \"h.py\", line 2, in h\nKeyError: 1\n\n\
            During handling of the above exception, another exception occurred:\n\n\
            Traceback (most recent call last):\n  File \"h.py\", line 4, in h\nValueError: bad sku\n";
        assert_eq!(exception_text(chained), Some("bad sku"));
    }

    #[test]
    fn no_traceback_no_exception() {
        for stderr in [
            "",
            "KeyError: 'unknown sku'",
            "bad order: missing sku\n",
            // The header must be a line of its own.
            "log: Traceback (most recent call last):\n  File \"h.py\"\nKeyError: 1\n",
            "  Traceback (most recent call last):\n  File \"h.py\"\nKeyError: 1\n",
            "Traceback (most recent call last): later\n  File \"h.py\"\nKeyError: 1\n",
            // Cut off after the frames (stderr's tail is kept whole, but the process may die mid-write).
            "Traceback (most recent call last):\n  File \"h.py\", line 1\n",
            "Traceback (most recent call last):",
            // The line after the frames does not name a type.
            "Traceback (most recent call last):\n  File \"h.py\"\nnot a type: x\n",
            "Traceback (most recent call last):\n  File \"h.py\"\n\nKeyError: 1\n",
            "Traceback (most recent call last):\n  File \"h.py\"\n1Error: x\n",
            "Traceback (most recent call last):\n  File \"h.py\"\nmod..Error: x\n",
            "Traceback (most recent call last):\n  File \"h.py\"\nError.: x\n",
        ] {
            assert_eq!(exception_text(stderr), None, "{stderr:?}");
            assert_eq!(runtime_message(stderr), None, "{stderr:?}");
        }
    }

    #[test]
    fn type_names() {
        for name in ["KeyError", "json.decoder.JSONDecodeError", "_Private", "Ошибка", "E2"] {
            assert!(is_type_name(name), "{name}");
        }
        for name in ["", "2E", "a b", "a.", ".a", "a..b", "<unknown>", "a-b"] {
            assert!(!is_type_name(name), "{name}");
        }
    }
}
