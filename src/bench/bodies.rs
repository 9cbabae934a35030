//! Varied calls: bodies from a JSON Lines file or a folder (--bodies), sent in order or shuffled by a seed
//! (--order, --seed), templated per call (--template), session ids from a pool (--session-pool, --session-ids), and
//! with --export a trace id of its own per call. Everything is read, checked and built once, before any call; a call
//! only picks.

use std::path::{Path, PathBuf};

use anyhow::Result;
use bytes::Bytes;
use http_body_util::Full;
use hyper::Request;
use hyper::header::{HeaderName, HeaderValue};

use super::rng;
use super::template::{Fill, Template};
use crate::client::request::TracePlan;
use crate::exit::usage;
use crate::input::{self, Cap, Deadline};

/// The most bytes of bodies --bodies reads: a file's, or a folder's files' together.
pub const BODIES_CAP: Cap = Cap {
    bytes: 64 << 20,
    of: "--bodies (a file, or a folder's files together)",
};
/// The most distinct bodies --bodies holds, and ids --session-pool or --session-ids names.
pub const BODIES_LIMIT: usize = 100_000;

/// How bodies follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// As listed, over and over.
    Sequential,
    /// In an order the seed decides, the same order every pass.
    Shuffle,
}

/// What the flags asked for, before anything is read.
#[derive(Debug, Clone, Default)]
pub struct VarietyFlags {
    pub bodies: Option<PathBuf>,
    pub shuffle: bool,
    pub seed: Option<u64>,
    pub template: bool,
    pub session_pool: Option<u32>,
    pub session_ids: Option<PathBuf>,
    /// A trace id per call (--export records it).
    pub traces: bool,
}

/// One body as sent: built once, or joined per call from its template.
#[derive(Debug, Clone)]
enum Body {
    Built(Bytes),
    Template(Template),
}

/// What varies from call to call, ready to pick from.
#[derive(Debug)]
pub struct Variety {
    bodies: Vec<Body>,
    /// With --order shuffle, the bodies' indices in their shuffled order.
    order: Option<Vec<u32>>,
    sessions: Vec<HeaderValue>,
    /// The run's id: session pool ids and trace ids start with it.
    pub run_id: String,
    traces: bool,
    pub seed: u64,
    /// Where the bodies came from, for the report.
    pub source: Option<String>,
    pub templated: bool,
}

/// What one call sends besides the fixed request.
pub struct Picked {
    pub body: Option<Bytes>,
    pub session: Option<HeaderValue>,
    pub trace: Option<String>,
}

impl Variety {
    /// Reads and checks everything `flags` name. `data` is -d's body when --template must read it (it is not JSON
    /// before its placeholders are filled); `json` says whether bodies are checked as JSON (the content type).
    pub fn load(flags: &VarietyFlags, data: Option<&[u8]>, json: bool) -> Result<Option<Variety>> {
        let wanted = flags.bodies.is_some()
            || flags.template
            || flags.session_pool.is_some()
            || flags.session_ids.is_some()
            || flags.traces;
        if !wanted {
            return Ok(None);
        }
        let seed = flags.seed.unwrap_or_else(rng::fresh_seed);
        let run_id = format!("{:08x}", rng::mix(seed ^ rng::fresh_seed()) as u32);
        let (bodies, source) = match &flags.bodies {
            Some(path) => (
                read_bodies(path, flags.template, json)?,
                Some(path.display().to_string()),
            ),
            None => match data.filter(|_| flags.template) {
                Some(data) => (vec![body(Place::Whole("-d"), data, flags.template, json)?], None),
                None => (Vec::new(), None),
            },
        };
        let order = flags.shuffle.then(|| {
            let mut order: Vec<u32> = (0..bodies.len() as u32).collect();
            rng::shuffle(&mut order, seed);
            order
        });
        let sessions = sessions(flags, &run_id)?;
        Ok(Some(Variety {
            bodies,
            order,
            sessions,
            run_id,
            traces: flags.traces,
            seed,
            source,
            templated: flags.template,
        }))
    }

    /// Bodies to choose from (0 when every call sends -d's).
    pub fn body_count(&self) -> usize {
        self.bodies.len()
    }

    /// The session ids calls are spread over; None without a pool.
    pub fn session_count(&self) -> Option<u64> {
        (!self.sessions.is_empty()).then_some(self.sessions.len() as u64)
    }

    /// What call `seq` (counted over the warm-up and the measured calls) sends.
    pub fn pick(&self, seq: u64) -> Picked {
        let body = (!self.bodies.is_empty()).then(|| {
            let mut index = (seq % self.bodies.len() as u64) as usize;
            if let Some(order) = &self.order {
                index = order[index] as usize;
            }
            match &self.bodies[index] {
                Body::Built(bytes) => bytes.clone(),
                Body::Template(template) => template.render(&Fill {
                    seq,
                    random: (rng::mix(self.seed ^ seq), rng::mix(!self.seed ^ seq)),
                }),
            }
        });
        let session =
            (!self.sessions.is_empty()).then(|| self.sessions[(seq % self.sessions.len() as u64) as usize].clone());
        let trace = self.traces.then(|| trace_id(&self.run_id, seq));
        Picked { body, session, trace }
    }
}

/// The X-Trace-Id call `seq` of run `run_id` (8 hex digits) sends with --export: a UUID of the run's id and the
/// call's number, so the export row names the call, and upstream follows it as an OpenTelemetry trace
/// (`ExtractOtelTraceID` reads a UUID's 32 hex digits: pkg/common/faas_common/tracer/trace_utils.go).
pub fn trace_id(run_id: &str, seq: u64) -> String {
    crate::trace::as_uuid(&format!("{run_id:0>8}{:024x}", seq + 1))
}

/// Call `seq`'s copy of the request with what varies: its body, its session, and with --export its own trace id.
pub fn varied_request(
    template: &Request<Full<Bytes>>,
    trace: Option<&TracePlan>,
    variety: &Variety,
    seq: u64,
) -> Request<Full<Bytes>> {
    let picked = variety.pick(seq);
    let mut request = clone_request(template, trace, picked.trace);
    if let Some(body) = picked.body {
        *request.body_mut() = Full::new(body);
    }
    if let Some(session) = picked.session {
        request.headers_mut().insert("x-instance-session", session);
    }
    request
}

/// A copy of the template with the call's trace headers, as `yr invoke` sends them (`TracePlan`): X-Trace-Id
/// `trace_id` when the run gives each call one (--export), else one of yr's making, and the traceparent by
/// upstream's rule.
pub fn clone_request(
    template: &Request<Full<Bytes>>,
    trace: Option<&TracePlan>,
    trace_id: Option<String>,
) -> Request<Full<Bytes>> {
    let mut request = Request::new(template.body().clone());
    *request.method_mut() = template.method().clone();
    *request.uri_mut() = template.uri().clone();
    *request.headers_mut() = template.headers().clone();
    if let Some(plan) = trace {
        let call = match trace_id {
            Some(id) => plan.for_call_as(id),
            None => plan.for_call(),
        };
        for (name, value) in call.headers() {
            // Both are ASCII that yr made or checked (the fixed X-Trace-Id is in the template already).
            if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
                request.headers_mut().insert(name, value);
            }
        }
    }
    request
}

/// Where a body came from, for its errors' `FILE:LINE:COL`.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// A whole body (-d, a folder's file): lines and columns are the body's own.
    Whole(&'a str),
    /// Line `n` of a JSON Lines file: the body is that line, its column the line's.
    Line(&'a str, usize),
}

impl Place<'_> {
    fn at(self, line: usize, column: usize) -> String {
        match self {
            Place::Whole(name) => format!("{name}:{line}:{column}"),
            Place::Line(name, n) => format!("{name}:{n}:{column}"),
        }
    }
}

/// One body, checked: a template split at its placeholders (and checked as JSON with them filled), or the bytes.
fn body(place: Place, bytes: &[u8], template: bool, json: bool) -> Result<Body> {
    if !template {
        if json {
            check_json(place, bytes, "")?;
        }
        return Ok(Body::Built(Bytes::copy_from_slice(bytes)));
    }
    let parsed =
        Template::parse(bytes).map_err(|(line, column, why)| usage(format!("{}: {why}", place.at(line, column))))?;
    if json {
        let sample = parsed.render(&Fill { seq: 0, random: (0, 0) });
        check_json(
            place,
            &sample,
            " (with its placeholders filled: seq 0, a uuid, the time)",
        )?;
    }
    Ok(if parsed.is_plain() {
        Body::Built(parsed.plain())
    } else {
        Body::Template(parsed)
    })
}

/// `FILE:LINE:COL: not JSON: why` for a body that is not JSON.
fn check_json(place: Place, bytes: &[u8], filled: &str) -> Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        Ok(_) => Ok(()),
        Err(e) => Err(usage(format!(
            "{}: not JSON{filled}: {} (use --content-type to send another type)",
            place.at(e.line(), e.column()),
            strip_position(&e.to_string())
        ))),
    }
}

/// serde_json's message without its ` at line L column C`, which the place already says.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// The bodies of a JSON Lines file or a folder, at most BODIES_CAP bytes and BODIES_LIMIT bodies.
fn read_bodies(path: &Path, template: bool, json: bool) -> Result<Vec<Body>> {
    let shown = path.display().to_string();
    let is_dir = std::fs::metadata(path)
        .map_err(|e| input::InputError::Unreadable(e).for_input(&format!("--bodies {shown}")))?
        .is_dir();
    let mut bodies = Vec::new();
    if is_dir {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| input::InputError::Unreadable(e).for_input(&format!("--bodies {shown}")))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let mut total = 0u64;
        for file in files {
            too_many(&shown, bodies.len())?;
            let name = file.display().to_string();
            let bytes = input::read_capped(&file, BODIES_CAP, Deadline::NONE)
                .map_err(|e| e.for_input(&format!("--bodies {name}")))?;
            total += bytes.len() as u64;
            if total > BODIES_CAP.bytes {
                return Err(input::InputError::TooLarge(BODIES_CAP).for_input(&format!("--bodies {shown}")));
            }
            bodies.push(body(Place::Whole(&format!("--bodies {name}")), &bytes, template, json)?);
        }
    } else {
        let text = input::read_capped(path, BODIES_CAP, Deadline::NONE)
            .map_err(|e| e.for_input(&format!("--bodies {shown}")))?;
        for (number, line) in text.split(|&b| b == b'\n').enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            too_many(&shown, bodies.len())?;
            bodies.push(body(
                Place::Line(&format!("--bodies {shown}"), number + 1),
                line,
                template,
                json,
            )?);
        }
    }
    if bodies.is_empty() {
        return Err(usage(format!(
            "--bodies {shown}: holds no body (blank lines are skipped)"
        )));
    }
    Ok(bodies)
}

fn too_many(shown: &str, count: usize) -> Result<()> {
    if count >= BODIES_LIMIT {
        return Err(usage(format!(
            "--bodies {shown}: more than {BODIES_LIMIT} bodies, the most yr bench holds; split the run"
        )));
    }
    Ok(())
}

/// The X-Instance-Session values of the pool, each built once.
fn sessions(flags: &VarietyFlags, run_id: &str) -> Result<Vec<HeaderValue>> {
    let ids: Vec<(String, String)> = match (&flags.session_pool, &flags.session_ids) {
        (Some(n), _) => (0..*n)
            .map(|k| (format!("yr-bench-{run_id}-{k}"), "--session-pool".to_string()))
            .collect(),
        (None, Some(path)) => {
            let shown = path.display().to_string();
            let text = input::read_capped(path, input::CONFIG_FILE_CAP, Deadline::NONE)
                .map_err(|e| e.for_input(&format!("--session-ids {shown}")))?;
            let text =
                String::from_utf8(text).map_err(|e| usage(format!("--session-ids {shown}: not UTF-8 text: {e}")))?;
            let ids: Vec<_> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| (l.trim().to_string(), format!("--session-ids {shown}:{}", n + 1)))
                .collect();
            if ids.is_empty() {
                return Err(usage(format!("--session-ids {shown}: holds no id (one per line)")));
            }
            if ids.len() > BODIES_LIMIT {
                return Err(usage(format!("--session-ids {shown}: more than {BODIES_LIMIT} ids")));
            }
            ids
        }
        (None, None) => return Ok(Vec::new()),
    };
    ids.into_iter()
        .map(|(id, place)| {
            let session = crate::values::InstanceSession::parse(Some(&id), None, None)
                .map_err(|(_, why)| usage(format!("{place}: {}", why.replace("--session-id", "a session id"))))?
                .ok_or_else(|| usage(format!("{place}: no id")))?;
            HeaderValue::from_str(&session.header_value())
                .map_err(|_| usage(format!("{place}: `{id}` cannot go in a header (a control character)")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("yr-bodies-{:x}", rng::fresh_seed()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn flags(bodies: &Path) -> VarietyFlags {
        VarietyFlags {
            bodies: Some(bodies.to_path_buf()),
            ..VarietyFlags::default()
        }
    }

    fn sent(variety: &Variety, calls: u64) -> Vec<String> {
        (0..calls)
            .map(|seq| String::from_utf8(variety.pick(seq).body.unwrap().to_vec()).unwrap())
            .collect()
    }

    #[test]
    fn json_lines_skip_blank_lines_and_cycle_in_order() {
        let dir = dir();
        let file = dir.join("b.jsonl");
        std::fs::write(&file, "{\"a\":1}\n\n  \r\n{\"a\":2}\r\n{\"a\":3}").unwrap();
        let variety = Variety::load(&flags(&file), None, true).unwrap().unwrap();
        assert_eq!(variety.body_count(), 3);
        assert_eq!(
            sent(&variety, 4),
            [r#"{"a":1}"#, r#"{"a":2}"#, r#"{"a":3}"#, r#"{"a":1}"#]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_line_that_is_not_json_is_placed_by_file_line_and_column() {
        let dir = dir();
        let file = dir.join("b.jsonl");
        std::fs::write(&file, "{\"a\":1}\n\n{\"a\":,}\n").unwrap();
        let error = Variety::load(&flags(&file), None, true).unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "--bodies {}:3:6: not JSON: expected value (use --content-type to send another type)",
                file.display()
            )
        );
        std::fs::write(&file, "{\"a\":{{nope}}}\n").unwrap();
        let template = VarietyFlags {
            template: true,
            ..flags(&file)
        };
        let error = Variety::load(&template, None, true).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "--bodies {}:1:6: `{{{{` starts no placeholder",
                file.display()
            )),
            "{error}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_folder_is_one_body_per_file_by_name() {
        let dir = dir();
        std::fs::write(dir.join("2.json"), "{\"n\":2}").unwrap();
        std::fs::write(dir.join("1.json"), "{\"n\":1}").unwrap();
        std::fs::write(dir.join("10.json"), "{\"n\":10}").unwrap();
        let variety = Variety::load(&flags(&dir), None, true).unwrap().unwrap();
        assert_eq!(sent(&variety, 3), [r#"{"n":1}"#, r#"{"n":10}"#, r#"{"n":2}"#]);
        std::fs::write(dir.join("3.json"), "{\n\"n\" 3}").unwrap();
        let error = Variety::load(&flags(&dir), None, true).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("--bodies {}:2:5: not JSON", dir.join("3.json").display())),
            "{error}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn shuffle_is_a_permutation_the_seed_decides() {
        let dir = dir();
        let file = dir.join("b.jsonl");
        let lines: Vec<String> = (0..20).map(|n| format!("{{\"n\":{n}}}")).collect();
        std::fs::write(&file, lines.join("\n")).unwrap();
        let shuffled = |seed| {
            let f = VarietyFlags {
                shuffle: true,
                seed: Some(seed),
                ..flags(&file)
            };
            sent(&Variety::load(&f, None, true).unwrap().unwrap(), 40)
        };
        let (a, b, c) = (shuffled(7), shuffled(7), shuffled(8));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a[..20], lines[..]);
        assert_eq!(a[..20], a[20..], "the same order every pass");
        let mut sorted = a[..20].to_vec();
        sorted.sort();
        let mut expected = lines.clone();
        expected.sort();
        assert_eq!(sorted, expected);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn pools_name_their_sessions_after_the_run() {
        let f = VarietyFlags {
            session_pool: Some(3),
            traces: true,
            ..VarietyFlags::default()
        };
        let variety = Variety::load(&f, None, true).unwrap().unwrap();
        let session = |seq| variety.pick(seq).session.unwrap().to_str().unwrap().to_string();
        assert_eq!(session(0), session(3));
        assert_ne!(session(0), session(1));
        assert!(
            session(2).starts_with(&format!(r#"{{"sessionID":"yr-bench-{}-2""#, variety.run_id)),
            "{}",
            session(2)
        );
        assert_eq!(
            variety.pick(5).trace.unwrap(),
            format!("{}-0000-0000-0000-000000000006", variety.run_id)
        );
        assert!(
            variety.pick(0).body.is_none(),
            "no --bodies: -d's body as the template has it"
        );
    }
}
