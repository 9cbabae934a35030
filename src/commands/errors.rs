//! `yr errors`: the error table built into yr, one code or all of them, as text or JSON.

use std::fmt::Write as _;

use anyhow::Result;
use serde_json::json;

use crate::answer::color::Paint;
use crate::answer::output::Ui;
use crate::cli::{ClassFilter, ErrorsArgs};
use crate::error_table::{self, ErrorClass, ErrorCode, FUNCTION_CODE_BASE};
use crate::exit::{self, usage};

pub fn run(args: &ErrorsArgs, ui: &Ui) -> Result<u8> {
    super::config_warnings(ui)?;
    let text = match &args.code {
        Some(code) => named(code, args.json, ui)?,
        None => table(args.class, args.json, ui),
    };
    ui.print(text.as_bytes())?;
    Ok(exit::SUCCESS)
}

/// CODE as a number (one code: an object with --json) or a name of the table, which may stand for several codes
/// (each explained; an array with --json), as `--expect-code` and `expect.code` take it.
fn named(text: &str, as_json: bool, ui: &Ui) -> Result<String> {
    let codes = error_table::codes_named(text).map_err(|why| usage(format!("CODE {why}")))?;
    if text.trim().parse::<i64>().is_ok() {
        return one_code(codes[0], as_json, ui);
    }
    if as_json {
        let values: Vec<serde_json::Value> = codes.iter().filter_map(|code| code_json(*code)).collect();
        return Ok(crate::answer::envelope::json_text(
            &serde_json::Value::Array(values).to_string(),
            ui,
        ));
    }
    let texts: Result<Vec<String>> = codes.iter().map(|code| one_code(*code, false, ui)).collect();
    Ok(texts?.join("\n"))
}

fn one_code(code: i64, as_json: bool, ui: &Ui) -> Result<String> {
    let (row, function_code) = if code >= FUNCTION_CODE_BASE {
        (error_table::lookup(code - FUNCTION_CODE_BASE), true)
    } else {
        (error_table::lookup(code), false)
    };
    let Some(row) = row else {
        let class = if function_code {
            "function (500000 and above are the function's own codes)"
        } else {
            "by HTTP status"
        };
        return Err(usage(format!(
            "code {code} is not in yr's table; yr classes it {class}"
        )));
    };
    let class = if function_code { ErrorClass::Function } else { row.class };
    let name = error_table::describe(code).unwrap_or_else(|| row.name.clone());
    let exit_code = exit_code(row, class);
    if as_json {
        let value = code_json(code).unwrap_or_default();
        return Ok(crate::answer::envelope::json_text(&value.to_string(), ui));
    }
    let p = ui.stdout_palette;
    let mut out = format!("{} {}\n", p.paint(&code.to_string(), Paint::Key), name);
    let retry = if row.retry_safe {
        "yes: the function did not run"
    } else {
        "no"
    };
    let _ = writeln!(
        out,
        "  class: {} (exit code {exit_code}); HTTP {}; safe to retry: {retry}",
        class.name(),
        row.http
    );
    let _ = writeln!(out, "  {}", row.meaning);
    if function_code {
        let _ = writeln!(
            out,
            "  (the function's own code {} reported through the runtime)",
            code - FUNCTION_CODE_BASE
        );
    }
    Ok(out)
}

fn table(filter: Option<ClassFilter>, as_json: bool, ui: &Ui) -> String {
    let wanted = |e: &&ErrorCode| match filter {
        None => true,
        Some(f) => e.class.name() == format!("{f:?}").to_ascii_lowercase(),
    };
    let rows: Vec<&ErrorCode> = error_table::all().iter().filter(wanted).collect();
    if as_json {
        let values: Vec<serde_json::Value> = rows.iter().map(|e| entry_json(e)).collect();
        return crate::answer::envelope::json_text(&serde_json::Value::Array(values).to_string(), ui);
    }
    let p = ui.stdout_palette;
    let mut out = String::new();
    for e in rows {
        let retry = if e.retry_safe { "retry-safe" } else { "" };
        let code = format!("{:>6}", e.code);
        let _ = writeln!(
            out,
            "{}  {:<8}  {:<10}  {}: {}",
            p.paint(&code, Paint::Key),
            e.class.name(),
            retry,
            e.name,
            e.meaning
        );
    }
    out
}

/// One code's `--json` object: its row, with the name, class and exit code of the code itself (a function's own
/// code is class function).
fn code_json(code: i64) -> Option<serde_json::Value> {
    let function_code = code >= FUNCTION_CODE_BASE;
    let row = error_table::lookup(if function_code { code - FUNCTION_CODE_BASE } else { code })?;
    let class = if function_code { ErrorClass::Function } else { row.class };
    let mut value = entry_json(row);
    value["code"] = code.into();
    value["name"] = error_table::describe(code).unwrap_or_else(|| row.name.clone()).into();
    value["class"] = class.name().into();
    value["exit_code"] = exit_code(row, class).into();
    Some(value)
}

/// The exit code of a call answered with this row's code.
fn exit_code(row: &ErrorCode, class: ErrorClass) -> u8 {
    exit::for_answer(if class == ErrorClass::Ok { row.http } else { 500 }, class)
}

fn entry_json(e: &ErrorCode) -> serde_json::Value {
    json!({"code": e.code, "name": e.name, "http": e.http, "class": e.class.name(), "retry_safe": e.retry_safe, "meaning": e.meaning})
}
