//! The rooms' sizes, checked, so that issue 20's rules hold after it: no file of src/ over 800 lines but cli.rs
//! (whose length is its help text), no function over 100 lines outside the unit tests, and no inner code of the
//! frontend written as a number outside the one table that names them (src/error_table.rs).

use std::path::{Path, PathBuf};

const FILE_LIMIT: usize = 800;
const FUNCTION_LIMIT: usize = 100;

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The files of production code: a sibling file of unit tests (`#[cfg(test)] #[path = "http_tests.rs"] mod
/// tests;`) is all test code.
fn production_sources() -> Vec<(String, String)> {
    sources()
        .into_iter()
        .filter(|(name, _)| !name.ends_with("_tests.rs"))
        .collect()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines of `text` outside its `#[cfg(test)] mod …` blocks (each ends at the `}` at its own indent).
fn production_lines(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let next_is_mod = lines.get(i + 1).is_some_and(|l| {
            let t = l.trim_start();
            t.starts_with("mod ") || t.starts_with("pub mod ") || t.starts_with("#[path")
        });
        if lines[i].trim() == "#[cfg(test)]" && next_is_mod {
            let mut j = i + 1;
            // `#[path = "…"] mod tests;` or `mod tests;` has no block.
            while j < lines.len() && !lines[j].trim_end().ends_with('{') && !lines[j].trim_end().ends_with(';') {
                j += 1;
            }
            if j < lines.len() && lines[j].trim_end().ends_with('{') {
                let at = indent(lines[j]);
                j += 1;
                while j < lines.len() && !(indent(lines[j]) == at && lines[j].trim_start().starts_with('}')) {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        out.push((i + 1, lines[i]));
        i += 1;
    }
    out
}

/// Functions longer than `limit` lines: (line, name, length), from the `fn` line to the `}` at its indent.
fn long_functions(lines: &[(usize, &str)], limit: usize) -> Vec<(usize, String, usize)> {
    let mut out = Vec::new();
    for (k, (number, line)) in lines.iter().enumerate() {
        let t = line.trim_start();
        let Some(after) = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "async fn ",
            "pub async fn ",
            "const fn ",
        ]
        .iter()
        .find_map(|p| t.strip_prefix(p)) else {
            continue;
        };
        let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The body opens on the signature's last line; a declaration (`;`) or one-line body has no block.
        let Some(open) = lines[k..].iter().position(|(_, l)| {
            let l = l.trim_end();
            l.ends_with('{') || l.ends_with(';') || l.ends_with('}')
        }) else {
            continue;
        };
        if !lines[k + open].1.trim_end().ends_with('{') {
            continue;
        }
        let at = indent(line);
        let end = lines[k + open + 1..]
            .iter()
            .position(|(_, l)| indent(l) == at && l.trim_start().starts_with('}'))
            .map_or(lines.len(), |p| k + open + 1 + p);
        let length = end - k + 1;
        if length > limit {
            out.push((*number, name, length));
        }
    }
    out
}

#[test]
fn no_source_file_is_over_800_lines_but_cli_rs() {
    let over: Vec<String> = sources()
        .iter()
        .filter(|(name, _)| !name.ends_with("src/cli.rs"))
        .filter(|(_, text)| text.lines().count() > FILE_LIMIT)
        .map(|(name, text)| format!("{name}: {} lines", text.lines().count()))
        .collect();
    assert!(over.is_empty(), "files over {FILE_LIMIT} lines:\n{}", over.join("\n"));
}

#[test]
fn no_function_is_over_100_lines() {
    let mut over = Vec::new();
    for (name, text) in production_sources() {
        for (line, function, length) in long_functions(&production_lines(&text), FUNCTION_LIMIT) {
            over.push(format!("{name}:{line} {function}: {length} lines"));
        }
    }
    assert!(
        over.is_empty(),
        "functions over {FUNCTION_LIMIT} lines:\n{}",
        over.join("\n")
    );
}

/// The frontend's inner codes of four digits or more (4037, 150424, 200600, …), as data/error-codes.tsv lists them.
fn inner_codes() -> Vec<String> {
    let table = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/error-codes.tsv")).unwrap();
    table
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|code| code.len() >= 4 && code.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// The numbers written in a line of code (comments and string literals left out), with `_` separators removed.
fn numbers_in(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut in_string = false;
    let mut current = String::new();
    let mut previous = ' ';
    for c in code.chars() {
        if c == '"' && previous != '\\' {
            in_string = !in_string;
        }
        if !in_string && (c.is_ascii_digit() || (c == '_' && !current.is_empty())) {
            if current.is_empty() && (previous.is_alphanumeric() || previous == '_') {
                // part of a name (`u64`, `x2`), not a number
            } else {
                current.push(c);
            }
        } else if !current.is_empty() {
            out.push(current.replace('_', ""));
            current.clear();
        }
        if current.is_empty() && !(c.is_ascii_digit()) {
            previous = c;
        } else if !current.is_empty() {
            previous = '0';
        }
    }
    if !current.is_empty() {
        out.push(current.replace('_', ""));
    }
    out
}

#[test]
fn no_inner_code_is_written_as_a_number_outside_the_table() {
    let codes = inner_codes();
    assert!(codes.iter().any(|c| c == "150424"), "the TSV has the codes");
    let mut found = Vec::new();
    for (name, text) in production_sources() {
        if name.ends_with("src/error_table.rs") {
            continue;
        }
        for (line, code) in production_lines(&text) {
            for number in numbers_in(code) {
                if number.len() >= 4 && codes.contains(&number) {
                    found.push(format!("{name}:{line}: {number}: {}", code.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "inner codes written as numbers (use error_table::code's names):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    let text = "fn short() {\n    one();\n}\n#[cfg(test)]\nmod tests {\n    fn long() {\n        x();\n    }\n}\n";
    let lines = production_lines(text);
    assert_eq!(lines.len(), 3, "the test module is left out");
    let long = format!("fn long() {{\n{}}}\n", "    x();\n".repeat(120));
    assert_eq!(long_functions(&production_lines(&long), 100)[0].2, 122);
    assert_eq!(numbers_in("let c = 150_424; // 200600"), vec!["150424"]);
    assert!(
        numbers_in("let s = \"150424\"; let t: u64 = 3;")
            .iter()
            .all(|n| n == "3")
    );
}

/// An error's words are for people: no production line decides by them (`err.to_string().contains("…")`).
#[test]
fn no_decision_is_taken_by_message_text() {
    let patterns = [
        ".to_string().contains(",
        ".to_string().to_ascii_lowercase().contains(",
        ".to_string().starts_with(",
        ".to_string().ends_with(",
        ".message.contains(",
    ];
    let mut found = Vec::new();
    for (name, text) in production_sources() {
        for (line, code) in production_lines(&text) {
            let code = code.split("//").next().unwrap_or_default();
            if patterns.iter().any(|p| code.contains(p)) {
                found.push(format!("{name}:{line}: {}", code.trim()));
            }
        }
    }
    assert!(found.is_empty(), "decisions by message text:\n{}", found.join("\n"));
}
