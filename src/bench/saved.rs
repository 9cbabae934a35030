//! A bench run saved whole (`--save FILE`), and read back: its settings and schedule, counts, failures by kind with
//! their sample words (redacted as the report has them), every histogram (latencies, failed latencies, service
//! time, each stage's successful latencies, --stream's and --async's times) in HdrHistogram's own V2 encoding
//! (base64), and the report's figures
//! a tally cannot give (distinct bodies, what varied, the export). A saved run is rebuilt into the tally and setup the run had, so `Report::new` makes the very report
//! the run printed; `show`, `compare`, `merge` and `--baseline` all read it so.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use base64::Engine as _;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::{Deserializer, Serializer as _, V2Serializer};
use serde::{Deserialize, Serialize};

use super::engine::{FailureKind, Sample, Tally};
use super::figures::{ExportFigures, Gate, Report, Setup, VarietyFigures};
use super::modes::ModeTally;
use super::record::StageTally;
use super::shape::{Schedule, Stage};
use crate::exit::{Class, usage};

/// What the `format` field of every saved run says.
pub const FORMAT: &str = "yr-bench-run";
/// The format version this yr writes. A change that an older yr would misread raises it.
pub const VERSION: u32 = 2;
/// The versions this yr reads: version 1 is version 2 without the schedule, the stages, the service time and the
/// figures, and reads as the run it was (a run version 1 saved whole had none of them).
const READS: [u32; 2] = [1, 2];

/// One saved run, as the file holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedRun {
    pub format: String,
    pub version: u32,
    /// The yr that saved it (`yr --version`).
    pub yr: String,
    /// For a run made by `yr bench merge`: the files it added up, as given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    pub settings: Settings,
    pub tally: SavedTally,
    pub outcome: SavedOutcome,
    /// The report's figures that its tally cannot give (absent in version 1).
    #[serde(default)]
    pub figures: Option<SavedFigures>,
    /// The run's --json report, for reading (jq); show, compare and merge rebuild it from the fields above.
    pub report: serde_json::Value,
}

/// What the run was asked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub function: String,
    pub endpoint: String,
    pub requests: Option<u64>,
    pub duration_ns: Option<u64>,
    pub concurrency: u32,
    pub rate: Option<f64>,
    pub warmup: u64,
    pub max_error_rate: Option<f64>,
    pub max_p99_ns: Option<u64>,
    pub baseline: Option<String>,
    pub max_regression_pct: Option<f64>,
    /// When calls were due: --rate, --stage or --burst (null for a closed loop; absent in version 1).
    #[serde(default)]
    pub schedule: Option<SavedSchedule>,
    /// --stream or --async (absent for a plain call, and in a file saved before the modes were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SavedMode>,
}

/// How each call of the run was made, when not as a plain `yr invoke`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedMode {
    Stream,
    Async,
}

impl SavedMode {
    /// The flag that made the run, as a user gave it.
    pub fn flag(self) -> &'static str {
        match self {
            SavedMode::Stream => "--stream",
            SavedMode::Async => "--async",
        }
    }
}

/// A schedule as the file holds it: what was given, from which the schedule is made again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SavedSchedule {
    /// --rate, in calls/s.
    Rate { rate: f64 },
    /// Each --stage: its length and the rate it ramps to (from the stage before's, the first from 0).
    Stages { stages: Vec<SavedStage> },
    /// --burst and --burst-every.
    Bursts { size: u64, every_ns: u64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedStage {
    pub duration_ns: u64,
    pub target: f64,
}

/// One stage's counts and its successful calls' latencies (µs, V2 base64).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedStageTally {
    pub successes: u64,
    pub failures: u64,
    pub ok_latencies_us: String,
}

/// The report's figures that its tally cannot give.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SavedFigures {
    pub distinct_bodies: u64,
    pub variety: Option<VarietyFigures>,
    pub export: Option<SavedExport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedExport {
    pub path: String,
    pub format: String,
    pub rows: Option<u64>,
}

/// The export formats yr writes, as --json names them.
const EXPORT_FORMATS: [&str; 2] = ["csv", "jsonl"];

/// What the run measured, exactly.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedTally {
    pub successes: u64,
    pub failures: Vec<SavedFailure>,
    pub elapsed_ns: u64,
    /// The very first call's latency (of the warm-up when there was one), as the report shows it.
    pub first_call_ns: Option<u64>,
    pub started: u64,
    pub scheduled: Option<u64>,
    /// yr's CPU time spent on the measured calls.
    pub cpu_ns: Option<u64>,
    pub interrupted: bool,
    /// Every call's latency in µs (successes and failures), and the failed calls' share of them: HdrHistogram V2
    /// encoding, base64 (standard alphabet, padded).
    pub latencies_us: String,
    pub failed_latencies_us: String,
    /// With a schedule: each call's service time (from its send), µs (null without; absent in version 1).
    #[serde(default)]
    pub service_us: Option<String>,
    /// With --stage: each stage's tally, in order.
    #[serde(default)]
    pub stages: Vec<SavedStageTally>,
    /// With --stream or --async: what the mode measured (absent for a plain call, and in a file saved before the
    /// modes were kept: such a run shows without its stream and async figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modes: Option<SavedModeTally>,
}

/// engine's ModeTally as the file holds it: the histograms in µs (V2 base64, null when nothing was recorded) and
/// the counts. Stream runs fill the first six fields, async runs the last three; the others stay null and 0.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SavedModeTally {
    /// Of the successful streams: from each call's start to the function's first frame, and to `[DONE]`.
    pub first_frame_us: Option<String>,
    pub last_frame_us: Option<String>,
    /// Successful streams, their frames in all, and the fewest and most of one.
    pub streams: u64,
    pub frames: u64,
    pub frames_min: u64,
    pub frames_max: u64,
    /// From each accepted call's start to its 202, and (of the successful ones) to its finished result.
    pub accepted_us: Option<String>,
    pub finished_us: Option<String>,
    /// Polls of the result route made, in all.
    pub polls: u64,
}

impl SavedModeTally {
    fn of(tally: &ModeTally) -> SavedModeTally {
        SavedModeTally {
            first_frame_us: tally.first_frame.as_ref().map(encode),
            last_frame_us: tally.last_frame.as_ref().map(encode),
            streams: tally.streams,
            frames: tally.frames,
            frames_min: tally.frames_min,
            frames_max: tally.frames_max,
            accepted_us: tally.accepted.as_ref().map(encode),
            finished_us: tally.finished.as_ref().map(encode),
            polls: tally.polls,
        }
    }

    fn tally(&self, what: &str) -> Result<ModeTally> {
        let histogram = |text: &Option<String>, field: &str| {
            text.as_deref()
                .map(|text| decode(text, what, &format!("modes.{field}")))
                .transpose()
        };
        Ok(ModeTally {
            first_frame: histogram(&self.first_frame_us, "first_frame_us")?,
            last_frame: histogram(&self.last_frame_us, "last_frame_us")?,
            streams: self.streams,
            frames: self.frames,
            frames_min: self.frames_min,
            frames_max: self.frames_max,
            accepted: histogram(&self.accepted_us, "accepted_us")?,
            finished: histogram(&self.finished_us, "finished_us")?,
            polls: self.polls,
        })
    }
}

/// One kind of failure: what it was, how many, and the first one's words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedFailure {
    #[serde(flatten)]
    pub kind: SavedKind,
    pub count: u64,
    pub sample: Option<String>,
}

/// engine::FailureKind as the file spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SavedKind {
    Code { code: i64, status: u16 },
    Status { status: u16 },
    NoAnswer { class: String },
    TooLarge { status: u16 },
}

/// How the run ended: its gates as judged, its class and error line.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SavedOutcome {
    pub gates: Vec<SavedGate>,
    pub class: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedGate {
    pub name: String,
    pub limit: f64,
    pub actual: Option<f64>,
    pub passed: bool,
    pub note: Option<String>,
}

/// The gates yr judges: a saved gate's name is one of these, or (from a later yr) kept as read.
const GATE_NAMES: [&str; 4] = [
    "max-error-rate",
    "max-p99-ms",
    "max-regression-p99",
    "max-regression-throughput",
];

impl SavedRun {
    /// The run as it ended: its tally, the setup its report was made with, the settings asked for and its report
    /// (gates, class and message judged). Samples and the error line are redacted here.
    pub fn of(tally: &Tally, setup: &Setup, settings: Settings, report: &Report) -> SavedRun {
        let redact = |text: &str| crate::secrets::redact(text).into_owned();
        let failures = report
            .failures_by_code
            .iter()
            .map(|row| SavedFailure {
                kind: SavedKind::of(&row.kind),
                count: row.count,
                sample: row.sample.as_deref().map(redact),
            })
            .collect();
        let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        // A plain run has no mode tallies to keep; a stream or async run keeps its own, even when empty.
        let modes = settings.mode.map(|_| SavedModeTally::of(&tally.modes));
        SavedRun {
            format: FORMAT.into(),
            version: VERSION,
            yr: env!("YR_BUILD_VERSION").into(),
            merged_from: Vec::new(),
            settings: Settings {
                function: redact(&settings.function),
                endpoint: redact(&settings.endpoint),
                ..settings
            },
            tally: SavedTally {
                successes: tally.successes,
                failures,
                elapsed_ns: nanos(tally.elapsed),
                first_call_ns: setup.first_call.map(nanos),
                started: tally.started,
                scheduled: tally.scheduled,
                cpu_ns: setup.cpu.map(nanos),
                interrupted: setup.interrupted,
                latencies_us: encode(&tally.latencies),
                failed_latencies_us: encode(&tally.failed_latencies),
                service_us: tally.service.as_ref().map(encode),
                stages: tally
                    .stages
                    .iter()
                    .map(|stage| SavedStageTally {
                        successes: stage.successes,
                        failures: stage.failures,
                        ok_latencies_us: encode(&stage.ok_latencies),
                    })
                    .collect(),
                modes,
            },
            outcome: SavedOutcome {
                gates: report
                    .gates
                    .iter()
                    .map(|g| SavedGate {
                        name: g.name.to_string(),
                        limit: g.limit,
                        actual: g.actual,
                        passed: g.passed,
                        note: g.note.clone(),
                    })
                    .collect(),
                class: report.class.map(|c| c.name().to_string()),
                message: report.message.as_deref().map(redact),
            },
            figures: Some(SavedFigures {
                distinct_bodies: report.distinct_bodies,
                variety: report.variety.clone(),
                export: report.export.as_ref().map(|e| SavedExport {
                    path: e.path.clone(),
                    format: e.format.to_string(),
                    rows: e.rows,
                }),
            }),
            report: serde_json::from_str(&redact(&report.to_json())).unwrap_or_default(),
        }
    }

    /// The tally the run had (the failures' samples as words only); `what` names the file in an error.
    pub fn tally(&self, what: &str) -> Result<Tally> {
        let mut tally = Tally::new();
        tally.latencies = decode(&self.tally.latencies_us, what, "latencies_us")?;
        tally.failed_latencies = decode(&self.tally.failed_latencies_us, what, "failed_latencies_us")?;
        tally.successes = self.tally.successes;
        for failure in &self.tally.failures {
            let kind = failure.kind.kind(what)?;
            *tally.failures.entry(kind.clone()).or_default() += failure.count;
            if let Some(message) = &failure.sample {
                tally.samples.entry(kind).or_insert_with(|| Sample::NoAnswer {
                    message: message.clone(),
                    hint: None,
                });
            }
        }
        tally.elapsed = Duration::from_nanos(self.tally.elapsed_ns);
        tally.started = self.tally.started;
        tally.scheduled = self.tally.scheduled;
        tally.service = match &self.tally.service_us {
            Some(text) => Some(decode(text, what, "service_us")?),
            None => None,
        };
        for (index, stage) in self.tally.stages.iter().enumerate() {
            tally.stages.push(StageTally {
                successes: stage.successes,
                failures: stage.failures,
                ok_latencies: decode(
                    &stage.ok_latencies_us,
                    what,
                    &format!("stages[{index}].ok_latencies_us"),
                )?,
            });
        }
        if let Some(modes) = &self.tally.modes {
            tally.modes = modes.tally(what)?;
        }
        Ok(tally)
    }

    /// The schedule the run had, made again from what was given.
    pub fn schedule(&self) -> Option<Schedule> {
        self.settings.schedule.as_ref().map(SavedSchedule::schedule)
    }

    /// The report the run printed: made from its tally and setup as the run made it, with its gates, class and
    /// error line as judged then.
    pub fn report(&self, what: &str) -> Result<Report> {
        let tally = self.tally(what)?;
        let schedule = self.schedule();
        let setup = Setup {
            function: &self.settings.function,
            endpoint: &self.settings.endpoint,
            concurrency: self.settings.concurrency,
            rate: self.settings.rate,
            warmup: self.settings.warmup,
            first_call: self.tally.first_call_ns.map(Duration::from_nanos),
            cpu: self.tally.cpu_ns.map(Duration::from_nanos),
            interrupted: self.tally.interrupted,
            schedule: schedule.as_ref(),
        };
        let mut report = Report::new(&tally, &setup);
        if let Some(figures) = &self.figures {
            report.distinct_bodies = figures.distinct_bodies;
            report.variety = figures.variety.clone();
            report.export = figures.export.as_ref().map(|e| e.figures(what)).transpose()?;
        }
        report.gates = self.outcome.gates.iter().map(SavedGate::gate).collect();
        report.class = match &self.outcome.class {
            Some(name) => Some(
                class_named(name)
                    .ok_or_else(|| usage(format!("{what}: outcome.class `{name}` is not a class yr knows")))?,
            ),
            None => None,
        };
        report.message = self.outcome.message.clone();
        Ok(report)
    }

    /// The file's text: the JSON object and a newline.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

impl SavedSchedule {
    pub fn of(schedule: &Schedule) -> SavedSchedule {
        match schedule {
            Schedule::Rate(rate) => SavedSchedule::Rate { rate: *rate },
            Schedule::Stages(segments) => SavedSchedule::Stages {
                stages: segments
                    .iter()
                    .map(|segment| SavedStage {
                        // A stage's length came from whole nanoseconds, which an f64 of seconds holds exactly.
                        duration_ns: (segment.length * 1e9).round() as u64,
                        target: segment.to,
                    })
                    .collect(),
            },
            Schedule::Bursts { size, every } => SavedSchedule::Bursts {
                size: *size,
                every_ns: u64::try_from(every.as_nanos()).unwrap_or(u64::MAX),
            },
        }
    }

    pub fn schedule(&self) -> Schedule {
        match self {
            SavedSchedule::Rate { rate } => Schedule::Rate(*rate),
            SavedSchedule::Stages { stages } => Schedule::stages(
                &stages
                    .iter()
                    .map(|stage| Stage {
                        duration: Duration::from_nanos(stage.duration_ns),
                        target: stage.target,
                    })
                    .collect::<Vec<_>>(),
            ),
            SavedSchedule::Bursts { size, every_ns } => Schedule::Bursts {
                size: *size,
                every: Duration::from_nanos(*every_ns),
            },
        }
    }
}

impl SavedExport {
    fn figures(&self, what: &str) -> Result<ExportFigures> {
        let format = EXPORT_FORMATS
            .into_iter()
            .find(|known| *known == self.format)
            .ok_or_else(|| {
                usage(format!(
                    "{what}: figures.export.format `{}` is not one yr writes ({})",
                    self.format,
                    EXPORT_FORMATS.join(", ")
                ))
            })?;
        Ok(ExportFigures {
            path: self.path.clone(),
            format,
            rows: self.rows,
        })
    }
}

impl SavedKind {
    pub fn of(kind: &FailureKind) -> SavedKind {
        match kind {
            FailureKind::Code { code, status } => SavedKind::Code {
                code: *code,
                status: *status,
            },
            FailureKind::Status(status) => SavedKind::Status { status: *status },
            FailureKind::NoAnswer(class) => SavedKind::NoAnswer {
                class: class.name().into(),
            },
            FailureKind::TooLarge(status) => SavedKind::TooLarge { status: *status },
        }
    }

    fn kind(&self, what: &str) -> Result<FailureKind> {
        Ok(match self {
            SavedKind::Code { code, status } => FailureKind::Code {
                code: *code,
                status: *status,
            },
            SavedKind::Status { status } => FailureKind::Status(*status),
            SavedKind::NoAnswer { class } => FailureKind::NoAnswer(
                class_named(class)
                    .ok_or_else(|| usage(format!("{what}: a failure of class `{class}` is not one yr knows")))?,
            ),
            SavedKind::TooLarge { status } => FailureKind::TooLarge(*status),
        })
    }
}

impl SavedGate {
    fn gate(&self) -> Gate {
        let name = match GATE_NAMES.iter().find(|known| **known == self.name) {
            Some(known) => *known,
            // A gate of a later yr: shown by its name, as it was judged.
            None => Box::leak(self.name.clone().into_boxed_str()),
        };
        Gate {
            name,
            limit: self.limit,
            actual: self.actual,
            passed: self.passed,
            note: self.note.clone(),
        }
    }
}

/// The class `--json` names `name`.
pub fn class_named(name: &str) -> Option<Class> {
    [
        Class::Ok,
        Class::Request,
        Class::Platform,
        Class::Function,
        Class::Unreachable,
        Class::Timeout,
        Class::Usage,
        Class::Pending,
        Class::Interrupted,
        Class::Unexpected,
    ]
    .into_iter()
    .find(|class| class.name() == name)
}

/// A histogram in HdrHistogram's V2 encoding (lossless, uncompressed), base64.
pub fn encode(histogram: &Histogram<u64>) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and a histogram of u64 counts always encodes.
    let _ = V2Serializer::new().serialize(histogram, &mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode(text: &str, what: &str, field: &str) -> Result<Histogram<u64>> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| usage(format!("{what}: tally.{field} is not base64: {e}")))?;
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .map_err(|e| usage(format!("{what}: tally.{field} is not an HdrHistogram (V2): {e:?}")))
}

/// Reads the saved run at `path`; `flag` names where it was given (`--baseline`, `OLD`, `FILE`) in every error,
/// which is a usage error: the file cannot be read, is not JSON (with its line and column), is not a saved run,
/// or is of a format version this yr does not read.
pub fn read(path: &Path, flag: &str) -> Result<SavedRun> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "{flag} {shown}: cannot read it: {}",
            crate::client::http::io_words(&e)
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        usage(format!(
            "{flag} {shown}:{}:{}: not a saved run (not JSON: {})",
            e.line(),
            e.column(),
            json_words(&e)
        ))
    })?;
    if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
        return Err(usage(format!(
            "{flag} {shown}: not a run saved by `yr bench --save` (it has no \"format\": \"{FORMAT}\")"
        )));
    }
    let version = value.get("version").and_then(serde_json::Value::as_u64);
    if !version.is_some_and(|v| READS.iter().any(|r| u64::from(*r) == v)) {
        let by = value
            .get("yr")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("an unknown yr");
        let version = version.map_or("no version".to_string(), |v| format!("format version {v}"));
        return Err(usage(format!(
            "{flag} {shown}: saved in {version} by yr {by}; this yr ({}) reads format versions {} only: \
             save the run again with this yr",
            env!("YR_BUILD_VERSION"),
            READS.map(|r| r.to_string()).join(" and ")
        )));
    }
    let run: SavedRun = serde_json::from_str(&text).map_err(|e| {
        usage(format!(
            "{flag} {shown}:{}:{}: not a saved run: {}",
            e.line(),
            e.column(),
            json_words(&e)
        ))
    })?;
    let what = format!("{flag} {shown}");
    // Every histogram and failure reads: the error names the file now, not in the middle of a report.
    run.report(&what)?;
    Ok(run)
}

/// serde_json's words without its own ` at line L column C` (the message puts them after the file name).
fn json_words(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The file --save writes, opened before the run so that a path that cannot be written is refused before any
/// call; written when the run ends.
pub struct SaveTo {
    path: PathBuf,
    file: std::fs::File,
}

impl SaveTo {
    /// Opens `path` for writing without emptying it yet; `flag` names it in an error.
    pub fn open(path: &Path, flag: &str) -> Result<SaveTo> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| {
                usage(format!(
                    "{flag} {}: cannot write it: {}",
                    path.display(),
                    crate::client::http::io_words(&e)
                ))
            })?;
        Ok(SaveTo {
            path: path.to_path_buf(),
            file,
        })
    }

    /// --save's file, when it is given.
    pub fn open_for(path: Option<&Path>) -> Result<Option<SaveTo>> {
        path.map(|path| SaveTo::open(path, "--save")).transpose()
    }

    /// Replaces the file's content with `run`.
    pub fn write(mut self, run: &SavedRun) -> Result<()> {
        use std::io::Write;
        let text = run.to_text();
        self.file
            .set_len(0)
            .and_then(|()| self.file.write_all(text.as_bytes()))
            .and_then(|()| self.file.flush())
            .map_err(|e| {
                anyhow::anyhow!(
                    "cannot write {}: {}",
                    self.path.display(),
                    crate::client::http::io_words(&e)
                )
            })
    }
}

/// `yr bench show FILE`: the saved run's report, as the run printed it (or its --json report); 0 once printed.
pub fn show(path: &Path, json: bool, ui: &crate::answer::output::Ui) -> Result<u8> {
    let run = read(path, "FILE")?;
    let report = run.report(&format!("FILE {}", path.display()))?;
    let text = if json {
        report.to_json()
    } else {
        report.to_text(&ui.stdout_palette)
    };
    ui.print_own(&text)?;
    Ok(crate::exit::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schedule_saved_is_made_again_exactly() {
        let stage = |text: &str| Stage::parse(text).unwrap();
        for schedule in [
            Schedule::Rate(33.3),
            Schedule::Rate(1e-3),
            Schedule::stages(&[stage("300ms:20"), stage("1.5s:7.7"), stage("1h:0")]),
            Schedule::stages(&[stage("1ms:0.1")]),
            Schedule::Bursts {
                size: 5,
                every: Duration::from_nanos(123_456_789),
            },
        ] {
            let saved = SavedSchedule::of(&schedule);
            let text = serde_json::to_string(&saved).unwrap();
            let read: SavedSchedule = serde_json::from_str(&text).unwrap();
            assert_eq!(read.schedule(), schedule, "{text}");
        }
    }

    #[test]
    fn a_mode_tally_saved_is_read_back_exactly() {
        let mut tally = ModeTally::default();
        let from = std::time::Instant::now();
        let at = |ms: u64| Some(from + Duration::from_millis(ms));
        let stream = |first: u64, last: u64, frames: u64| super::super::modes::Marks {
            first_frame: at(first),
            last_frame: at(last),
            frames,
            ..Default::default()
        };
        tally.count(true, &stream(5, 40, 3), from, Duration::from_millis(40));
        tally.count(true, &stream(7, 90, 1), from, Duration::from_millis(90));
        let saved = SavedModeTally::of(&tally);
        let text = serde_json::to_string(&saved).unwrap();
        let read: SavedModeTally = serde_json::from_str(&text).unwrap();
        let back = read.tally("FILE f").unwrap();
        assert_eq!(back.last_frame, tally.last_frame, "{text}");
        assert_eq!(back.first_frame, tally.first_frame, "{text}");
        assert_eq!(
            (back.streams, back.frames, back.frames_min, back.frames_max),
            (2, 4, 1, 3)
        );
        assert!(back.accepted.is_none() && back.finished.is_none(), "{text}");

        let broken = SavedModeTally {
            last_frame_us: Some("not base64!".into()),
            ..saved
        };
        let error = broken.tally("FILE f").unwrap_err().to_string();
        assert!(
            error.starts_with("FILE f: tally.modes.last_frame_us is not base64"),
            "{error}"
        );
    }
}
