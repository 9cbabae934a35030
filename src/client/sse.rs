//! Server-sent events: frames parsed line by line as they arrive (`event:` and `data:` fields, a blank line
//! ends a frame).

/// One complete frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The `event:` name; None for the default `message`.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

impl Frame {
    pub fn is_done(&self) -> bool {
        self.event.is_none() && self.data == "[DONE]"
    }
}

/// Collects fields until a blank line completes a frame.
#[derive(Debug, Default)]
pub struct Parser {
    event: Option<String>,
    data: Option<String>,
}

impl Parser {
    /// Takes one line (without its line break); returns a frame when the line ends one.
    pub fn line(&mut self, line: &str) -> Option<Frame> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            let data = self.data.take();
            let event = self.event.take();
            return data.map(|data| Frame { event, data });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" => self.event = Some(value.to_string()),
            _ => {}
        }
        None
    }

    /// A frame left open when the stream ended without its blank line.
    pub fn finish(&mut self) -> Option<Frame> {
        self.line("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<Frame> {
        let mut parser = Parser::default();
        let mut out: Vec<Frame> = text.split('\n').filter_map(|l| parser.line(l)).collect();
        out.extend(parser.finish());
        out
    }

    #[test]
    fn parses_frames() {
        let got = frames(
            "data: one\n\ndata: two\ndata: lines\n\n: comment\nevent: error\ndata: {\"code\":4002}\n\ndata: [DONE]\n\n",
        );
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[0],
            Frame {
                event: None,
                data: "one".into()
            }
        );
        assert_eq!(got[1].data, "two\nlines");
        assert_eq!(
            got[2],
            Frame {
                event: Some("error".into()),
                data: "{\"code\":4002}".into()
            }
        );
        assert!(got[3].is_done());
    }

    #[test]
    fn edge_cases() {
        assert_eq!(
            frames("data:x\r\n\r\n"),
            vec![Frame {
                event: None,
                data: "x".into()
            }]
        );
        assert_eq!(
            frames("data\n\n"),
            vec![Frame {
                event: None,
                data: "".into()
            }]
        );
        assert_eq!(frames("event: only\n\n"), vec![]);
        assert_eq!(
            frames("data: cut"),
            vec![Frame {
                event: None,
                data: "cut".into()
            }]
        );
        assert_eq!(frames("data:  two spaces\n\n")[0].data, " two spaces");
    }
}
