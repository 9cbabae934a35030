//! Colour and terminal decisions, made once per stream and passed down as a `Palette`.

use std::io::IsTerminal;

use colored::Colorize;

/// Test-only: treat stdout and stderr as terminals (as xh's test mode does), so terminal output can be tested through pipes.
pub const FORCE_TERMINAL_VAR: &str = "YR_TEST_TERMINAL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// --color: when to colour (the flag's clap type, cli::ColorChoice, is turned into this at the edge, lib.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Auto,
    Always,
    Never,
}

/// Whether a stream is a terminal (or a test says to act as if).
pub fn is_terminal(stream: Stream) -> bool {
    if std::env::var_os(FORCE_TERMINAL_VAR).is_some_and(|v| v == "1") {
        return true;
    }
    match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    }
}

/// Whether a line may be redrawn in place on a stream (a spinner): a terminal (or a test acting as one) that is not
/// `TERM=dumb`, which cannot clear a line.
pub fn redraws(stream: Stream) -> bool {
    is_terminal(stream) && std::env::var("TERM").ok().as_deref() != Some("dumb")
}

/// The one rule for colour: `always`, `never`, or on a terminal unless NO_COLOR is set and not empty or TERM is dumb.
pub fn use_color(choice: When, terminal: bool, no_color: Option<&str>, term: Option<&str>) -> bool {
    match choice {
        When::Always => true,
        When::Never => false,
        When::Auto => terminal && no_color.is_none_or(str::is_empty) && term != Some("dumb"),
    }
}

/// The decision for one stream, from the process's environment.
pub fn palette_for(stream: Stream, choice: When) -> Palette {
    let no_color = std::env::var("NO_COLOR").ok();
    let term = std::env::var("TERM").ok();
    let enabled = use_color(choice, is_terminal(stream), no_color.as_deref(), term.as_deref());
    if enabled {
        colored::control::set_override(true);
    }
    Palette { enabled }
}

/// What a piece of output is, so its colour is chosen in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Key,
    String,
    Number,
    Literal,
    Error,
    Warning,
    Hint,
    Good,
    Dim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub enabled: bool,
}

impl Palette {
    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    #[cfg(test)]
    pub fn colored() -> Palette {
        colored::control::set_override(true);
        Palette { enabled: true }
    }

    pub fn paint(&self, text: &str, paint: Paint) -> String {
        if !self.enabled {
            return text.to_string();
        }
        let styled = match paint {
            Paint::Key => text.blue().bold(),
            Paint::String => text.green(),
            Paint::Number => text.cyan(),
            Paint::Literal => text.magenta(),
            Paint::Error => text.red().bold(),
            Paint::Warning => text.yellow().bold(),
            Paint::Hint => text.cyan(),
            Paint::Good => text.green().bold(),
            Paint::Dim => text.dimmed(),
        };
        styled.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_rule() {
        use When::*;
        assert!(use_color(Auto, true, None, Some("xterm")));
        assert!(use_color(Auto, true, Some(""), None));
        assert!(!use_color(Auto, true, Some("1"), None));
        assert!(!use_color(Auto, true, None, Some("dumb")));
        assert!(!use_color(Auto, false, None, None));
        assert!(use_color(Always, false, Some("1"), Some("dumb")));
        assert!(!use_color(Never, true, None, None));
    }
}
