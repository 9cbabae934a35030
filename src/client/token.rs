//! The X-Auth token: read from a token file (at most `TOKEN_FILE_CAP`, by the command's deadline) or taken from
//! YR_JWT_TOKEN, checked, and registered so that no output shows it. Where it comes from is config.rs's.

use std::fmt;
use std::path::Path;

use anyhow::Result;

use crate::exit::usage;
use crate::input::{self, Deadline};

/// The X-Auth token. Debug and Display never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The token YR_JWT_TOKEN holds.
    pub fn from_env(text: &str) -> Result<Token> {
        let token = text.trim().to_string();
        check_token(&token).map_err(|why| usage(format!("YR_JWT_TOKEN {why}")))?;
        crate::secrets::register(&token);
        Ok(Token(token))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The header that carries it, `X-Auth: TOKEN`: the one place a request gets the token from.
    pub fn header(&self) -> (String, String) {
        ("X-Auth".to_string(), self.expose().to_string())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The token in the file at `path`, named `what` in messages (`--token-file`, a profile's `token_file`).
pub fn read_token_file(path: &Path, what: &str, deadline: Deadline) -> Result<Token> {
    let shown = path.display();
    let bytes = input::read_capped(path, input::TOKEN_FILE_CAP, deadline)
        .map_err(|e| e.for_input(&format!("{what} {shown}")))?;
    let text = String::from_utf8(bytes).map_err(|_| usage(format!("{what} {shown}: the token is not UTF-8 text")))?;
    let token = text.trim_end_matches(['\n', '\r']).trim();
    if token.is_empty() {
        return Err(usage(format!("{what} {shown}: the file is empty")));
    }
    check_token(token).map_err(|why| usage(format!("{what} {shown}: the token {why}")))?;
    crate::secrets::register(token);
    Ok(Token(token.to_string()))
}

fn check_token(token: &str) -> Result<(), String> {
    if token.chars().any(|c| c.is_control()) {
        return Err("contains a line break or another control character".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert_eq!(Token::from_env("abc\n").unwrap().expose(), "abc");
        assert_eq!(format!("{:?}", Token::from_env("abc").unwrap()), "<redacted>");
        assert!(Token::from_env("a\nb").is_err());
        let dir = std::env::temp_dir().join(format!("yr-token-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "secret\n").unwrap();
        let read = |file: &Path| read_token_file(file, "--token-file", Deadline::NONE);
        assert_eq!(read(&file).unwrap().expose(), "secret");
        std::fs::write(&file, "\n").unwrap();
        assert!(read(&file).unwrap_err().to_string().ends_with(": the file is empty"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
