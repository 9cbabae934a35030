//! The suite file as written: read and parsed once, `${VAR}` expanded in every string, every key and type checked.
//! An error names the file, line, column and key. What the values mean is checked later, by the code `yr invoke`
//! uses; an error found then is placed by `error_at`, which parses the kept text again (the tree borrows the text, so
//! it is not kept with it), once: planning stops at the first error.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::step::{Kind, UntilFields, WaitValue};
use super::vars;
use crate::exit::usage;

/// One suite file, checked.
#[derive(Debug, Clone)]
pub struct SuiteFile {
    /// As given on the command line (for messages and reports).
    pub path: PathBuf,
    /// Bodies named with `data = "@FILE"` are relative to this folder.
    pub dir: PathBuf,
    /// `name`, else the path as given.
    pub name: String,
    /// Every case of the file runs alone, in file order.
    pub serial: bool,
    pub defaults: Defaults,
    pub cases: Vec<CaseSpec>,
    /// The text, kept to place errors found later.
    text: String,
}

/// A case as written, with the line of its `[[case]]`.
#[derive(Debug, Clone)]
pub struct CaseSpec {
    pub line: usize,
    pub fields: CaseFields,
    /// The steps (None: the case itself, a case without steps) that name a variable an earlier step or case
    /// captures: they are read again, from the text as written, when they are about to run.
    pub deferred: BTreeMap<Option<usize>, Deferred>,
}

/// A step whose strings are expanded when it runs: its table as written, and the captured names it may use.
#[derive(Debug, Clone)]
pub struct Deferred {
    pub raw: toml::Value,
    /// Captured by an earlier step or case: these come from the captures, never from the variables.
    pub captured: BTreeSet<String>,
    /// The step's own keys that hold such a string (`endpoint`, `body`, `expect`, ...).
    pub keys: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuiteFields {
    name: Option<String>,
    #[serde(default)]
    serial: bool,
    #[serde(default)]
    defaults: Defaults,
    #[serde(default, rename = "case")]
    cases: Vec<CaseFields>,
}

/// `[defaults]`: what every case of the file uses unless it says otherwise.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Defaults {
    pub endpoint: Option<String>,
    pub tenant: Option<String>,
    pub service: Option<String>,
    pub timeout: Option<Text>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// One `[[case]]`, or one `[[case.step]]` of a case: the request fields under the names of `yr invoke`'s flags, what
/// to capture of the answer and what to expect of it. plan.rs checks which keys a case with steps, and each kind of
/// step, may hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseFields {
    /// Required for a case; a step's is optional (reports call it by its number and kind).
    pub name: Option<String>,
    pub function: Option<String>,
    /// A TOML value, sent as its JSON.
    pub body: Option<serde_json::Value>,
    /// The body as text, as `-d`: `@FILE` is a file relative to the suite file.
    pub data: Option<String>,
    pub content_type: Option<String>,
    pub cpu: Option<Text>,
    pub memory: Option<Text>,
    #[serde(default)]
    pub custom_resource: BTreeMap<String, u64>,
    pub pool_label: Option<String>,
    pub instance_label: Option<String>,
    pub session_id: Option<String>,
    pub session_ttl: Option<i64>,
    pub session_concurrency: Option<i64>,
    pub trace_id: Option<String>,
    /// None when the case does not write `headers` (an empty table is written: errors are placed at it).
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(default, rename = "async")]
    pub asynchronous: bool,
    pub wait: Option<WaitValue>,
    pub poll_interval: Option<Text>,
    #[serde(default)]
    pub stream: bool,
    pub endpoint: Option<String>,
    pub tenant: Option<String>,
    pub service: Option<String>,
    pub timeout: Option<Text>,
    pub retry: Option<u32>,
    pub retry_delay: Option<Text>,
    pub retry_max_time: Option<Text>,
    #[serde(default)]
    pub retry_all_errors: bool,
    #[serde(default)]
    pub serial: bool,
    #[serde(default)]
    pub expect: ExpectFields,
    pub kind: Option<Kind>,
    /// A result step's request id.
    pub request_id: Option<String>,
    /// A pause step's length.
    pub duration: Option<Text>,
    /// Variable names and where their values come from in the answer.
    #[serde(default)]
    pub capture: BTreeMap<String, String>,
    pub until: Option<UntilFields>,
    pub step: Option<Vec<CaseFields>>,
}

/// `[case.expect]`, as written; `expect.rs` gives it meaning.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectFields {
    pub status: Option<u16>,
    pub code: Option<CodeSpec>,
    pub body: Option<serde_json::Value>,
    pub body_json: Option<String>,
    pub body_includes: Option<serde_json::Value>,
    pub body_matches: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub latency: Option<Text>,
    pub frames: Option<Vec<serde_json::Value>>,
    /// `[[case.expect.assert]]`: predicates on values of the answer.
    #[serde(default)]
    pub assert: Vec<crate::answer::predicate::AssertSpec>,
    /// `"ordered"` (the default) or `"set"`: how arrays compare.
    pub arrays: Option<String>,
}

/// A value written as a string or a number (`cpu = 500` or `cpu = "1.5c"`, `timeout = 10` or `"10s"`), kept as
/// the text the shared parsers read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// An inner code: a number, or a name from the error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSpec {
    Number(i64),
    Name(String),
}

impl<'de> Deserialize<'de> for CodeSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CodeSpec, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = CodeSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a code number or a name from the error table (`yr errors`)")
            }
            fn visit_str<E>(self, v: &str) -> Result<CodeSpec, E> {
                Ok(CodeSpec::Name(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<CodeSpec, E> {
                Ok(CodeSpec::Number(v))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A step on the way to a key: a table key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl SuiteFile {
    /// Reads (by `deadline`, at most `SUITE_FILE_CAP`) and checks one file; nothing is sent by anything that fails
    /// here.
    pub fn load(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
        deadline: crate::input::Deadline,
    ) -> Result<SuiteFile> {
        let shown = path.display().to_string();
        let bytes =
            crate::input::read_capped(path, crate::input::SUITE_FILE_CAP, deadline).map_err(|e| e.for_input(&shown))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| usage(format!("{shown}: cannot read it: stream did not contain valid UTF-8")))?;
        SuiteFile::parse(path, text, env)
    }

    pub fn parse(path: &Path, text: String, env: &dyn Fn(&str) -> Option<String>) -> Result<SuiteFile> {
        let shown = path.display().to_string();
        let mut root = DeTable::parse(&text).map_err(|e| {
            // The tree recovered around the fault names the key it is in, when it is in one.
            let (partial, _) = DeTable::parse_recoverable(&text);
            let offset = e.span().unwrap_or(0..0).start;
            error_at_offset(&shown, &text, partial.get_ref(), offset, &first_line(e.message()))
        })?;
        // The text as written, for the steps that are expanded only when they run.
        let written = root.clone();
        let flow = Flow::of(root.get_ref());
        let expanded = expand_root(root.get_mut(), env, &flow);
        if let Err((span, error)) = &expanded {
            return Err(error_at_offset(&shown, &text, root.get_ref(), span.start, error));
        }
        let deferrals = expanded.unwrap_or_default();
        let case_lines: Vec<usize> = match root.get_ref().get("case").map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => lines_of(&text, items.iter().map(|item| item.span().start)),
            _ => Vec::new(),
        };
        let fields = SuiteFields::deserialize(toml::de::Deserializer::from(root.clone())).map_err(|e| {
            let offset = e.span().unwrap_or(0..0).start;
            error_at_offset(&shown, &text, root.get_ref(), offset, e.message())
        })?;
        // A case needs its name (a step's is optional, so serde does not require it).
        if let Some(i) = fields.cases.iter().position(|case| case.name.is_none()) {
            let steps = [Step::Key("case".into()), Step::Index(i)];
            let at = span_of(root.get_ref(), &steps).map(|span| position(&text, span.start));
            return Err(usage(located(
                &shown,
                at,
                Some(&describe(root.get_ref(), &steps)),
                "missing field `name`",
            )));
        }
        let name = fields.name.clone().unwrap_or_else(|| shown.clone());
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let raw: Option<toml::Table> = if deferrals.is_empty() {
            None
        } else {
            toml::Table::deserialize(toml::de::Deserializer::from(written)).ok()
        };
        let cases = fields
            .cases
            .into_iter()
            .enumerate()
            .map(|(i, fields)| {
                let mut deferred = BTreeMap::new();
                // This case's own entries only: scanning every case's for each case made reading a file quadratic.
                for ((_, step), (captured, keys)) in deferrals.range((i, None)..=(i, Some(usize::MAX))) {
                    let in_case = raw.as_ref().and_then(|r| r.get("case")).and_then(|c| c.get(i));
                    let table = match step {
                        Some(j) => in_case.and_then(|c| c.get("step")).and_then(|s| s.get(*j)),
                        None => in_case,
                    };
                    if let Some(table) = table {
                        let raw = table.clone();
                        let (captured, keys) = (captured.clone(), keys.clone());
                        deferred.insert(*step, Deferred { raw, captured, keys });
                    }
                }
                CaseSpec {
                    line: case_lines.get(i).copied().unwrap_or(1),
                    fields,
                    deferred,
                }
            })
            .collect();
        drop(root);
        Ok(SuiteFile {
            path: path.to_path_buf(),
            dir,
            name,
            serial: fields.serial,
            defaults: fields.defaults,
            cases,
            text,
        })
    }

    /// An error about the value at `steps` (or, when it is not written there, the nearest table that is), as
    /// `FILE:LINE:COLUMN: case "NAME", key `KEY`: MESSAGE`.
    pub fn error_at(&self, steps: &[Step], message: &str) -> anyhow::Error {
        let shown = self.path.display().to_string();
        let Ok(root) = DeTable::parse(&self.text) else {
            return usage(located(&shown, None, None, message));
        };
        // The longest prefix of `steps` that is written in the file; none (the root has no span) names no line.
        let at = (0..=steps.len())
            .rev()
            .find_map(|known| span_of(root.get_ref(), &steps[..known]))
            .map(|span| position(&self.text, span.start));
        usage(located(&shown, at, Some(&describe(root.get_ref(), steps)), message))
    }
}

/// `FILE:LINE:COL: WHERE: MESSAGE`.
/// A usage error about the text at `offset`, placed by the key it is in.
fn error_at_offset(shown: &str, text: &str, root: &DeTable, offset: usize, message: &str) -> anyhow::Error {
    let steps = steps_at(root, offset);
    usage(located(
        shown,
        Some(position(text, offset)),
        Some(&describe(root, &steps)),
        message,
    ))
}

fn located(file: &str, at: Option<(usize, usize)>, place: Option<&str>, message: &str) -> String {
    let mut text = match at {
        Some((line, column)) => format!("{file}:{line}:{column}: "),
        None => format!("{file}: "),
    };
    if let Some(place) = place.filter(|p| !p.is_empty()) {
        text.push_str(place);
        text.push_str(": ");
    }
    text.push_str(message.trim_end());
    text
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

/// Line and column (1-based, columns in characters) of a byte offset.
/// The line of each offset, in order, counting the text's lines once (`position` for each would count them again
/// from the start for every case, and made reading a file of thousands of cases quadratic).
fn lines_of(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<usize> {
    let (mut line, mut counted) = (1, 0);
    offsets
        .map(|offset| {
            let offset = offset.min(text.len());
            if offset < counted {
                return position(text, offset).0;
            }
            line += text.as_bytes()[counted..offset].iter().filter(|&&b| b == b'\n').count();
            counted = offset;
            line
        })
        .collect()
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// `case "NAME", key `expect.status`` for the steps to a key.
fn describe(root: &DeTable, steps: &[Step]) -> String {
    let mut rest = steps;
    let mut parts = Vec::new();
    if let [Step::Key(first), Step::Index(i), tail @ ..] = steps {
        if first == "case" {
            let name = root
                .get("case")
                .and_then(|v| v.get_ref().get(*i))
                .and_then(|case| case.get_ref().get("name"))
                .and_then(|n| n.get_ref().as_str());
            parts.push(match name {
                Some(name) => format!("case \"{}\"", crate::values::printable(name)),
                None => format!("case #{}", i + 1),
            });
            rest = tail;
        }
    }
    let key: Vec<String> = rest
        .iter()
        .map(|step| match step {
            Step::Key(k) => k.clone(),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect();
    if !key.is_empty() {
        parts.push(format!("key `{}`", key.join(".").replace(".[", "[")));
    }
    parts.join(", ")
}

/// The deepest key or element whose key or value holds `offset`.
fn steps_at(root: &DeTable, offset: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut table = root;
    'tables: loop {
        for (key, value) in table.iter() {
            if key.span().contains(&offset) {
                steps.push(Step::Key(key.get_ref().to_string()));
                return steps;
            }
            if !value.span().contains(&offset) && !within(value, offset) {
                continue;
            }
            steps.push(Step::Key(key.get_ref().to_string()));
            let mut value = value;
            loop {
                match value.get_ref() {
                    DeValue::Table(inner) => {
                        table = inner;
                        continue 'tables;
                    }
                    DeValue::Array(items) => match items.iter().position(|item| covers(item, offset)) {
                        Some(i) => {
                            steps.push(Step::Index(i));
                            value = &items[i];
                        }
                        None => return steps,
                    },
                    _ => return steps,
                }
            }
        }
        return steps;
    }
}

/// Whether a value, or anything inside it, holds `offset` (a table's own span may be just its header).
fn covers(value: &Spanned<DeValue>, offset: usize) -> bool {
    value.span().contains(&offset) || within(value, offset)
}

fn within(value: &Spanned<DeValue>, offset: usize) -> bool {
    match value.get_ref() {
        DeValue::Table(table) => table
            .iter()
            .any(|(k, v)| k.span().contains(&offset) || covers(v, offset)),
        DeValue::Array(items) => items.iter().any(|item| covers(item, offset)),
        _ => false,
    }
}

/// The span of the value at `steps`, if it is written.
fn span_of(root: &DeTable, steps: &[Step]) -> Option<Range<usize>> {
    let mut value: Option<&Spanned<DeValue>> = None;
    for step in steps {
        let next = match (step, value.map(Spanned::get_ref)) {
            (Step::Key(k), None) => root.get(k.as_str()),
            (Step::Key(k), Some(DeValue::Table(t))) => t.get(k.as_str()),
            (Step::Index(i), Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        value = Some(next?);
    }
    value.map(Spanned::span)
}

/// What each case of a file captures, and whether it runs alone: the names its steps, and later serial cases, may
/// use. A serial case starts once every case before it is done, so it sees what they captured; a case that runs
/// beside others sees only its own earlier steps'.
struct Flow {
    cases: Vec<CaseCaptures>,
}

struct CaseCaptures {
    serial: bool,
    /// Captured by the case itself (a case without steps).
    own: BTreeSet<String>,
    /// Captured by each of its steps.
    steps: Vec<BTreeSet<String>>,
}

impl Flow {
    fn of(root: &DeTable) -> Flow {
        let file_serial = matches!(root.get("serial").map(|v| v.get_ref()), Some(DeValue::Boolean(true)));
        let captures = |table: &DeValue| -> BTreeSet<String> {
            match table.get("capture").map(|v| v.get_ref()) {
                Some(DeValue::Table(t)) => t.iter().map(|(k, _)| k.get_ref().to_string()).collect(),
                _ => BTreeSet::new(),
            }
        };
        let cases = match root.get("case").map(|v| v.get_ref()) {
            Some(DeValue::Array(items)) => items
                .iter()
                .map(|case| {
                    let case = case.get_ref();
                    let steps = match case.get("step").map(|v| v.get_ref()) {
                        Some(DeValue::Array(steps)) => steps.iter().map(|s| captures(s.get_ref())).collect(),
                        _ => Vec::new(),
                    };
                    CaseCaptures {
                        serial: file_serial
                            || matches!(case.get("serial").map(|v| v.get_ref()), Some(DeValue::Boolean(true))),
                        own: captures(case),
                        steps,
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        Flow { cases }
    }

    /// The names captured before case `i` that it may use: those of every earlier case when it is serial.
    fn before_case(&self, i: usize) -> BTreeSet<String> {
        match self.cases.get(i) {
            Some(case) if case.serial => self.cases[..i]
                .iter()
                .flat_map(|c| c.own.iter().chain(c.steps.iter().flatten()))
                .cloned()
                .collect(),
            _ => BTreeSet::new(),
        }
    }
}

/// Per case and step (None: the case's own keys), the captured names its strings may use and the keys holding a
/// string that uses one.
type Deferrals = BTreeMap<(usize, Option<usize>), (BTreeSet<String>, BTreeSet<String>)>;

/// Expands `${VAR}` in every string, but a string naming a variable captured before it runs, which stays as written
/// (its other variables are checked now, so a missing one is an error before anything is sent).
fn expand_root(
    root: &mut DeTable,
    env: &dyn Fn(&str) -> Option<String>,
    flow: &Flow,
) -> Result<Deferrals, (Range<usize>, String)> {
    let mut deferrals = Deferrals::new();
    let nothing = BTreeSet::new();
    for (key, value) in root.iter_mut() {
        if key.get_ref() != "case" {
            expand_value(value, env, &nothing)?;
            continue;
        }
        let DeValue::Array(cases) = value.get_mut() else {
            expand_value(value, env, &nothing)?;
            continue;
        };
        for (i, case) in cases.iter_mut().enumerate() {
            let before = flow.before_case(i);
            let DeValue::Table(case) = case.get_mut() else {
                continue;
            };
            for (key, value) in case.iter_mut() {
                let steps = match value.get_mut() {
                    DeValue::Array(steps) if key.get_ref() == "step" => steps,
                    _ => {
                        if expand_value(value, env, &before)? {
                            let entry = deferrals
                                .entry((i, None))
                                .or_insert_with(|| (before.clone(), BTreeSet::new()));
                            entry.1.insert(key.get_ref().to_string());
                        }
                        continue;
                    }
                };
                for (j, step) in steps.iter_mut().enumerate() {
                    let mut visible = before.clone();
                    if let Some(case) = flow.cases.get(i) {
                        visible.extend(case.steps[..j.min(case.steps.len())].iter().flatten().cloned());
                    }
                    let DeValue::Table(step) = step.get_mut() else {
                        expand_value(step, env, &visible)?;
                        continue;
                    };
                    for (key, value) in step.iter_mut() {
                        if expand_value(value, env, &visible)? {
                            let entry = deferrals
                                .entry((i, Some(j)))
                                .or_insert_with(|| (visible.clone(), BTreeSet::new()));
                            entry.1.insert(key.get_ref().to_string());
                        }
                    }
                }
            }
        }
    }
    Ok(deferrals)
}

/// Expands `${VAR}` in every string value; the error carries the span of the string.
fn expand_table(
    table: &mut DeTable,
    env: &dyn Fn(&str) -> Option<String>,
    captured: &BTreeSet<String>,
) -> Result<bool, (Range<usize>, String)> {
    let mut deferred = false;
    for (_, value) in table.iter_mut() {
        deferred |= expand_value(value, env, captured)?;
    }
    Ok(deferred)
}

/// Expands the strings in `value`; true when one names a `captured` variable and so stays as written.
fn expand_value(
    value: &mut Spanned<DeValue>,
    env: &dyn Fn(&str) -> Option<String>,
    captured: &BTreeSet<String>,
) -> Result<bool, (Range<usize>, String)> {
    let span = value.span();
    match value.get_mut() {
        DeValue::String(text) => {
            if !text.contains('$') {
                return Ok(false);
            }
            if vars::names(text).iter().any(|name| captured.contains(name)) {
                let known = |name: &str| {
                    if captured.contains(name) {
                        Some(String::new())
                    } else {
                        env(name)
                    }
                };
                vars::expand(text, &known).map_err(|e| (span, e.to_string()))?;
                return Ok(true);
            }
            let expanded = vars::expand(text, env).map_err(|e| (span, e.to_string()))?;
            *text = expanded.into();
            Ok(false)
        }
        DeValue::Array(items) => {
            let mut deferred = false;
            for item in items.iter_mut() {
                deferred |= expand_value(item, env, captured)?;
            }
            Ok(deferred)
        }
        DeValue::Table(table) => expand_table(table, env, captured),
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_offsets_in_one_pass_are_positions_lines() {
        let text = "a\nbb\n\nccc\nd";
        let offsets = [0, 2, 3, 5, 6, 10, 3, 99];
        let expected: Vec<usize> = offsets.iter().map(|&o| position(text, o).0).collect();
        assert_eq!(lines_of(text, offsets.into_iter()), expected);
    }

    fn env(name: &str) -> Option<String> {
        (name == "HOST").then(|| "127.0.0.1:9".to_string())
    }

    fn parse(text: &str) -> Result<SuiteFile> {
        SuiteFile::parse(Path::new("dir/smoke.toml"), text.to_string(), &env)
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_suite() {
        let suite = parse(
            "name = \"smoke\"\n[defaults]\nendpoint = \"http://${HOST}\"\ntimeout = 5\n\n[[case]]\nname = \"a\"\nfunction = \"hello\"\nbody = { name = \"x\" }\nexpect.status = 200\n\n[[case]]\nname = \"b\"\nfunction = \"echo\"\ncpu = 500\nexpect.code = \"session config invalid\"\n",
        )
        .unwrap();
        assert_eq!(suite.name, "smoke");
        assert_eq!(suite.dir, Path::new("dir"));
        assert_eq!(suite.defaults.endpoint.as_deref(), Some("http://127.0.0.1:9"));
        assert_eq!(suite.defaults.timeout, Some(Text("5".into())));
        assert_eq!(suite.cases.len(), 2);
        assert_eq!((suite.cases[0].line, suite.cases[1].line), (6, 12));
        assert_eq!(suite.cases[0].fields.body, Some(serde_json::json!({"name": "x"})));
        assert_eq!(suite.cases[0].fields.expect.status, Some(200));
        assert_eq!(suite.cases[1].fields.cpu, Some(Text("500".into())));
        assert_eq!(
            suite.cases[1].fields.expect.code,
            Some(CodeSpec::Name("session config invalid".into()))
        );
    }

    #[test]
    fn errors_name_file_line_column_and_key() {
        assert_eq!(
            error("[[case]]\nname = \"a\"\nfunction = \"f\"\nexpct = 1\n"),
            "dir/smoke.toml:4:1: case \"a\", key `expct`: unknown field `expct`, expected one of `name`, `function`, `body`, `data`, `content-type`, `cpu`, `memory`, `custom-resource`, `pool-label`, `instance-label`, `session-id`, `session-ttl`, `session-concurrency`, `trace-id`, `headers`, `async`, `wait`, `poll-interval`, `stream`, `endpoint`, `tenant`, `service`, `timeout`, `retry`, `retry-delay`, `retry-max-time`, `retry-all-errors`, `serial`, `expect`, `kind`, `request-id`, `duration`, `capture`, `until`, `step`"
        );
        assert_eq!(
            error("[[case]]\nname = \"a\"\nfunction = \"f\"\n[case.expect]\nstatus = \"200\"\n"),
            "dir/smoke.toml:5:10: case \"a\", key `expect.status`: invalid type: string \"200\", expected u16"
        );
        assert_eq!(
            error("[[case]]\nname = \"a\"\nfunction = \"f\"\n\n[[case]]\nfunction = \"g\"\n"),
            "dir/smoke.toml:5:1: case #2: missing field `name`"
        );
        assert_eq!(
            error("[defaults]\nendpoint = \"${NOPE}\"\n"),
            "dir/smoke.toml:2:12: key `defaults.endpoint`: NOPE is not set: no --var, --vars file, environment variable or earlier capture gives it a value (use ${NOPE:-DEFAULT} for a fallback)"
        );
        assert_eq!(
            error("[[case]\nname = 1\n"),
            "dir/smoke.toml:1:8: unclosed array table, expected `]`"
        );
        assert_eq!(
            error("[[case]]\nname = \"a\"\n[case.expect]\nstatus = 20 0\n"),
            "dir/smoke.toml:4:10: case \"a\", key `expect.status`: string values must be quoted, expected literal string"
        );
        assert!(
            error("[defaults]\ncolour = 1\n")
                .starts_with("dir/smoke.toml:2:1: key `defaults.colour`: unknown field `colour`")
        );
        assert_eq!(
            error("[[case]]\nname = \"a\"\nfunction = \"f\"\ncustom-resource = { NPU = -1 }\n"),
            "dir/smoke.toml:4:27: case \"a\", key `custom-resource.NPU`: invalid value: integer `-1`, expected u64"
        );
    }

    #[test]
    fn later_errors_are_placed_too() {
        let suite =
            parse("[defaults]\ntimeout = \"x\"\n[[case]]\nname = \"a\"\nfunction = \"f\"\ncpu = \"0\"\n").unwrap();
        let cpu = [Step::Key("case".into()), Step::Index(0), Step::Key("cpu".into())];
        assert_eq!(
            suite.error_at(&cpu, "bad cpu").to_string(),
            "dir/smoke.toml:6:7: case \"a\", key `cpu`: bad cpu"
        );
        let missing = [Step::Key("case".into()), Step::Index(0), Step::Key("memory".into())];
        assert_eq!(
            suite.error_at(&missing, "m").to_string(),
            "dir/smoke.toml:3:1: case \"a\", key `memory`: m"
        );
    }
}
