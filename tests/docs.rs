//! The manual, checked rather than trusted (issue 24). README.md and every page of docs/ are held to the binary:
//! each flag a page names is in its command's `--help`, with the default the page gives it; every link between
//! pages and every `#anchor` resolves, with GitHub's slugs; every table row has its header's cells, as GitHub needs
//! to render it; every page is reachable from the README; and the quick start and the tutorial run as written
//! against `yr serve` on 127.0.0.1, their printed output compared. That every `yr` command line in a page parses is
//! a unit test in src/cli.rs, where the parser is (`every_command_line_in_the_manual_parses`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use crate::support::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and docs/*.md: (path from the root, text).
fn pages() -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    names.sort();
    names.insert(0, "README.md".into());
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(root().join(&name)).unwrap();
            (name, text)
        })
        .collect()
}

/// The lines outside fenced blocks, numbered from 1.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            lines.push((n + 1, line));
        }
    }
    lines
}

/// A fenced block: its info string, the HTML comment on the line before it (if any), its lines.
struct Block {
    lang: String,
    marker: String,
    body: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    let mut previous = "";
    for line in text.lines() {
        match (open.take(), line.strip_prefix("```")) {
            (None, Some(info)) => {
                let marker = previous
                    .strip_prefix("<!--")
                    .and_then(|m| m.strip_suffix("-->"))
                    .unwrap_or("");
                open = Some(Block {
                    lang: info.to_string(),
                    marker: marker.trim().to_string(),
                    body: Vec::new(),
                });
            }
            (Some(block), Some(_)) => found.push(block),
            (Some(mut block), None) => {
                block.body.push(line.to_string());
                open = Some(block);
            }
            (None, None) => {}
        }
        previous = line;
    }
    found
}

/// The code spans of a line, as GitHub reads them: a run of N backticks up to the next run of exactly N.
fn code_spans(line: &str) -> Vec<(usize, usize, &str)> {
    let bytes = line.as_bytes();
    let run = |at: usize| bytes[at..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run(i);
        let mut j = i + n;
        let mut end = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let m = run(j);
                if m == n {
                    end = Some(j);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match end {
            Some(j) => {
                spans.push((i, j + n, line[i + n..j].trim()));
                i = j + n;
            }
            None => i += n,
        }
    }
    spans
}

/// The cells of a table row, split on the pipes GitHub splits on (every one not escaped, inside code spans too).
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').filter(|i| !i.ends_with('\\')).unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = cells.last_mut().unwrap();
                last.push(c);
                last.extend(chars.next());
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells
}

/// The tables of a page: each a list of (line number, row), header first, delimiter row left out.
fn tables(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut tables: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    for (n, line) in prose(text).into_iter().chain([(0, "")]) {
        if line.trim_start().starts_with('|') && (current.is_empty() || current.last().unwrap().0 + 1 == n) {
            current.push((n, line));
        } else {
            if current.len() >= 2 {
                current.remove(1);
                tables.push(std::mem::take(&mut current));
            }
            current.clear();
            if line.trim_start().starts_with('|') {
                current.push((n, line));
            }
        }
    }
    tables
}

/// GitHub's anchor for a heading: lower case, spaces to `-`, and every other character that is not a letter, a
/// digit, `-` or `_` left out; a repeated anchor gets `-1`, `-2`, ...
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for (_, line) in prose(text) {
        let Some(heading) = line.strip_prefix('#').map(|h| h.trim_start_matches('#')) else {
            continue;
        };
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug(heading);
        let count = seen.entry(base.clone()).or_insert(0);
        anchors.insert(if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        });
        *count += 1;
    }
    anchors
}

/// The targets of a line's inline links, `[text](target)`, outside code spans.
fn link_targets(line: &str) -> Vec<String> {
    let mut text = line.to_string();
    for (start, end, _) in code_spans(line).into_iter().rev() {
        text.replace_range(start..end, "");
    }
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| rest[..end].to_string())
        })
        .collect()
}

#[test]
fn slugs_are_github_s() {
    assert_eq!(
        slug("`yr bench FUNCTION`: throughput, latency and errors"),
        "yr-bench-function-throughput-latency-and-errors"
    );
    assert_eq!(
        slug("Saved runs, comparisons, many machines"),
        "saved-runs-comparisons-many-machines"
    );
    assert_eq!(slug("Exit codes of `yr test`"), "exit-codes-of-yr-test");
    assert_eq!(slug("Flows: steps, captures, waits"), "flows-steps-captures-waits");
    let text = "# A\n## B\n```\n## C\n```\n## B\n";
    assert_eq!(anchors(text), ["a", "b", "b-1"].map(String::from).into());
    assert_eq!(cells("| `a \\| b` | c |"), [" `a \\| b` ", " c "]);
    assert_eq!(
        code_spans("a ``x `y` z`` b `c`")
            .iter()
            .map(|s| s.2)
            .collect::<Vec<_>>(),
        ["x `y` z", "c"]
    );
    assert_eq!(link_targets("see [a](b.md#c) and `[x](y)`"), ["b.md#c"]);
}

#[test]
fn every_link_between_pages_and_every_anchor_resolves() {
    let pages = pages();
    let anchors_of: BTreeMap<&str, BTreeSet<String>> = pages.iter().map(|(n, t)| (n.as_str(), anchors(t))).collect();
    let mut broken = Vec::new();
    for (name, text) in &pages {
        let dir = Path::new(name).parent().unwrap();
        for (n, line) in prose(text) {
            for target in link_targets(line) {
                if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = target
                    .split_once('#')
                    .map_or((target.as_str(), None), |(p, a)| (p, Some(a)));
                let file = if path.is_empty() {
                    PathBuf::from(name)
                } else {
                    normalise(&dir.join(path))
                };
                if !root().join(&file).exists() {
                    broken.push(format!("{name}:{n}: {target}: no {}", file.display()));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let key = file.display().to_string();
                    match anchors_of.get(key.as_str()) {
                        Some(known) if known.contains(anchor) => {}
                        Some(_) => broken.push(format!("{name}:{n}: {target}: {key} has no heading #{anchor}")),
                        None => broken.push(format!(
                            "{name}:{n}: {target}: an anchor into a file that is not a page"
                        )),
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// `docs/../README.md` as `README.md`.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_table_row_has_its_header_s_cells() {
    let mut wrong = Vec::new();
    let mut count = 0;
    for (name, text) in pages() {
        for table in tables(&text) {
            count += 1;
            let width = cells(table[0].1).len();
            for (n, row) in &table[1..] {
                let got = cells(row).len();
                if got != width {
                    wrong.push(format!("{name}:{n}: {got} cells, the header has {width}: {row}"));
                }
            }
        }
    }
    assert!(count > 20, "only {count} tables found");
    assert!(wrong.is_empty(), "tables GitHub renders broken:\n{}", wrong.join("\n"));
}

#[test]
fn the_readme_is_short_and_reaches_every_page() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 300, "README.md has {lines} lines, more than 300");
    let linked: BTreeSet<String> = readme
        .lines()
        .flat_map(link_targets)
        .map(|t| t.split('#').next().unwrap().to_string())
        .collect();
    for (name, _) in pages().iter().skip(1) {
        assert!(linked.contains(name.as_str()), "README.md does not link to {name}");
    }
    // The two set-up commands come first: the first block of the README is theirs.
    let first = &blocks(&readme)[0];
    assert_eq!(
        first.body[0].split("   #").next().unwrap().trim(),
        "cargo run --release -- serve -- yr invoke hello -d '{\"name\":\"yuanrong\"}'"
    );
    assert_eq!(
        first.body[1].split("   #").next().unwrap().trim(),
        "cargo test --locked"
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Flags and defaults against --help.

/// Every command and subcommand with flags of its own.
const COMMANDS: &[&str] = &[
    "",
    "invoke",
    "result",
    "health",
    "functions",
    "token",
    "session delete",
    "bench",
    "bench show",
    "bench compare",
    "bench merge",
    "errors",
    "urn",
    "completions",
    "man",
    "version",
    "config",
    "serve",
    "test",
];

/// Flags of other tools that a page names on purpose, beside the first column of docs/test.md's hurl table.
const FOREIGN: &[(&str, &str)] = &[
    ("docs/bench.md", "--latency-correction"), // oha's
    ("docs/bench.md", "--burst-rate"),         // oha's
    ("docs/design.md", "--base-url"),          // scripts/install.sh's
    ("docs/design.md", "--sha256"),            // scripts/install.sh's
    ("docs/design.md", "--secret-var"),        // an alternative not taken
    ("docs/test.md", "--parallel"),            // hurl's, in the prose before its table
];

/// The commands whose flags a page is about (a page about no one command may name any command's).
fn commands_of(page: &str) -> Vec<&'static str> {
    let of: &[&str] = match page {
        "docs/invoke.md" => &["invoke"],
        "docs/result.md" => &["result", "invoke"],
        "docs/session.md" => &["session delete", "invoke", "bench"],
        "docs/health.md" => &["health"],
        "docs/functions.md" => &["functions"],
        "docs/token.md" => &["token"],
        "docs/bench.md" => &["bench", "bench show", "bench compare", "bench merge"],
        // A case is written with the names of `yr invoke`'s flags.
        "docs/test.md" => &["test", "invoke"],
        "docs/serve.md" => &["serve"],
        // Help's two lengths are explained with invoke's and bench's flags.
        "docs/offline.md" => &[
            "",
            "urn",
            "errors",
            "config",
            "version",
            "completions",
            "man",
            "invoke",
            "bench",
        ],
        _ => COMMANDS,
    };
    of.to_vec()
}

/// A command's `--help`: the flags it lists, and each flag's entry (its lines, folded).
struct Help {
    entries: BTreeMap<String, String>,
}

fn helps() -> &'static BTreeMap<&'static str, Help> {
    static HELPS: OnceLock<BTreeMap<&'static str, Help>> = OnceLock::new();
    HELPS.get_or_init(|| {
        COMMANDS
            .iter()
            .map(|command| {
                let out = run(yr().args(command.split_whitespace()).arg("--help"));
                assert_eq!(out.code, 0, "yr {command} --help: {out:?}");
                (
                    *command,
                    Help {
                        entries: entries(&out.stdout),
                    },
                )
            })
            .collect()
    })
}

/// Each flag of a help text with its entry: the listing line and the lines under it.
fn entries(help: &str) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    let mut current: Option<(Vec<String>, String)> = None;
    for line in help.lines() {
        let indent = line.len() - line.trim_start().len();
        let listing = indent > 0 && indent < 10 && line.trim_start().starts_with('-');
        if listing || (indent == 0 && !line.is_empty()) {
            if let Some((flags, text)) = current.take() {
                for flag in flags {
                    entries.insert(flag, text.clone());
                }
            }
        }
        if listing {
            current = Some((leading_flags(line.trim()), line.trim().to_string()));
        } else if let Some((_, text)) = current.as_mut() {
            text.push(' ');
            text.push_str(line.trim());
        }
    }
    if let Some((flags, text)) = current {
        for flag in flags {
            entries.insert(flag, text.clone());
        }
    }
    entries
}

/// The flags a span or a help line starts with: `-e, --endpoint URL` is `-e` and `--endpoint`; `--expect-*` is the
/// prefix `--expect-` followed by `*`.
fn leading_flags(text: &str) -> Vec<String> {
    let mut flags = Vec::new();
    let mut rest = text;
    loop {
        let long = rest.starts_with("--");
        let body = rest.trim_start_matches('-');
        let dashes = rest.len() - body.len();
        if !(1..=2).contains(&dashes) {
            break;
        }
        let len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(body.len());
        let name = &body[..len];
        let starts_with_letter = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !starts_with_letter || (!long && name.len() != 1) {
            break;
        }
        let after = &body[len..];
        flags.push(format!(
            "{}{name}{}",
            &rest[..dashes],
            if after.starts_with('*') { "*" } else { "" }
        ));
        match after.strip_prefix(", ") {
            Some(more) => rest = more,
            None => break,
        }
    }
    flags
}

/// The first command of `commands` whose help lists `flag` (a prefix for `--expect-*`), with its entry.
fn entry_of(commands: &[&'static str], flag: &str) -> Option<(&'static str, &'static str)> {
    let helps = helps();
    commands.iter().find_map(|command| {
        let entries = &helps[command].entries;
        let found = match flag.strip_suffix('*') {
            Some(prefix) => entries.iter().find(|(f, _)| f.starts_with(prefix)).map(|(_, e)| e),
            None => entries.get(flag),
        };
        found.map(|entry| (*command, entry.as_str()))
    })
}

/// A flag named in a page: where, which, which commands may have it, and the default the text gives it.
struct Named {
    place: String,
    flag: String,
    commands: Vec<&'static str>,
    default: Option<String>,
}

/// The command a `yr ...` span names: the longest of COMMANDS its words start with.
fn command_of_span(span: &str) -> Option<&'static str> {
    let words: Vec<&str> = span.strip_prefix("yr ")?.split_whitespace().collect();
    COMMANDS
        .iter()
        .filter(|c| !c.is_empty())
        .filter(|c| {
            let parts: Vec<&str> = c.split(' ').collect();
            words.len() >= parts.len() && words[..parts.len()] == parts[..]
        })
        .max_by_key(|c| c.len())
        .copied()
}

/// The default a text gives right after a flag: `(default 200)`, ``default `application/json` ``, `default 4,096`.
fn default_after(text: &str) -> Option<String> {
    let at = text.find("default ")?;
    let value = text[at + "default ".len()..].trim_start();
    // `(default 200)`, or a value that reads as one: `default `15m``, `default 8`; not `by default (...)`.
    let reads_as_value = value.starts_with(|c: char| c == '`' || c.is_ascii_digit());
    if !(text[..at].ends_with('(') || reads_as_value) {
        return None;
    }
    let value = match value.strip_prefix('`') {
        Some(code) => code.split('`').next().unwrap_or_default().to_string(),
        None => {
            let end = value.find([' ', ')', ';']).unwrap_or(value.len());
            value[..end].trim_end_matches([',', ':', '.']).to_string()
        }
    };
    let digits_grouped = value.contains(',') && value.chars().all(|c| c.is_ascii_digit() || c == ',');
    Some(if digits_grouped { value.replace(',', "") } else { value })
}

/// Every flag a page names in a code span, outside fenced blocks, with the default its text gives it.
fn named_flags(name: &str, text: &str) -> Vec<Named> {
    let own = commands_of(name);
    let mut named = Vec::new();
    let hurl_rows: BTreeSet<usize> = tables(text)
        .into_iter()
        .filter(|t| cells(t[0].1)[0].trim() == "hurl")
        .flat_map(|t| t.into_iter().map(|(n, _)| n))
        .collect();
    let default_columns: BTreeMap<usize, usize> = tables(text)
        .into_iter()
        .filter_map(|t| {
            let column = cells(t[0].1).iter().position(|c| c.trim() == "default")?;
            Some(t.into_iter().skip(1).map(move |(n, _)| (n, column)))
        })
        .flatten()
        .collect();
    for (n, line) in prose(text) {
        let spans = code_spans(line);
        for (k, &(_, end, span)) in spans.iter().enumerate() {
            let (commands, flags) = match command_of_span(span) {
                Some(command) => (
                    vec![command],
                    span.split_whitespace()
                        .filter(|w| w.starts_with('-'))
                        .flat_map(leading_flags)
                        .collect(),
                ),
                None => (own.clone(), leading_flags(span)),
            };
            if flags.is_empty() || (hurl_rows.contains(&n) && !line[..end].contains(" | ")) {
                continue;
            }
            // The text after the span, up to the next flag's span or the end of its cell.
            let next = spans[k + 1..]
                .iter()
                .find(|s| !leading_flags(s.2).is_empty())
                .map_or(line.len(), |s| s.0);
            let after = &line[end..next];
            let after = &after[..after.find(" | ").unwrap_or(after.len())];
            let default = match default_columns.get(&n) {
                Some(&column) if k == 0 => {
                    let cell = cells(line).get(column).cloned().unwrap_or_default();
                    code_spans(&cell).first().map(|s| s.2.to_string())
                }
                _ => default_after(after),
            };
            for flag in flags {
                if FOREIGN.contains(&(name, flag.as_str())) {
                    continue;
                }
                named.push(Named {
                    place: format!("{name}:{n}"),
                    flag,
                    commands: commands.clone(),
                    default: default.clone(),
                });
            }
        }
    }
    named
}

#[test]
fn every_flag_a_page_names_is_in_its_commands_help() {
    let mut wrong = Vec::new();
    let mut count = 0;
    for (name, text) in pages() {
        if name == "docs/yrcli-compat.md" {
            continue; // yrcli's flags, not yr's
        }
        for named in named_flags(&name, &text) {
            count += 1;
            if entry_of(&named.commands, &named.flag).is_none() {
                wrong.push(format!(
                    "{}: {} is not in the --help of yr {}",
                    named.place,
                    named.flag,
                    named.commands.join(", yr ")
                ));
            }
        }
    }
    assert!(count > 300, "only {count} flags found");
    assert!(wrong.is_empty(), "flags the help does not know:\n{}", wrong.join("\n"));
}

#[test]
fn every_default_a_page_gives_a_flag_is_its_help_s() {
    let mut wrong = Vec::new();
    let mut count = 0;
    for (name, text) in pages() {
        if name == "docs/yrcli-compat.md" {
            continue; // yrcli's flags, not yr's
        }
        for named in named_flags(&name, &text) {
            let (Some(default), Some((command, entry))) = (&named.default, entry_of(&named.commands, &named.flag))
            else {
                continue;
            };
            count += 1;
            let clap = entry.split("[default: ").nth(1).map(|d| {
                let d = &d[..d.find(']').unwrap_or(d.len())];
                d.split(", ").next().unwrap_or(d).to_string()
            });
            let agrees = match &clap {
                Some(clap) => clap == default,
                None => entry.contains(default.as_str()),
            };
            if !agrees {
                wrong.push(format!(
                    "{}: {} has default {default} in the page, but `yr {command} --help` says {}",
                    named.place,
                    named.flag,
                    clap.map_or_else(|| format!("no {default}: {entry}"), |c| format!("[default: {c}]"))
                ));
            }
        }
    }
    assert!(count > 15, "only {count} defaults found");
    assert!(wrong.is_empty(), "defaults that differ:\n{}", wrong.join("\n"));
}

/// COMMANDS is every command: `yr --help` and each command's list no other.
#[test]
fn the_flag_checks_know_every_command() {
    let top = run(yr().arg("--help")).stdout;
    for line in top
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
    {
        let command = line.split_whitespace().next().unwrap();
        if command == "help" || line.starts_with("   ") {
            continue;
        }
        assert!(
            COMMANDS.iter().any(|c| c.split(' ').next() == Some(command)),
            "yr {command} is not in COMMANDS"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Pages run as written.

/// A console block's command and the lines it prints.
struct Step {
    command: String,
    printed: Vec<String>,
}

/// Whether `line` is what `pattern` says, `…` standing for any text.
fn line_matches(pattern: &str, line: &str) -> bool {
    let parts: Vec<&str> = pattern.split('…').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return pattern == line;
    }
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Whether the lines are what the patterns say; a pattern that is only `…` stands for any number of lines.
fn lines_match(patterns: &[String], lines: &[&str]) -> bool {
    match patterns.split_first() {
        None => lines.is_empty(),
        Some((p, rest)) if p == "…" => (0..=lines.len()).any(|k| lines_match(rest, &lines[k..])),
        Some((p, rest)) => !lines.is_empty() && line_matches(p, lines[0]) && lines_match(rest, &lines[1..]),
    }
}

#[test]
fn patterns_match_as_the_pages_use_them() {
    assert!(line_matches("PASS  a › b  …", "PASS  a › b  1.2 ms"));
    assert!(line_matches("a … b … c", "a x b y c"));
    assert!(!line_matches("a … b", "a x c"));
    assert!(!line_matches("ab…ba", "aba"));
    let lines = ["x", "1", "2", "y"];
    assert!(lines_match(&["x".into(), "…".into(), "y".into()], &lines));
    assert!(!lines_match(&["x".into(), "y".into()], &lines));
}

/// A page's runnable parts in order: the files it shows (a block after `<!-- file: NAME -->`) and its console steps.
enum Part {
    File(String, String),
    Steps(Vec<Step>),
}

fn runnable(text: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for block in blocks(text) {
        if let Some(file) = block.marker.strip_prefix("file:") {
            parts.push(Part::File(file.trim().to_string(), block.body.join("\n") + "\n"));
        } else if block.lang == "console" {
            let mut steps: Vec<Step> = Vec::new();
            for line in block.body {
                match line.strip_prefix("$ ") {
                    Some(command) => steps.push(Step {
                        command: command.to_string(),
                        printed: Vec::new(),
                    }),
                    None => steps
                        .last_mut()
                        .expect("a console block starts with `$ `")
                        .printed
                        .push(line),
                }
            }
            parts.push(Part::Steps(steps));
        }
    }
    parts
}

/// `program` (a shell) in `dir` with yr first on PATH, a clean environment and `endpoint` as YR_ENDPOINT.
fn shell(program: &str, dir: &Path, endpoint: Option<&str>) -> Cmd {
    let bin = Path::new(env!("CARGO_BIN_EXE_yr")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let mut cmd = clean_command(program, &dir.join("home"));
    cmd.env("PATH", path)
        .current_dir(dir)
        .timeout(std::time::Duration::from_secs(600));
    if let Some(endpoint) = endpoint {
        cmd.env("YR_ENDPOINT", endpoint);
    }
    cmd
}

/// `yr serve ... &` as the page writes it, on a free port of 127.0.0.1 (the one change: the page's runs on the
/// default 127.0.0.1:8888, which another test may hold), until the page is done.
fn serve_in_background(dir: &Path, command: &str) -> Emulator {
    assert!(
        command.starts_with("yr serve"),
        "only `yr serve` may run in the background: {command}"
    );
    let line = format!("exec {} --listen 127.0.0.1:0", command.trim_end_matches('&').trim_end());
    let cmd = shell("sh", dir, None);
    let mut child = Command::new("sh")
        .args(["-c", &line])
        .env_clear()
        .envs(cmd.get_envs().filter_map(|(key, value)| value.map(|v| (key, v))))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yr serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{line}: {first:?}"))
        .to_string();
    let addr = url.trim_start_matches("http://").to_string();
    Emulator { url, addr, child }
}

/// Runs a page as a reader would, in a fresh folder: writes its files, runs each console command in order (one
/// `yr serve ... &` serving the rest), and compares what each prints, stdout and stderr together, with the page.
/// Returns the folder and the emulator, for checks after the page's last command.
fn run_page(page: &str) -> (TempDir, Option<Emulator>, usize) {
    let text = std::fs::read_to_string(root().join(page)).unwrap();
    let dir = TempDir::new();
    std::fs::create_dir_all(dir.path.join("home")).unwrap();
    let mut emulator: Option<Emulator> = None;
    let mut ran = 0;
    for part in runnable(&text) {
        let steps = match part {
            Part::File(name, body) => {
                dir.file(&name, body);
                continue;
            }
            Part::Steps(steps) => steps,
        };
        for step in steps {
            ran += 1;
            if step.command.ends_with('&') {
                assert!(
                    step.printed.is_empty(),
                    "{page}: `{}` prints nothing here",
                    step.command
                );
                emulator = Some(serve_in_background(&dir.path, &step.command));
                continue;
            }
            let endpoint = emulator.as_ref().map(|e| e.url.as_str());
            let out = run(shell("sh", &dir.path, endpoint).args(["-c", &format!("exec 2>&1\n{}", step.command)]));
            let printed: Vec<&str> = out.stdout.lines().collect();
            assert!(
                out.code == 0 && lines_match(&step.printed, &printed),
                "{page}: `{}` printed (exit {}):\n{}\nbut the page says:\n{}",
                step.command,
                out.code,
                out.stdout,
                step.printed.join("\n")
            );
        }
    }
    (dir, emulator, ran)
}

#[cfg(unix)]
#[test]
fn the_quick_start_runs_as_the_readme_says() {
    let (_dir, emulator, ran) = run_page("README.md");
    assert!(emulator.is_some() && ran >= 6, "the quick start ran {ran} commands");
}

#[cfg(unix)]
#[test]
fn the_tutorial_runs_from_nothing_to_its_ci_job() {
    let text = std::fs::read_to_string(root().join("docs/tutorial.md")).unwrap();
    // Every command in it is run: none sits in a block this test does not run.
    let blocks = blocks(&text);
    assert!(
        blocks.iter().all(|b| b.lang != "sh"),
        "docs/tutorial.md: a command outside a console block"
    );
    let (dir, emulator, ran) = run_page("docs/tutorial.md");
    assert!(ran >= 10, "the tutorial ran {ran} commands");
    let emulator = emulator.expect("the tutorial starts yr serve");

    // The workflow it ends with: each input it gives is the action's, and the action's own step (the one the GitLab
    // template runs too) passes with those inputs against the emulator.
    let workflow = std::fs::read_to_string(dir.path.join(".github/workflows/smoke.yml")).unwrap();
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let inputs: BTreeSet<&str> = action
        .lines()
        .skip_while(|l| *l != "inputs:")
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    let with: BTreeMap<&str, &str> = workflow
        .lines()
        .skip_while(|l| l.trim() != "with:")
        .skip(1)
        .take_while(|l| l.starts_with("          "))
        .filter_map(|l| l.trim().split_once(": "))
        .collect();
    assert!(workflow.contains("uses: openyuanrong/yr@v"), "{workflow}");
    for key in with.keys() {
        assert!(
            inputs.contains(key),
            "`{key}` is not an input of action.yml ({inputs:?})"
        );
    }
    let out = run(shell("bash", &dir.path, None)
        .env("YR_SUITES", with["suites"])
        .env("YR_JUNIT", with["junit"])
        .env("YR_ENDPOINT_INPUT", &emulator.url)
        .arg(root().join("scripts/ci-test.sh")));
    assert_eq!(out.code, 0, "{out:?}");
    let junit = std::fs::read_to_string(dir.path.join(with["junit"])).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), 3, "{junit}");
}
