//! The source's layers, checked: each room of src/ (a file or a folder) imports only rooms of lower layers, so a
//! layer reads down only and no two rooms import each other. The layers are docs/architecture.md's "The layers":
//!
//! 0. leaves: urn, values, exit, error_table, secrets, wording, interrupt, pem, input, jsonpath, trace, civil (a
//!    leaf may use another leaf)
//! 1. client/: endpoint, settings (config, profiles), TLS, the HTTP client, the request and body, SSE
//! 2. answer/: the verdict, the one printer, colour and JSON formatting, how an answer is presented
//! 3. call/: one call as `yr invoke` makes it: retries, the async wait, the curl line
//! 4. bench/, serve/, suite/: each stands on the layers below, never on another of them
//! 5. cli.rs: clap's types (of yr's own, only the leaves' value parsers)
//! 6. commands/: the edge where clap's types end; lib.rs and main.rs sit on top
//!
//! A reference is any `crate::ROOM` path outside comments and outside a file's `#[cfg(test)] mod tests`.

use std::path::{Path, PathBuf};

const LAYERS: &[(&str, u8)] = &[
    ("urn", 0),
    ("values", 0),
    ("exit", 0),
    ("error_table", 0),
    ("secrets", 0),
    ("wording", 0),
    ("interrupt", 0),
    ("pem", 0),
    ("input", 0),
    ("jsonpath", 0),
    ("civil", 0),
    ("trace", 0),
    ("client", 1),
    ("answer", 2),
    ("call", 3),
    ("bench", 4),
    ("serve", 4),
    ("suite", 4),
    ("cli", 5),
    ("commands", 6),
];

fn layer_of(room: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == room).map(|(_, layer)| *layer)
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The `crate::NAME` rooms a file refers to, its comments and unit tests left out; a group, `crate::{a, b::c}`
/// (on one line or several), refers to each room it names.
fn references(text: &str) -> Vec<String> {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let code = code
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => names.extend(group_names(group)),
            None => names.extend(leading_name(rest)),
        }
    }
    names
}

/// The room name `text` starts with, if it starts with one.
fn leading_name(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The first name of each item of a `crate::{...}` group, `group` being the text after its `{`: `client` and
/// `answer` in `client::http::{self, Answer}, answer}`.
fn group_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    let mut item_begins = true;
    for (i, c) in group.char_indices() {
        match c {
            '}' if depth == 0 => break,
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => item_begins = true,
            c if item_begins && !c.is_whitespace() => {
                item_begins = false;
                names.extend(leading_name(&group[i..]));
            }
            _ => {}
        }
    }
    names
}

#[test]
fn every_room_reads_down_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut rooms = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let room = name.trim_end_matches(".rs").to_string();
        if room != "main" && room != "lib" {
            rooms.push(room);
        }
    }
    rooms.sort();
    let mut problems = Vec::new();
    for room in &rooms {
        let Some(layer) = layer_of(room) else {
            problems.push(format!(
                "src/{room}: a room the layers do not place (add it to LAYERS and docs/architecture.md)"
            ));
            continue;
        };
        let mut files = Vec::new();
        let folder = src.join(room);
        let path = if folder.is_dir() {
            folder
        } else {
            src.join(format!("{room}.rs"))
        };
        rust_files(&path, &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for name in references(&text) {
                let Some(other) = layer_of(&name) else { continue };
                let leaf_to_leaf = layer == 0 && other == 0;
                if name != *room && other >= layer && !leaf_to_leaf {
                    problems.push(format!(
                        "{}: {room} (layer {layer}) uses crate::{name} (layer {other})",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "imports against the layers:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_a_reference() {
    let text = "use crate::client::http;\n// crate::commands in a comment\nfn f() { crate::exit::usage(\"x\"); }\n\
                #[cfg(test)]\nmod tests {\n    use crate::cli::Cli;\n}\n";
    assert_eq!(references(text), ["client", "exit"]);
    let grouped = "use crate::{client::http::{self, Answer}, answer};\nuse crate::{\n    exit::usage, // crate::cli\n    \
                   wording,\n};\nuse crate::{self as yr, values};\n";
    assert_eq!(
        references(grouped),
        ["client", "answer", "exit", "wording", "self", "values"]
    );
}
