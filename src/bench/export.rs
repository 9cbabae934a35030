//! --export FILE: one row per measured call, written as the run goes by a thread of its own. Workers hand rows
//! over in batches through a bounded channel, and the thread writes them through a buffer: memory stays flat
//! however many calls the run makes (a full channel holds the workers back rather than growing).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use anyhow::Result;

use crate::exit::usage;

/// Rows a worker thread gathers before handing them over.
pub const BATCH: usize = 512;
/// Batches the channel holds: at most BATCH × QUEUE rows wait to be written.
const QUEUE: usize = 64;
/// The CSV header, and the JSON Lines keys in the same order.
pub const COLUMNS: [&str; 7] = ["start_us", "latency_us", "status", "code", "trace_id", "stage", "bytes"];

/// One measured call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// When the call was due (or, without a schedule, sent), in µs from the measured run's start: its latency
    /// counts from here.
    pub start_us: u64,
    pub latency_us: u64,
    /// None when no answer came.
    pub status: Option<u16>,
    /// The inner code (X-Inner-Code or the body's `code`), when the answer had one.
    pub code: Option<i64>,
    /// The call's number, which its trace id is made of.
    pub seq: u64,
    pub stage: Option<u32>,
    /// Bytes of the answer's body received.
    pub bytes: u64,
}

/// How a file's rows are written, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// `.csv`, `.jsonl` or `.ndjson`; anything else is refused naming the flag.
    pub fn of(path: &Path) -> Result<Format> {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("jsonl" | "ndjson") => Ok(Format::JsonLines),
            _ => Err(usage(format!(
                "--export {}: the format goes by the extension: .csv, or .jsonl / .ndjson for JSON Lines",
                path.display()
            ))),
        }
    }
}

/// How each row's trace id is written: the run's own per call, or the one --trace-id gave every call.
#[derive(Debug, Clone)]
pub enum TraceIds {
    PerCall { run_id: String },
    Fixed(String),
    None,
}

impl TraceIds {
    fn of(&self, seq: u64) -> Option<String> {
        match self {
            TraceIds::PerCall { run_id } => Some(super::bodies::trace_id(run_id, seq)),
            TraceIds::Fixed(id) => Some(id.clone()),
            TraceIds::None => None,
        }
    }
}

/// The export file, created and checked before any call is sent.
pub struct ExportFile {
    path: PathBuf,
    format: Format,
    file: File,
}

impl ExportFile {
    pub fn create(path: &Path) -> Result<ExportFile> {
        let format = Format::of(path)?;
        let file = File::create(path).map_err(|e| {
            usage(format!(
                "--export {}: cannot create it: {}",
                path.display(),
                crate::wording::io_reason(&e)
            ))
        })?;
        Ok(ExportFile {
            path: path.to_path_buf(),
            format,
            file,
        })
    }

    /// `csv` or `jsonl`, as the report names the format.
    pub fn format_name(&self) -> &'static str {
        match self.format {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }

    /// Starts the writer thread: rows sent to the returned sender are written in the order they come.
    pub fn start(self, traces: TraceIds) -> (SyncSender<Vec<Row>>, Writer) {
        let (sender, receiver) = sync_channel(QUEUE);
        let path = self.path.clone();
        let handle = std::thread::spawn(move || write_rows(self, &traces, &receiver));
        (sender, Writer { path, handle })
    }
}

/// The running writer; `finish` waits for it once every sender is dropped.
pub struct Writer {
    path: PathBuf,
    handle: JoinHandle<std::io::Result<u64>>,
}

impl Writer {
    /// The rows written, or why writing stopped.
    pub fn finish(self) -> Result<u64> {
        let shown = self.path.display().to_string();
        match self.handle.join() {
            Ok(Ok(rows)) => Ok(rows),
            Ok(Err(e)) => Err(anyhow::anyhow!(
                "--export {shown}: writing failed: {}",
                crate::wording::io_reason(&e)
            )),
            Err(_) => Err(anyhow::anyhow!("--export {shown}: the writer stopped")),
        }
    }
}

fn write_rows(export: ExportFile, traces: &TraceIds, rows: &Receiver<Vec<Row>>) -> std::io::Result<u64> {
    let mut out = BufWriter::with_capacity(256 << 10, export.file);
    if export.format == Format::Csv {
        writeln!(out, "{}", COLUMNS.join(","))?;
    }
    let mut written = 0u64;
    let mut failed = None;
    // Keep receiving after a write error, so the workers are never held on a full channel.
    for batch in rows {
        if failed.is_some() {
            continue;
        }
        for row in &batch {
            if let Err(e) = write_row(&mut out, export.format, traces, row) {
                failed = Some(e);
                break;
            }
            written += 1;
        }
    }
    if let Some(e) = failed {
        return Err(e);
    }
    out.flush()?;
    Ok(written)
}

fn write_row(out: &mut impl Write, format: Format, traces: &TraceIds, row: &Row) -> std::io::Result<()> {
    let trace = traces.of(row.seq);
    match format {
        Format::Csv => {
            let field = |v: Option<String>| v.unwrap_or_default();
            writeln!(
                out,
                "{},{},{},{},{},{},{}",
                row.start_us,
                row.latency_us,
                field(row.status.map(|s| s.to_string())),
                field(row.code.map(|c| c.to_string())),
                field(trace.map(|t| csv_field(&t))),
                field(row.stage.map(|s| s.to_string())),
                row.bytes
            )
        }
        Format::JsonLines => {
            // Written by hand to keep the columns' order (serde_json's maps sort their keys).
            let null = || "null".to_string();
            writeln!(
                out,
                "{{\"start_us\":{},\"latency_us\":{},\"status\":{},\"code\":{},\"trace_id\":{},\"stage\":{},\"bytes\":{}}}",
                row.start_us,
                row.latency_us,
                row.status.map_or_else(null, |s| s.to_string()),
                row.code.map_or_else(null, |c| c.to_string()),
                trace.map_or_else(null, |t| serde_json::Value::from(t).to_string()),
                row.stage.map_or_else(null, |s| s.to_string()),
                row.bytes
            )
        }
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: u64, status: Option<u16>) -> Row {
        Row {
            start_us: 10 * seq,
            latency_us: 250,
            status,
            code: status.map(|_| 0),
            seq,
            stage: Some(1),
            bytes: 14,
        }
    }

    #[test]
    fn rows_as_csv_and_json_lines() {
        let traces = TraceIds::PerCall {
            run_id: "0000ab12".into(),
        };
        let mut csv = Vec::new();
        write_row(&mut csv, Format::Csv, &traces, &row(3, Some(200))).unwrap();
        write_row(&mut csv, Format::Csv, &traces, &row(4, None)).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "30,250,200,0,0000ab12-0000-0000-0000-000000000004,1,14\n40,250,,,0000ab12-0000-0000-0000-000000000005,1,14\n"
        );
        let mut lines = Vec::new();
        write_row(
            &mut lines,
            Format::JsonLines,
            &TraceIds::Fixed("t,1".into()),
            &row(4, None),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(lines).unwrap(),
            "{\"start_us\":40,\"latency_us\":250,\"status\":null,\"code\":null,\"trace_id\":\"t,1\",\"stage\":1,\"bytes\":14}\n"
        );
        assert_eq!(csv_field("t,1"), "\"t,1\"");
    }

    #[test]
    fn the_format_goes_by_the_extension() {
        assert_eq!(Format::of(Path::new("a.CSV")).unwrap(), Format::Csv);
        assert_eq!(Format::of(Path::new("a.ndjson")).unwrap(), Format::JsonLines);
        let error = Format::of(Path::new("calls.json")).unwrap_err().to_string();
        assert!(
            error.starts_with("--export calls.json: the format goes by the extension"),
            "{error}"
        );
    }
}
